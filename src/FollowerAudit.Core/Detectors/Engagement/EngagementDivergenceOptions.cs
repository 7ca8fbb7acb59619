namespace FollowerAudit.Core.Detectors.Engagement;

/// <summary>Options of <see cref="EngagementDivergenceDetector"/>.</summary>
public sealed record EngagementDivergenceOptions
{
    /// <summary>Default of <see cref="MinPosts"/>.</summary>
    public const int DefaultMinPosts = 5;

    /// <summary>Default of <see cref="RecentPosts"/>.</summary>
    public const int DefaultRecentPosts = 30;

    /// <summary>Default of <see cref="MonthlyGrowthThreshold"/>.</summary>
    public const double DefaultMonthlyGrowthThreshold = 0.2;

    /// <summary>Default of <see cref="SuspiciousEngagementShare"/>.</summary>
    public const double DefaultSuspiciousEngagementShare = 0.2;

    /// <summary>The defaults.</summary>
    public static EngagementDivergenceOptions Default { get; } = new();

    /// <summary>Fewest dated posts needed to say anything about engagement.</summary>
    public int MinPosts { get; init; } = DefaultMinPosts;

    /// <summary>How many of the latest posts the current engagement rate is the median of.</summary>
    public int RecentPosts { get; init; } = DefaultRecentPosts;

    /// <summary>
    /// Month-on-month follower growth (0.2 = +20%) from which a month is examined, and by how much follower growth must
    /// exceed the growth of interactions per post for the month to be reported.
    /// </summary>
    public double MonthlyGrowthThreshold { get; init; } = DefaultMonthlyGrowthThreshold;

    /// <summary>Share of known engagements from flagged followers above which they are reported.</summary>
    public double SuspiciousEngagementShare { get; init; } = DefaultSuspiciousEngagementShare;

    /// <summary>Checks the values.</summary>
    /// <returns>One message per problem.</returns>
    public IEnumerable<string> Validate()
    {
        if (MinPosts < 1)
        {
            yield return $"engagement-divergence: MinPosts must be at least 1 (got {MinPosts})";
        }

        if (RecentPosts < MinPosts)
        {
            yield return $"engagement-divergence: RecentPosts must be at least MinPosts (got {RecentPosts})";
        }

        if (MonthlyGrowthThreshold <= 0 || SuspiciousEngagementShare is <= 0 or > 1)
        {
            yield return "engagement-divergence: thresholds must be positive shares";
        }
    }
}
