using FollowerAudit.Core.Detectors.FollowerBurst;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Detectors.FollowerBurst;

public sealed class FollowerBurstDetectorTests
{
    private static readonly DateTime Origin = GraphBuilder.Utc(2024, 1, 1);

    // Account 1 gains `perDay` followers a day for `days` days (spread over the day), plus `burst` extra on `burstDay`.
    private static GraphBuilder Daily(int days, int perDay, int burstDay = -1, int burst = 0)
    {
        var builder = new GraphBuilder().Account(1);
        var next = 100L;
        for (var d = 0; d < days; d++)
        {
            var count = perDay + (d % 7 == 5 ? 2 : 0) + (d == burstDay ? burst : 0);
            for (var i = 0; i < count; i++)
            {
                builder.Account(next).Follow(next, 1, Origin.AddDays(d).AddMinutes(i % 1440));
                next++;
            }
        }

        return builder;
    }

    // As Daily, with creation dates: ordinary followers were created at random over the previous eight years; the
    // burst's extra arrivals likewise, or, with `batchCreated`, all within one day two years before.
    private static GraphBuilder DailyWithCreation(int days, int perDay, int burstDay, int burst, bool batchCreated, bool viralPost, int seed = 1)
    {
        var random = new Random(seed);
        var builder = new GraphBuilder().Account(1);
        var next = 100L;
        for (var d = 0; d < days; d++)
        {
            var ordinary = perDay + (d % 7 == 5 ? 2 : 0);
            var count = ordinary + (d == burstDay ? burst : 0);
            for (var i = 0; i < count; i++)
            {
                var created = i >= ordinary && batchCreated
                    ? Origin.AddDays(-730).AddMinutes(random.Next(24 * 60))
                    : Origin.AddDays(-random.Next(1, 8 * 365)).AddMinutes(random.Next(24 * 60));
                builder.Account(next, ("CreatedAt", created)).Follow(next, 1, Origin.AddDays(d).AddMinutes(i % 1440));
                next++;
            }

            builder.Post(1000 + d, 1, Origin.AddDays(d).AddHours(12), likes: viralPost && d == burstDay ? 20_000 : 100);
        }

        return builder;
    }

    private static DetectorResult Run(AuditDataset dataset, FollowerBurstOptions? options = null)
    {
        var slice = AccountSlice.Create(dataset, accountRow: 0);
        var context = new AuditContext(slice, AuditOptions.Default);
        return new FollowerBurstDetector(options ?? FollowerBurstOptions.Default).Run(context, CancellationToken.None);
    }

    [Test]
    public void Run_SilentBurst_ReportsBurstWithArrivals()
    {
        var dataset = Daily(days: 40, perDay: 10, burstDay: 30, burst: 300).Build();

        var result = Run(dataset);

        Assert.That(result.Outcome, Is.EqualTo(DetectorOutcome.Ran));
        Assert.That(result.Findings, Has.Count.EqualTo(1));
        var finding = result.Findings[0];
        Assert.That(finding.Start, Is.EqualTo(Origin.AddDays(30)));
        Assert.That(finding.End, Is.EqualTo(Origin.AddDays(31)));
        Assert.That(finding.FollowerIds, Has.Count.EqualTo(310));
        Assert.That(finding.Metrics["observed"], Is.EqualTo(310));
        Assert.That(finding.Metrics["excess"], Is.EqualTo(300).Within(5));
        Assert.That(finding.MarksFollowersAsFake, Is.False);
        Assert.That(finding.Strength, Is.GreaterThan(0.9));
    }

    [Test]
    public void Run_SteadyGrowthWithWeeklyRhythm_FindsNothing()
    {
        var dataset = Daily(days: 60, perDay: 20).Build();

        var result = Run(dataset);

        Assert.That(result.Outcome, Is.EqualTo(DetectorOutcome.Ran));
        Assert.That(result.Findings, Is.Empty);
    }

    [Test]
    public void Run_BurstWithProportionalEngagement_ReportsViralDayWithLowerStrength()
    {
        var builder = Daily(days: 40, perDay: 10, burstDay: 30, burst: 300);
        for (var d = 0; d < 40; d++)
        {
            builder.Post(1000 + d, 1, Origin.AddDays(d).AddHours(12), likes: d == 30 ? 20_000 : 100);
        }

        var silent = Run(Daily(days: 40, perDay: 10, burstDay: 30, burst: 300).Build()).Findings.Single();
        var viral = Run(builder.Build()).Findings.Single();

        Assert.That(viral.Kind, Is.EqualTo("viral-burst"));
        Assert.That(viral.Explanation, Does.Contain("viral day with engagement"));
        Assert.That(viral.Strength, Is.LessThan(silent.Strength * 0.5));
    }

