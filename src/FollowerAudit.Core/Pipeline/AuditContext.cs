namespace FollowerAudit.Core.Pipeline;

/// <summary>Everything a feature extractor, scorer or detector may read for one audited account.</summary>
public sealed class AuditContext
{
    /// <summary>Creates a context for a slice.</summary>
    /// <param name="slice">The audited account's slice.</param>
    /// <param name="options">The run's options.</param>
    public AuditContext(AccountSlice slice, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(options);
        Slice = slice;
        Options = options;
        Features = new FeatureTable(slice.Count);
    }

    /// <summary>The audited account's slice (after feature extraction, without the profile text only extractors read).</summary>
    public AccountSlice Slice { get; internal set; }

    /// <summary>The run's options (seed, thresholds).</summary>
    public AuditOptions Options { get; }

    /// <summary>Per-follower features, filled by the extractors before any scorer runs.</summary>
    public FeatureTable Features { get; }

    /// <summary>The combined per-follower fake score, set after the scorers ran and before the detectors run.</summary>
    public FollowerScores? FollowerScores { get; internal set; }

    /// <summary>Cancels the audit: long scorers check it while they run, so Ctrl-C does not wait for a minute-long scorer.</summary>
    public CancellationToken Cancellation { get; internal set; }

    /// <summary>The outputs of the scorers that have run so far, in pipeline order (every scorer's once they all ran).</summary>
    public IReadOnlyList<FollowerScores> ScorerOutputs { get; internal set; } = [];
}
