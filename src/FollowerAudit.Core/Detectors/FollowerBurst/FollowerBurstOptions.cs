namespace FollowerAudit.Core.Detectors.FollowerBurst;

/// <summary>Options of the <c>follower-burst</c> detector. Immutable; see <see cref="Default"/>.</summary>
public sealed record FollowerBurstOptions
{
    /// <summary>Default of <see cref="TrailingWindowDays"/>.</summary>
    public const int DefaultTrailingWindowDays = 28;

    /// <summary>Default of <see cref="MinHistoryDays"/>.</summary>
    public const int DefaultMinHistoryDays = 14;

    /// <summary>Default of <see cref="ZThreshold"/>.</summary>
    public const double DefaultZThreshold = 5.0;

    /// <summary>Default of <see cref="MinExcess"/>.</summary>
    public const double DefaultMinExcess = 50;

    /// <summary>Default of <see cref="EngagementLagDays"/>.</summary>
    public const int DefaultEngagementLagDays = 1;

    /// <summary>Default of <see cref="EngagementLeadDays"/>.</summary>
    public const int DefaultEngagementLeadDays = 2;

    /// <summary>Default of <see cref="CreationClusterDays"/>.</summary>
    public const int DefaultCreationClusterDays = 7;

    /// <summary>Default of <see cref="MaxOrganicBatchShare"/>.</summary>
    public const double DefaultMaxOrganicBatchShare = 0.1;

    /// <summary>Default of <see cref="EngagementProportion"/>.</summary>
    public const double DefaultEngagementProportion = 0.5;

    /// <summary>Default of <see cref="ViralStrengthFactor"/>.</summary>
    public const double DefaultViralStrengthFactor = 0.3;

    /// <summary>The defaults.</summary>
    public static FollowerBurstOptions Default { get; } = new();

    /// <summary>
    /// Days before a day whose new-follower counts form its baseline (rolling median and MAD); default
    /// <see cref="DefaultTrailingWindowDays"/>. Long enough to hold several weeks, short enough to follow a trend.
    /// </summary>
    public int TrailingWindowDays { get; init; } = DefaultTrailingWindowDays;

    /// <summary>Days of history needed before a day can be judged; default <see cref="DefaultMinHistoryDays"/>.</summary>
    public int MinHistoryDays { get; init; } = DefaultMinHistoryDays;

    /// <summary>Robust z-score (deviation from the rolling median in MAD units) at or above which a day is flagged; default <see cref="DefaultZThreshold"/>.</summary>
    public double ZThreshold { get; init; } = DefaultZThreshold;

    /// <summary>Minimum excess followers (observed minus expected) over a whole burst to report it; default <see cref="DefaultMinExcess"/>.</summary>
    public double MinExcess { get; init; } = DefaultMinExcess;

    /// <summary>Days after a burst whose post interactions still count as the burst's engagement; default <see cref="DefaultEngagementLagDays"/>.</summary>
    public int EngagementLagDays { get; init; } = DefaultEngagementLagDays;

    /// <summary>
    /// Days before a burst whose post interactions count as its engagement (the post that went viral precedes the
    /// follows it draws); default <see cref="DefaultEngagementLeadDays"/>.
    /// </summary>
    public int EngagementLeadDays { get; init; } = DefaultEngagementLeadDays;

    /// <summary>
    /// Width in days of the creation-date window used to test a burst's arrivals for a batch (accounts registered
    /// together); default <see cref="DefaultCreationClusterDays"/>, about the width of a vendor's registration run.
    /// </summary>
    public int CreationClusterDays { get; init; } = DefaultCreationClusterDays;

    /// <summary>
    /// Largest share of a burst's arrivals, in (0, 1], that may be unusual for a burst with engagement to be judged
    /// organic: the excess share created within one <see cref="CreationClusterDays"/> window over the neighbouring
    /// followers' share there, and (when a follower scorer ran) the excess share flagged by it. Default
    /// <see cref="DefaultMaxOrganicBatchShare"/>.
    /// </summary>
    public double MaxOrganicBatchShare { get; init; } = DefaultMaxOrganicBatchShare;

    /// <summary>
    /// A burst counts as a "viral day with engagement" when interactions rose by at least the rise in followers to this
    /// power (both as ratios to their baselines: log engagement ratio ≥ this × log follower ratio), in (0, ∞); default
    /// <see cref="DefaultEngagementProportion"/>, i.e. at least the square root of the follower rise.
    /// </summary>
    public double EngagementProportion { get; init; } = DefaultEngagementProportion;

    /// <summary>
    /// Multiplier of the strength of a burst with engagement whose arrivals could not be checked (no creation dates,
    /// no scores), in [0, 1]; default <see cref="DefaultViralStrengthFactor"/>.
    /// </summary>
    public double ViralStrengthFactor { get; init; } = DefaultViralStrengthFactor;

    /// <summary>Checks the values.</summary>
    /// <returns>One message per problem; empty when valid.</returns>
    public IEnumerable<string> Validate()
    {
        if (TrailingWindowDays < 7)
        {
            yield return $"follower-burst: trailing window must be at least 7 days (got {TrailingWindowDays})";
        }

        if (MinHistoryDays < 3 || MinHistoryDays > TrailingWindowDays)
        {
            yield return $"follower-burst: min history must be in [3, trailing window] days (got {MinHistoryDays})";
        }

        if (!(ZThreshold > 0))
        {
            yield return $"follower-burst: z threshold must be positive (got {ZThreshold})";
        }

        if (!(MinExcess >= 0))
        {
            yield return $"follower-burst: min excess must be non-negative (got {MinExcess})";
        }

        if (EngagementLagDays < 0)
        {
            yield return $"follower-burst: engagement lag must be non-negative (got {EngagementLagDays})";
        }

        if (EngagementLeadDays < 0)
        {
            yield return $"follower-burst: engagement lead must be non-negative (got {EngagementLeadDays})";
        }

        if (CreationClusterDays < 1)
        {
            yield return $"follower-burst: creation cluster must be at least 1 day (got {CreationClusterDays})";
        }

        if (!(MaxOrganicBatchShare is > 0 and <= 1))
        {
            yield return $"follower-burst: max organic batch share must be in (0, 1] (got {MaxOrganicBatchShare})";
        }

        if (!(EngagementProportion > 0))
        {
            yield return $"follower-burst: engagement proportion must be positive (got {EngagementProportion})";
        }

        if (!(ViralStrengthFactor is >= 0 and <= 1))
        {
            yield return $"follower-burst: viral strength factor must be in [0, 1] (got {ViralStrengthFactor})";
        }
    }
}