    [Test]
    public void Run_BurstWithFlatEngagement_SaysSilentBurst()
    {
        var builder = Daily(days: 40, perDay: 10, burstDay: 30, burst: 300);
        for (var d = 0; d < 40; d++)
        {
            builder.Post(1000 + d, 1, Origin.AddDays(d).AddHours(12), likes: 100);
        }

        var finding = Run(builder.Build()).Findings.Single();

        Assert.That(finding.Kind, Is.EqualTo("follower-burst"));
        Assert.That(finding.Explanation, Does.Contain("silent burst"));
    }

    [Test]
    public void Run_ViralBurstWithOrdinaryArrivals_IsContextNotEvidence()
    {
        var dataset = DailyWithCreation(days: 40, perDay: 10, burstDay: 30, burst: 300, batchCreated: false, viralPost: true).Build();

        var result = Run(dataset);

        Assert.That(result.Findings, Is.Empty);
        var organic = result.Context.Single();
        Assert.That(organic.Kind, Is.EqualTo("organic-burst"));
        Assert.That(organic.Strength, Is.Zero);
        Assert.That(organic.MarksFollowersAsFake, Is.False);
        Assert.That(organic.FollowerIds, Has.Count.EqualTo(310));
        Assert.That(organic.Metrics["creation_batch_share"], Is.LessThan(FollowerBurstOptions.DefaultMaxOrganicBatchShare));
        Assert.That(organic.Explanation, Does.Contain("not counted as evidence"));
        Assert.That(result.Metrics["organic_bursts"], Is.EqualTo(1));
    }

    [Test]
    public void Run_ViralBurstWhoseArrivalsWereCreatedTogether_StaysEvidence()
    {
        var dataset = DailyWithCreation(days: 40, perDay: 10, burstDay: 30, burst: 300, batchCreated: true, viralPost: true).Build();

        var result = Run(dataset);

        Assert.That(result.Context, Is.Empty);
        var finding = result.Findings.Single();
        Assert.That(finding.Kind, Is.EqualTo("follower-burst"));
        Assert.That(finding.Strength, Is.GreaterThan(0.9));
        Assert.That(finding.Metrics["creation_batch_share"], Is.GreaterThan(0.8));
        Assert.That(finding.Explanation, Does.Contain("do not look like the account's other followers"));
    }

    [Test]
    public void Run_SilentBurstWithOrdinaryArrivals_StaysEvidence()
    {
        var dataset = DailyWithCreation(days: 40, perDay: 10, burstDay: 30, burst: 300, batchCreated: false, viralPost: false).Build();

        var result = Run(dataset);

        Assert.That(result.Context, Is.Empty);
        Assert.That(result.Findings.Single().Kind, Is.EqualTo("follower-burst"));
        Assert.That(result.Findings.Single().Explanation, Does.Contain("silent burst"));
    }

    [Test]
    public void Run_SnapshotsOnly_FindsBurstWithoutIds()
    {
        var builder = new GraphBuilder().Account(1);
        var followers = 1000L;
        for (var d = 0; d < 40; d++)
        {
            followers += d == 25 ? 500 : 10;
            builder.Snapshot(1, Origin.AddDays(d), followers);
        }

        var result = Run(builder.Build());

        Assert.That(result.Findings, Has.Count.EqualTo(1));
        Assert.That(result.Findings[0].Start, Is.EqualTo(Origin.AddDays(25)));
        Assert.That(result.Findings[0].FollowerIds, Is.Empty);
    }

    [Test]
    public void Run_NoFollowTimesNoSnapshots_IsNotApplicable()
    {
        var dataset = new GraphBuilder().Account(1).Account(2).Account(3).Follow(2, 1).Follow(3, 1).Build();

        var result = Run(dataset);

        Assert.That(result.Outcome, Is.EqualTo(DetectorOutcome.NotApplicable));
    }

    [Test]
    public void Options_Default_AreValid()
    {
        Assert.That(FollowerBurstOptions.Default.Validate(), Is.Empty);
        Assert.That(new FollowerBurstOptions { ZThreshold = -1 }.Validate(), Is.Not.Empty);
    }

    [Test]
    public void UseFollowerBursts_Build_RegistersDetector()
    {
        var pipeline = new AuditPipelineBuilder().UseFollowerBursts().UseFollowerBursts().Build();

        Assert.That(pipeline.Detectors.Select(d => d.Name), Is.EqualTo(new[] { "follower-burst" }));
    }
}
