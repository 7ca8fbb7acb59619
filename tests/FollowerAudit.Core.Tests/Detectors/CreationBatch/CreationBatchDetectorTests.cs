using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Detectors.CreationBatch;

public sealed partial class CreationBatchDetectorTests
{
    private static readonly DateTime FirstFollow = GraphBuilder.Utc(2022, 1, 1);
    private static readonly DateTime PlatformStart = GraphBuilder.Utc(2008, 1, 1);

    // Organic creation date of a follower who follows at `followedAt`: a quarter are brand-new sign-ups (the diagonal),
    // a tenth come from a platform launch wave in 2012, the rest are spread over the platform's life.
    private static DateTime OrganicCreation(Random random, DateTime followedAt)
    {
        var u = random.NextDouble();
        if (u < 0.25)
        {
            return followedAt.AddDays(-5 * random.NextDouble());
        }

        if (u < 0.35)
        {
            return GraphBuilder.Utc(2012, 3, 1).AddDays(60 * random.NextDouble());
        }

        return PlatformStart.AddDays((followedAt - PlatformStart).TotalDays * random.NextDouble());
    }

    // Adds audited account `account` with `count` organic followers (ids account*10_000 + i), one every `hours` hours;
    // positions in [batchFrom, batchFrom + batchCount) instead get accounts created within 4 days after `batchCreated`.
    private static void AddAccount(GraphBuilder builder, Random random, long account, int count, double hours = 12, int batchFrom = -1, int batchCount = 0, DateTime batchCreated = default)
    {
        builder.Account(account, ("CreatedAt", GraphBuilder.Utc(2010, 1, 1)));
        for (var i = 0; i < count; i++)
        {
            var id = (account * 10_000) + i;
            var at = FirstFollow.AddHours(hours * i);
            var created = i >= batchFrom && i < batchFrom + batchCount
                ? batchCreated.AddDays(4 * random.NextDouble())
                : OrganicCreation(random, at);
            builder.Account(id, ("CreatedAt", created)).Follow(id, account, at);
        }
    }

    private static DetectorResult Run(AuditDataset dataset, int accountRow = 0, CreationBatchOptions? options = null) =>
        new CreationBatchDetector(options ?? CreationBatchOptions.Default)
            .Run(new AuditContext(AccountSlice.Create(dataset, accountRow), AuditOptions.Default), CancellationToken.None);

    [Test]
    public void Run_BatchOfOldAccounts_ReportsRunWithPositionsAndMarksFake()
    {
        var builder = new GraphBuilder();
        AddAccount(builder, new Random(1), account: 1, count: 500, batchFrom: 150, batchCount: 200, batchCreated: GraphBuilder.Utc(2016, 3, 1));

        var result = Run(builder.Build());

        Assert.That(result.Outcome, Is.EqualTo(DetectorOutcome.Ran));
        Assert.That(result.Findings, Has.Count.EqualTo(1));
        var finding = result.Findings[0];
        Assert.That(finding.FirstPosition, Is.InRange(140, 150));
        Assert.That(finding.LastPosition, Is.InRange(349, 359));
        Assert.That(finding.FollowerIds, Has.Count.InRange(200, 203));
        Assert.That(finding.FollowerIds, Is.SupersetOf(Enumerable.Range(150, 200).Select(i => 10_000L + i)));
        Assert.That(finding.MarksFollowersAsFake, Is.True);
        Assert.That(finding.Metrics["created_window_days"], Is.LessThanOrEqualTo(24));
    }

    [Test]
    public void Run_BatchOfFreshAccounts_IsFoundAgainstNeighbours()
    {
        var builder = new GraphBuilder();
        AddAccount(builder, new Random(2), account: 1, count: 1500, batchFrom: 700, batchCount: 120, batchCreated: FirstFollow.AddHours(12 * 650));

        var result = Run(builder.Build());

        Assert.That(result.Findings, Has.Count.EqualTo(1));
        Assert.That(result.Findings[0].Metrics["fresh"], Is.EqualTo(1));
        Assert.That(result.Findings[0].FollowerIds.Count(id => id >= 10_700 && id < 10_820), Is.GreaterThanOrEqualTo(110));
    }

    [Test]
    public void Run_OrganicFollowers_FindsNothing()
    {
        var builder = new GraphBuilder();
        AddAccount(builder, new Random(3), account: 1, count: 2000);

        var result = Run(builder.Build());

        Assert.That(result.Outcome, Is.EqualTo(DetectorOutcome.Ran));
        Assert.That(result.Findings, Is.Empty);
    }

    [Test]
    public void Run_ManySeededOrganicAccounts_FalseAlarmRateBelowTarget()
    {
        const int accounts = 300;
        var builder = new GraphBuilder();
        var random = new Random(20260101);
        for (var a = 1; a <= accounts; a++)
        {
            // Mix of slow (one follower a day) and fast (one an hour) accounts.
            AddAccount(builder, random, account: a, count: 600, hours: a % 2 == 0 ? 24 : 1);
        }

        var dataset = builder.Build();
        var alarms = 0;
        for (var a = 1; a <= accounts; a++)
        {
            dataset.Accounts.TryGetRow(a, out var row);
            alarms += Run(dataset, row).Findings.Count > 0 ? 1 : 0;
        }

        var rate = (double)alarms / accounts;
        TestContext.Out.WriteLine($"creation-batch false-alarm rate: {alarms}/{accounts} = {rate:P2} (target {CreationBatchOptions.DefaultFalseAlarmRate:P0})");
        Assert.That(rate, Is.LessThanOrEqualTo(CreationBatchOptions.DefaultFalseAlarmRate));
    }

