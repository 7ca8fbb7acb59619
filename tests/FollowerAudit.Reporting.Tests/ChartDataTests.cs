using FollowerAudit.Testing;

namespace FollowerAudit.Reporting.Tests;

public sealed class ChartDataTests
{
    private static readonly double BatchYear = 2024 + (152.0 / 366);

    [Test]
    public void Engagement_SmallAudit_CumulativeFollowersInteractionsAndBurst()
    {
        var audit = TestAudits.Suspicious().Accounts[0];

        var data = ChartData.Engagement(audit).Data!;

        var days = Enumerable.Range(1, 10).Select(d => GraphBuilder.Utc(2025, 1, d).ToOADate()).ToArray();
        Assert.That(data.FollowerSource, Is.EqualTo("follow times"));
        Assert.That(data.FollowerX, Is.EqualTo(days));
        Assert.That(data.Followers, Is.EqualTo(Enumerable.Range(1, 10).Select(i => (double)i).ToArray()));
        Assert.That(data.InteractionX, Is.EqualTo(days));
        Assert.That(data.Interactions, Is.EqualTo(Enumerable.Range(1, 10).Select(i => 10.0 * i).ToArray()));
        Assert.That(data.Bursts, Is.EqualTo(new[] { new TimeBand(GraphBuilder.Utc(2025, 1, 8).ToOADate(), GraphBuilder.Utc(2025, 1, 11).ToOADate(), "Burst of 3 followers") }));
    }

    [Test]
    public void Engagement_BatchAndOtherTimedFindings_BatchIsItsOwnKindAndTheRestIsNotABurst()
    {
        var audit = TestAudits.Audit(TestAudits.SmallDataset(), [0], new TestAudits.Extension(null, new TimedFindings())).Accounts[0];

        var data = ChartData.Engagement(audit).Data!;

        Assert.That(data.Bursts.Select(b => (b.Label, b.Kind)), Is.EqualTo(new[] { ("Batch delivered", TimeBand.Batch) }));
    }

    // A batch with follow times and an engagement finding with a time range: only the batch is drawn, as a batch.
    private sealed class TimedFindings : Core.Pipeline.IDetector
    {
        public string Name => "timed";

        public Core.Pipeline.DetectorResult Run(Core.Pipeline.AuditContext context, CancellationToken cancellationToken) =>
            new(Name, Core.Pipeline.DetectorOutcome.Ran,
            [
                new Core.Pipeline.Finding(Name, "creation-batch", "Batch delivered", "e", 0.9, [108, 109, 110]) { Start = GraphBuilder.Utc(2025, 1, 8), End = GraphBuilder.Utc(2025, 1, 11), MarksFollowersAsFake = true },
                new Core.Pipeline.Finding(Name, "growth-without-engagement", "Growth without engagement", "e", 0.6, []) { Start = GraphBuilder.Utc(2025, 1, 1), End = GraphBuilder.Utc(2025, 1, 5) },
            ], "");
    }

    [Test]
    public void Engagement_SnapshotsOnly_UsesSnapshots()
    {
        var b = new GraphBuilder().Account(1).Account(2).Follow(2, 1)
            .Snapshot(1, GraphBuilder.Utc(2024, 2, 1), 300).Snapshot(1, GraphBuilder.Utc(2024, 1, 1), 100);
        var audit = TestAudits.Audit(b.Build(), [0]).Accounts[0];

        var data = ChartData.Engagement(audit).Data!;

        Assert.That(data.FollowerSource, Is.EqualTo("snapshots"));
        Assert.That(data.FollowerX, Is.EqualTo(new[] { GraphBuilder.Utc(2024, 1, 1).ToOADate(), GraphBuilder.Utc(2024, 2, 1).ToOADate() }));
        Assert.That(data.Followers, Is.EqualTo(new double[] { 100, 300 }));
        Assert.That(data.InteractionX, Is.Empty);
    }

    [Test]
    public void Engagement_NoDates_SkipsWithReason()
    {
        var audit = TestAudits.Audit(new GraphBuilder().Account(1).Account(2).Follow(2, 1).Build(), [0]).Accounts[0];

        var input = ChartData.Engagement(audit);

        Assert.That(input.Data, Is.Null);
        Assert.That(input.SkipReason, Does.Contain("no follow times"));
    }

    [Test]
    public void FollowerMap_SmallAudit_PointsScoresAndBatchBox()
    {
        var audit = TestAudits.Suspicious().Accounts[0];

        var data = ChartData.FollowerMap(audit).Data!;

        Assert.That(data.Positions, Is.EqualTo(Enumerable.Range(0, 10).Select(i => (double)i).ToArray()));
        Assert.That(data.CreatedYear.Take(7), Is.EqualTo(new double[] { 2015, 2016, 2017, 2018, 2019, 2020, 2021 }));
        Assert.That(data.CreatedYear.Skip(7), Is.All.EqualTo(BatchYear).Within(1e-9));
        Assert.That(data.Scores, Is.EqualTo(new[] { 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9 }));
        Assert.That(data.Step, Is.EqualTo(1));
        Assert.That(data.Batches, Has.Count.EqualTo(1));
        Assert.That(data.Batches[0].FirstPosition, Is.EqualTo(7));
        Assert.That(data.Batches[0].LastPosition, Is.EqualTo(9));
        Assert.That(data.Batches[0].Bottom, Is.EqualTo(BatchYear).Within(1e-9));
        Assert.That(data.Batches[0].Top, Is.EqualTo(BatchYear).Within(1e-9));
    }

