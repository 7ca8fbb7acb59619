using FollowerAudit.Core.Detectors.Engagement;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Detectors.Engagement;

public sealed class EngagementDivergenceDetectorTests
{
    private const long Influencer = 1;

    [Test]
    public void Run_OrganicGrowthWithProportionalEngagement_FindsNothing()
    {
        var dataset = World(boughtInApril: 0, likesPerFollower: 0.05);

        var result = Run(dataset);

        Assert.That(result.Outcome, Is.EqualTo(DetectorOutcome.Ran));
        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Metrics["median_engagement_rate"], Is.EqualTo(0.05).Within(0.01));
    }

    [Test]
    public void Run_PurchasedMonthWithFlatEngagement_ReportsGrowthWithoutEngagementAndTheCreationCohort()
    {
        var dataset = World(boughtInApril: 600, likesPerFollower: 0.05);

        var result = Run(dataset);

        var finding = result.Findings.Single(f => f.Kind == "growth-without-engagement");
        Assert.That(finding.Start, Is.EqualTo(GraphBuilder.Utc(2024, 4, 1)));
        Assert.That(finding.Metrics["follower_growth"], Is.GreaterThan(0.2));
        Assert.That(finding.Metrics["densest_two_week_creation_share"], Is.EqualTo(600.0 / finding.Metrics["arrivals"]).Within(0.01), "the 600 bought of the month's arrivals");
        Assert.That(finding.Explanation, Does.Contain("April 2024").And.Contain("created within two weeks"));
    }

    [Test]
    public void Run_LowRateForTier_ReportsLowEngagementRate()
    {
        var dataset = World(boughtInApril: 0, likesPerFollower: 0.002);

        var result = Run(dataset);

        Assert.That(result.Findings.Select(f => f.Kind), Does.Contain("low-engagement-rate"));
    }

    [Test]
    public void Run_TooFewPosts_IsNotApplicable()
    {
        var dataset = new GraphBuilder().Account(Influencer).Account(2).Follow(2, Influencer, GraphBuilder.Utc(2024, 1, 1))
            .Post(10, Influencer, GraphBuilder.Utc(2024, 1, 2), likes: 3).Build();

        var result = Run(dataset);

        Assert.That(result.Outcome, Is.EqualTo(DetectorOutcome.NotApplicable));
    }

    [Test]
    public void Run_LikesFromFlaggedFollowers_ReportsTheirShareAndWhoTheyAre()
    {
        // 26 likes by 25 flagged (bought) followers, one of them twice, and 14 by unflagged ones count; likes by an account
        // that does not follow, and of a post by someone else, do not.
        const long Stranger = 9_999_999;
        var dataset = World(boughtInApril: 600, likesPerFollower: 0.05, builder =>
        {
            builder.Account(Stranger).Post(77, Stranger, GraphBuilder.Utc(2024, 2, 1), likes: 1).Like(77, 100_001);
            for (var i = 0; i < 25; i++)
            {
                builder.Like(10_000 + (2 * i), 100_000 + i);
            }

            builder.Like(10_002, 100_000);
            for (var i = 0; i < 14; i++)
            {
                builder.Like(10_000 + (2 * i), 100 + i);
            }

            builder.Like(10_000, Stranger);
        });

        var result = Run(dataset, id => id >= 100_000 && id < 9_000_000 ? 0.9 : 0.1);

        var finding = result.Findings.Single(f => f.Kind == "suspicious-engagement");
        Assert.Multiple(() =>
        {
            Assert.That(finding.Metrics["engagements"], Is.EqualTo(40));
            Assert.That(finding.Metrics["share"], Is.EqualTo(26 / 40.0));
            Assert.That(finding.FollowerIds, Is.EqualTo(Enumerable.Range(100_000, 25).Select(i => (long)i)));
        });
    }

    private static DetectorResult Run(AuditDataset dataset, Func<long, double>? score = null)
    {
        var slice = AccountSlice.Create(dataset, 0);
        var context = new AuditContext(slice, AuditOptions.Default);
        if (score is not null)
        {
            context.FollowerScores = new FollowerScores("test", [.. slice.Followers.AccountId.Select(score)], 0.5, null);
        }

        return new EngagementDivergenceDetector(EngagementDivergenceOptions.Default).Run(context, CancellationToken.None);
    }

    // 2,000 organic followers arriving evenly over Jan–Jun 2024 (created over many years), posts every other day
    // whose likes follow the organic follower count; optionally a batch bought in April, created in one fortnight of 2014.
    private static AuditDataset World(int boughtInApril, double likesPerFollower, Action<GraphBuilder>? more = null)
    {
        var builder = new GraphBuilder().Account(Influencer, ("CreatedAt", GraphBuilder.Utc(2015, 1, 1)));
        var start = GraphBuilder.Utc(2024, 1, 1);
        const int Organic = 2000;
        for (var i = 0; i < Organic; i++)
        {
            var id = 100 + i;
            builder.Account(id, ("CreatedAt", GraphBuilder.Utc(2008 + (i % 15), 1 + (i % 12), 1 + (i % 27))));
            builder.Follow(id, Influencer, start.AddHours(i * 2.17));
        }

        for (var i = 0; i < boughtInApril; i++)
        {
            var id = 100_000 + i;
            builder.Account(id, ("CreatedAt", GraphBuilder.Utc(2014, 5, 2).AddHours(i % 300)));
            builder.Follow(id, Influencer, GraphBuilder.Utc(2024, 4, 10).AddMinutes(i));
        }

        for (var day = 0; day < 180; day += 2)
        {
            var at = start.AddDays(day);
            var organicSoFar = Math.Max(1, (at - start).TotalHours / 2.17);
            builder.Post(10_000 + day, Influencer, at.AddHours(12), (long)Math.Round(Math.Min(Organic, organicSoFar) * likesPerFollower));
        }

        more?.Invoke(builder);
        return builder.Build();
    }
}