    [Test]
    public void Run_FifteenOldAccountsCreatedInOneDay_FoundAsOneBatch()
    {
        var builder = new GraphBuilder();
        var random = new Random(5);
        builder.Account(1, ("CreatedAt", GraphBuilder.Utc(2010, 1, 1)));
        var batchCreated = GraphBuilder.Utc(2015, 6, 1);
        for (var i = 0; i < 1000; i++)
        {
            var id = 10_000L + i;
            var at = FirstFollow.AddHours(12 * i);
            var created = i is >= 400 and < 415 ? batchCreated.AddHours(24 * random.NextDouble()) : OrganicCreation(random, at);
            builder.Account(id, ("CreatedAt", created)).Follow(id, 1, at);
        }

        var result = Run(builder.Build());

        Assert.That(result.Findings, Has.Count.EqualTo(1));
        Assert.That(result.Findings[0].FollowerIds, Is.SupersetOf(Enumerable.Range(400, 15).Select(i => 10_000L + i)));
        Assert.That(result.Findings[0].FollowerIds, Has.Count.LessThanOrEqualTo(17));
        Assert.That(result.Findings[0].Metrics["window_size"], Is.LessThan(CreationBatchOptions.DefaultWindowSize));
    }

    [Test]
    public void Run_FifteenOldAccountsSingleScale_NotFound()
    {
        var builder = new GraphBuilder();
        AddAccount(builder, new Random(5), account: 1, count: 1000, batchFrom: 400, batchCount: 15, batchCreated: GraphBuilder.Utc(2015, 6, 1));

        // The follow-order scan alone: the creation-window scan finds these 15 whatever the scale (Run_DripFed...).
        var result = Run(builder.Build(), options: CreationBatchOptions.Default with { MinWindowSize = CreationBatchOptions.DefaultWindowSize, ScanCreationWindows = false });

        Assert.That(result.Findings, Is.Empty);
    }

    [Test]
    public void Run_ThousandOrganicFollowersWithDiagonal_FindsNothingAtAnyScale()
    {
        var builder = new GraphBuilder();
        AddAccount(builder, new Random(6), account: 1, count: 1000);

        var result = Run(builder.Build());

        Assert.That(CreationBatchOptions.Default.ScanWindowSizes(), Has.Count.GreaterThan(1));
        Assert.That(result.Findings, Is.Empty);
    }

    [Test]
    public void Run_BatchSeenAtSeveralScales_GivesOneFinding()
    {
        // 60 followers created together fill windows of 50, 25 and 12: every scale flags them, one finding results.
        var builder = new GraphBuilder();
        AddAccount(builder, new Random(7), account: 1, count: 1000, batchFrom: 500, batchCount: 60, batchCreated: GraphBuilder.Utc(2014, 2, 1));

        var result = Run(builder.Build());

        Assert.That(result.Findings, Has.Count.EqualTo(1));
        Assert.That(result.Findings[0].FollowerIds, Is.SupersetOf(Enumerable.Range(500, 60).Select(i => 10_000L + i)));
        Assert.That(result.Findings[0].FollowerIds, Is.Unique);
    }

    [Test]
    public void ScanWindowSizes_Defaults_HalveDownToMinWindowSize()
    {
        Assert.That(CreationBatchOptions.Default.ScanWindowSizes(), Is.EqualTo(new[] { 50, 25, 12 }));
        Assert.That((CreationBatchOptions.Default with { MinWindowSize = 50 }).ScanWindowSizes(), Is.EqualTo(new[] { 50 }));
    }

    [Test]
    public void UseCreationBatches_MinWindowAboveWindow_BuildThrows()
    {
        var builder = new AuditPipelineBuilder().UseCreationBatches(new CreationBatchOptions { MinWindowSize = 60 });

        Assert.That(() => builder.Build(), Throws.InvalidOperationException.With.Message.Contains("min window size"));
    }

    [Test]
    public void Run_NoCreationDates_IsNotApplicable()
    {
        var dataset = new GraphBuilder().Account(1).Account(2).Follow(2, 1).Build();

        var result = Run(dataset);

        Assert.That(result.Outcome, Is.EqualTo(DetectorOutcome.NotApplicable));
    }

    [Test]
    public void Run_FewerFollowersThanWindow_RunsWithWarning()
    {
        var builder = new GraphBuilder();
        AddAccount(builder, new Random(4), account: 1, count: 10);

        var result = Run(builder.Build());

        Assert.That(result.Outcome, Is.EqualTo(DetectorOutcome.Ran));
        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Warnings, Is.Not.Empty);
    }

    [Test]
    public void UseCreationBatches_InvalidOptions_BuildThrows()
    {
        var builder = new AuditPipelineBuilder().UseCreationBatches(new CreationBatchOptions { WindowSize = 1 });

        Assert.That(() => builder.Build(), Throws.InvalidOperationException.With.Message.Contains("window size"));
    }
}
