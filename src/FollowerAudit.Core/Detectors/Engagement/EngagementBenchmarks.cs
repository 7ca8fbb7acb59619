namespace FollowerAudit.Core.Detectors.Engagement;

/// <summary>A typical engagement-rate band for accounts of a follower tier.</summary>
/// <param name="Tier">Tier name (nano, micro, mid, macro, mega).</param>
/// <param name="MinFollowers">Smallest follower count of the tier (inclusive).</param>
/// <param name="MaxFollowers">Largest follower count of the tier (exclusive).</param>
/// <param name="Low">Low end of the typical engagement rate per post (interactions / followers), e.g. 0.03 = 3%.</param>
/// <param name="High">High end of the typical rate.</param>
public sealed record EngagementBand(string Tier, long MinFollowers, long MaxFollowers, double Low, double High);

/// <summary>
/// Published per-tier engagement-rate bands for Instagram (likes + comments per post / followers), used as the
/// outside yardstick for an account's rate. Source and caveats: docs/engagement-benchmarks.md.
/// </summary>
public static class EngagementBenchmarks
{
    /// <summary>The bands, smallest tier first; they cover every follower count.</summary>
    public static IReadOnlyList<EngagementBand> Instagram { get; } =
    [
        new("nano", 0, 1_000, 0.04, 0.09),
        new("micro", 1_000, 10_000, 0.03, 0.07),
        new("mid", 10_000, 100_000, 0.015, 0.05),
        new("macro", 100_000, 1_000_000, 0.008, 0.025),
        new("mega", 1_000_000, long.MaxValue, 0.003, 0.012),
    ];

    /// <summary>The band of a follower count.</summary>
    /// <param name="followers">Followers (negative counts are treated as 0; counts beyond the last band's end, up to
    /// <see cref="long.MaxValue"/>, fall in the last band).</param>
    /// <returns>The band.</returns>
    public static EngagementBand For(long followers)
    {
        var count = Math.Max(0, followers);

        // The last band's exclusive end is long.MaxValue, which a count from the data can equal.
        return Instagram.FirstOrDefault(b => count >= b.MinFollowers && count < b.MaxFollowers) ?? Instagram[^1];
    }
}
