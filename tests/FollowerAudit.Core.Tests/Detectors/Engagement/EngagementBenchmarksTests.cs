using FollowerAudit.Core.Detectors.Engagement;

namespace FollowerAudit.Core.Tests.Detectors.Engagement;

public sealed class EngagementBenchmarksTests
{
    [TestCase(-5L, "nano")]
    [TestCase(0L, "nano")]
    [TestCase(999_999L, "macro")]
    [TestCase(1_000_000L, "mega")]
    [TestCase(long.MaxValue, "mega")]
    public void For_AnyFollowerCount_FindsABand(long followers, string tier)
    {
        Assert.That(EngagementBenchmarks.For(followers).Tier, Is.EqualTo(tier));
    }
}