    [Test]
    public void FollowerMap_MorePointsThanMax_KeepsEveryKthDeterministically()
    {
        var audit = TestAudits.Suspicious().Accounts[0];

        var data = ChartData.FollowerMap(audit, maxPoints: 4).Data!;

        Assert.That(data.Step, Is.EqualTo(3));
        Assert.That(data.Positions, Is.EqualTo(new double[] { 0, 3, 6, 9 }));
        Assert.That(data.FollowersWithDate, Is.EqualTo(10));
    }

    [Test]
    public void FollowerMap_SomeWithoutDates_KeepsEveryKthOfThoseWithADate()
    {
        // 23 followers, every third without a creation date: the map keeps every step-th of the dated ones, by position.
        var b = new GraphBuilder().Account(1);
        for (var i = 0; i < 23; i++)
        {
            (string, object?)[] cells = i % 3 == 1 ? [] : [("CreatedAt", GraphBuilder.Utc(2016 + (i % 5), 1, 1 + i))];
            b.Account(100 + i, cells);
            b.Follow(100 + i, 1, GraphBuilder.Utc(2025, 1, 1 + i));
        }

        var audit = TestAudits.Audit(b.Build(GraphBuilder.Utc(2025, 3, 1)), [0]).Accounts[0];
        var dated = Enumerable.Range(0, audit.Slice.Count).Where(i => audit.Slice.Followers.CreatedAt![i] is not null).ToList();

        var data = ChartData.FollowerMap(audit, maxPoints: 4).Data!;

        var step = (dated.Count + 3) / 4;
        Assert.That(data.FollowersWithDate, Is.EqualTo(dated.Count));
        Assert.That(data.Step, Is.EqualTo(step));
        Assert.That(data.Positions, Is.EqualTo(dated.Where((_, k) => k % step == 0).Select(i => (double)i).ToArray()));
        Assert.That(data.Positions, Has.Length.GreaterThan(1));
    }

    [Test]
    public void FollowerMap_NoCreationDates_SkipsWithReason()
    {
        var audit = TestAudits.Audit(new GraphBuilder().Account(1).Account(2).Follow(2, 1).Build(), [0]).Accounts[0];

        Assert.That(ChartData.FollowerMap(audit).SkipReason, Is.EqualTo("the data has no account creation dates"));
    }

    [Test]
    public void ScoreHistogram_SmallAudit_CountsPerBin()
    {
        var audit = TestAudits.Suspicious().Accounts[0];

        var data = ChartData.ScoreHistogram(audit).Data!;

        var expected = new int[20];
        expected[2] = 7;
        expected[18] = 3;
        Assert.That(data.Counts, Is.EqualTo(expected));
        Assert.That(data.BinWidth, Is.EqualTo(0.05));
        Assert.That(data.BinLefts[0], Is.Zero);
        Assert.That(data.BinLefts[19], Is.EqualTo(0.95).Within(1e-12));
        Assert.That(data.Threshold, Is.EqualTo(0.5));
        Assert.That(data.Scorer, Is.EqualTo("test-scorer"));
    }

    [Test]
    public void ScoreHistogram_NoScorer_SkipsWithReason()
    {
        var audit = TestAudits.Audit(TestAudits.SmallDataset(), [0]).Accounts[0];

        Assert.That(ChartData.ScoreHistogram(audit).SkipReason, Does.Contain("no follower scorer ran"));
    }

    [Test]
    public void League_TwoAccounts_SharesInPercent()
    {
        var run = TestAudits.Suspicious();
        var audits = new[] { run.Accounts[0], run.Accounts[0] };

        var data = ChartData.League(audits).Data!;

        Assert.That(data.SharePercent, Is.EqualTo(new[] { 30.0, 30.0 }).Within(1e-9));
        Assert.That(data.LowerPercent[0], Is.EqualTo(run.Accounts[0].Estimate.FakeShareLower * 100).Within(1e-9));
        Assert.That(data.UpperPercent[0], Is.EqualTo(run.Accounts[0].Estimate.FakeShareUpper * 100).Within(1e-9));
        Assert.That(data.Labels[0], Is.EqualTo(TestAudits.Script[..17] + "…"));
    }

