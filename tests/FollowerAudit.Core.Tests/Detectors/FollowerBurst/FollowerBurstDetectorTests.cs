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
