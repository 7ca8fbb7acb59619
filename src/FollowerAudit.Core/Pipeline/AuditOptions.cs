namespace FollowerAudit.Core.Pipeline;

/// <summary>Options of one audit run, shared by all stages.</summary>
public sealed record AuditOptions
{
    /// <summary>The defaults.</summary>
    public static AuditOptions Default { get; } = new();

    /// <summary>Seed of every random choice (sampling, forests), so the same input and seed give the same report.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>When set, audit a uniform random sample of this many followers per account.</summary>
    public int? SampleSize { get; init; }

    /// <summary>
    /// The follower scorer whose score is the combined follower score; <see langword="null"/> = the last scorer added
    /// (extensions add stronger scorers later).
    /// </summary>
    public string? PrimaryScorer { get; init; }

    /// <summary>Days without a post after which a follower counts as inactive.</summary>
    public int InactiveAfterDays { get; init; } = DefaultInactiveAfterDays;

    /// <summary>Following count above which a follower counts as a mass-follower.</summary>
    public long MassFollowerThreshold { get; init; } = DefaultMassFollowerThreshold;

    /// <summary>Default of <see cref="InactiveAfterDays"/>.</summary>
    public const int DefaultInactiveAfterDays = 180;

    /// <summary>
    /// Labelled random samples of followers, by audited account id (<c>audit --labels</c>); an account with one is
    /// estimated by prediction-powered inference instead of from the scores alone.
    /// </summary>
    public IReadOnlyDictionary<long, Estimation.FollowerLabels> Labels { get; init; } = new Dictionary<long, Estimation.FollowerLabels>();

    /// <summary>Default of <see cref="MassFollowerThreshold"/>.</summary>
    public const long DefaultMassFollowerThreshold = 2000;

    /// <summary>Checks the values.</summary>
    /// <returns>One message per problem; empty when valid.</returns>
    public IEnumerable<string> Validate()
    {
        if (SampleSize is <= 0)
        {
            yield return $"sample size must be positive (got {SampleSize})";
        }

        if (InactiveAfterDays <= 0)
        {
            yield return $"inactive-after days must be positive (got {InactiveAfterDays})";
        }

        if (MassFollowerThreshold <= 0)
        {
            yield return $"mass-follower threshold must be positive (got {MassFollowerThreshold})";
        }
    }
}
