using FollowerAudit.Core.Detectors.Engagement;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting;

/// <summary>
/// An account's engagement rate per follower and per <em>estimated genuine</em> follower, with the tier's benchmark
/// band: the one place the report, its JSON and the engagement-rate chart get these numbers from.
/// </summary>
/// <param name="Rate">Median interactions per post divided by the followers at the time (the detector's <c>median_engagement_rate</c>).</param>
/// <param name="Followers">The followers the estimate is scaled to.</param>
/// <param name="PerGenuine">The same interactions divided by the estimated genuine followers; null when none are left.</param>
/// <param name="PerGenuineLower">Lower end, from the upper end of the genuine-follower interval.</param>
/// <param name="PerGenuineUpper">Upper end, from the lower end of the genuine-follower interval.</param>
/// <param name="Band">The benchmark band of the follower tier.</param>
internal sealed record EngagementSummary(double Rate, long Followers, double? PerGenuine, double? PerGenuineLower, double? PerGenuineUpper, EngagementBand Band)
{
    /// <summary>Whether the rate per follower is below the tier's band.</summary>
    public bool BelowBand => Rate < Band.Low;

    /// <summary>The summary, or why there is none (the engagement detector did not run, failed or had too few posts).</summary>
    public static (EngagementSummary? Summary, string? Missing) Of(AccountAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return Of(audit.DetectorResults.FirstOrDefault(r => r.Detector == EngagementDivergenceDetector.DetectorName), audit.Estimate);
    }

    /// <summary>As <see cref="Of(AccountAudit)"/>, for an account known by its summary.</summary>
    public static (EngagementSummary? Summary, string? Missing) Of(AccountSummary account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Of(account.Engagement, account.Estimate);
    }

    private static (EngagementSummary? Summary, string? Missing) Of(DetectorResult? result, Core.Estimation.InflationEstimate e)
    {
        var missing = result?.Outcome switch
        {
            null => "the engagement detector did not run",
            DetectorOutcome.Failed => "the engagement detector failed",
            DetectorOutcome.NotApplicable => "too few dated posts to measure engagement",
            _ => null,
        };
        var rate = double.NaN;
        if (missing is null && !(result!.Metrics.TryGetValue(EngagementDivergenceDetector.MedianRateMetric, out rate) && double.IsFinite(rate) && rate >= 0))
        {
            missing = "no engagement rate was measured";
        }

        if (missing is null && e.FollowersTotal <= 0)
        {
            missing = "no followers";
        }

        if (missing is not null)
        {
            return (null, missing);
        }

        // The interactions stay the same; only the followers they are divided by shrink to the genuine ones.
        double? Per(long genuine) => genuine > 0 ? rate * e.FollowersTotal / genuine : null;
        var summary = new EngagementSummary(rate, e.FollowersTotal, Per(e.EstimatedGenuine), Per(e.EstimatedGenuineUpper), Per(e.EstimatedGenuineLower), EngagementBenchmarks.For(e.FollowersTotal));
        return (summary, null);
    }
}
