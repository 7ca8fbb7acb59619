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
    public void DecimalYear_MidYear_IsFraction() =>
        Assert.That(ChartData.DecimalYear(GraphBuilder.Utc(2023, 7, 2, 12)), Is.EqualTo(2023 + (182.5 / 365)).Within(1e-9));
}