    [Test]
    public void EngagementRate_ThreeAccounts_PointPerMeasuredAccountBandsAndLeftOut()
    {
        var run = TestAudits.EngagementRun();
        var big = run.Accounts.Single(a => a.AccountId == 1);
        var genuine = big.Estimate.EstimatedGenuine;
        Assume.That(genuine, Is.GreaterThan(0).And.LessThan(20_000), "the scorer flags 3 of 10 followers");

        var data = ChartData.EngagementRate(run.Accounts).Data!;

        // League order: big_brand has flagged followers, small has none.
        Assert.That(data.Points, Has.Count.EqualTo(2));
        var p = data.Points[0];
        Assert.That((p.AccountId, p.Label, p.Followers), Is.EqualTo((1L, "big_brand", 20_000.0)));
        Assert.That(p.Rate, Is.EqualTo(0.01).Within(1e-15), "median of 100..300 likes over 20,000 followers");
        Assert.That(p.GenuineFollowers, Is.EqualTo(genuine));
        Assert.That(p.GenuineRate, Is.EqualTo(200.0 / genuine).Within(1e-15), "the same median interactions over the genuine followers");
        Assert.That(p.BelowBand, Is.True, "below the mid tier's 1.5%");
        var q = data.Points[1];
        Assert.That((q.AccountId, q.Label, q.Followers, q.GenuineFollowers, q.GenuineRate, q.BelowBand), Is.EqualTo((3L, "small", 800.0, (double?)null, (double?)null, false)));
        Assert.That(q.Rate, Is.EqualTo(0.05).Within(1e-15));

        // Followers 800..20,000 (and the genuine count), padded by a tenth of a decade and rounded out: 500..50,000.
        // Rates 1% (big_brand) .. 9% (top of the nano band), likewise: 0.5%..20%.
        Assert.That((data.XMin, data.XMax), Is.EqualTo((500.0, 50_000.0)));
        Assert.That(data.YMin, Is.EqualTo(0.005).Within(1e-15));
        Assert.That(data.YMax, Is.EqualTo(0.2).Within(1e-15));
        Assert.That(data.Bands, Is.EqualTo(new[]
        {
            new BenchmarkBand("nano", 500, 1_000, 0.04, 0.09),
            new BenchmarkBand("micro", 1_000, 10_000, 0.03, 0.07),
            new BenchmarkBand("mid", 10_000, 50_000, 0.015, 0.05),
        }));
        Assert.That(data.LeftOut, Is.EqualTo(new[] { new LeftOut("too few dated posts to measure engagement", 1) }));
    }

    [Test]
    public void EngagementRate_OneAccountWithoutPosts_SkipsWithReason()
    {
        var run = TestAudits.EngagementRun();

        var input = ChartData.EngagementRate([run.Accounts.Single(a => a.AccountId == 2)]);

        Assert.That(input.Data, Is.Null);
        Assert.That(input.SkipReason, Is.EqualTo("the account's engagement rate was not measured (too few dated posts to measure engagement)"));
    }

    [Test]
    public void EngagementRate_DetectorNotRun_SkipsWithReason()
    {
        var run = TestAudits.Suspicious();

        var input = ChartData.EngagementRate([run.Accounts[0], run.Accounts[0]]);

        Assert.That(input.SkipReason, Is.EqualTo("no audited account has a measured engagement rate (the engagement detector did not run)"));
    }

    [Test]
    public void EngagementRate_OneAccount_AxesSpanAtLeastADecade()
    {
        var run = TestAudits.EngagementRun();

        var data = ChartData.EngagementRate([run.Accounts.Single(a => a.AccountId == 3)]).Data!;

        // 800 followers → 500..2,000, widened downwards to a decade: 200..2,000. Rates: 5%, bands 3%..9% → 2%..20%.
        Assert.That((data.XMin, data.XMax), Is.EqualTo((200.0, 2_000.0)));
        Assert.That(data.YMin, Is.EqualTo(0.02).Within(1e-15));
        Assert.That(data.YMax, Is.EqualTo(0.2).Within(1e-15));
        Assert.That(data.Bands.Select(b => b.Tier), Is.EqualTo(new[] { "nano", "micro" }));
        Assert.That(data.LeftOut, Is.Empty);
    }

    [TestCase(0.0123, 0.01, 0.02)]
    [TestCase(4_500, 2_000, 5_000)]
    [TestCase(5_000, 5_000, 5_000)]
    [TestCase(0.07, 0.05, 0.1)]
    public void NiceBelowAndAbove_Value_RoundNumbersAroundIt(double value, double below, double above)
    {
        Assert.That(ChartData.NiceBelow(value), Is.EqualTo(below).Within(1e-12));
        Assert.That(ChartData.NiceAbove(value), Is.EqualTo(above).Within(1e-12));
    }

    [Test]
    public void DecimalYear_MidYear_IsFraction() =>
        Assert.That(ChartData.DecimalYear(GraphBuilder.Utc(2023, 7, 2, 12)), Is.EqualTo(2023 + (182.5 / 365)).Within(1e-9));
}
