using FollowerAudit.Testing;

namespace FollowerAudit.Reporting.Tests;

public sealed class ChartDataBatchWindowTests
{
    [Test]
    public void FollowerMap_BatchWithCreationWindows_OneBoxPerWindowNotTheRankRangesCreationSpan()
    {
        // Positions 3..9 hold followers created 2018..2024; the batch's own accounts were made in two short windows.
        var audit = TestAudits.Audit(TestAudits.SmallDataset(), [0], new TestAudits.Extension(new TestAudits.FixedScorer(108, 109, 110), new WindowedBatch())).Accounts[0];

        var boxes = ChartData.FollowerMap(audit).Data!.Batches;

        Assert.That(boxes, Has.Count.EqualTo(2));
        Assert.That(boxes.Select(b => (b.FirstPosition, b.LastPosition)), Is.All.EqualTo((3.0, 9.0)));
        Assert.That(boxes[0].Bottom, Is.EqualTo(ChartData.DecimalYear(GraphBuilder.Utc(2019, 1, 1))).Within(1e-9));
        Assert.That(boxes[0].Top, Is.EqualTo(ChartData.DecimalYear(GraphBuilder.Utc(2019, 1, 3))).Within(1e-9));
        Assert.That(boxes[1].Bottom, Is.EqualTo(ChartData.DecimalYear(GraphBuilder.Utc(2024, 6, 1))).Within(1e-9));
        Assert.That(boxes[1].Top, Is.EqualTo(ChartData.DecimalYear(GraphBuilder.Utc(2024, 6, 2))).Within(1e-9));
    }

    [Test]
    public void Sample_HeadlineAboveFollowersInData_SaysSampleOfNOfM()
    {
        var run = TestAudits.EngagementRun();

        Assert.That(ChartData.Sample(run.Accounts[0]), Is.EqualTo("sample of 10 of 20,000 followers"));
    }

    [Test]
    public void Sample_EveryFollowerInData_IsNull()
    {
        Assert.That(ChartData.Sample(TestAudits.Suspicious().Accounts[0]), Is.Null);
    }

    [Test]
    public void League_BarsCarryEachAccountsVerdictCode()
    {
        var run = TestAudits.EngagementRun();

        var data = ChartData.League(run.Accounts).Data!;

        Assert.That(data.VerdictCodes, Is.EqualTo(ChartData.LeagueOrder(run.Accounts).Select(a => a.Verdict.Code).ToArray()));
    }

    private sealed class WindowedBatch : Core.Pipeline.IDetector
    {
        public string Name => "windowed";

        public Core.Pipeline.DetectorResult Run(Core.Pipeline.AuditContext context, CancellationToken cancellationToken)
        {
            static double UnixDays(DateTime t) => (t - DateTime.UnixEpoch).TotalDays;
            return new(Name, Core.Pipeline.DetectorOutcome.Ran,
            [
                new Core.Pipeline.Finding(Name, "creation-batch", "Band", "e", 0.9, [104, 108, 109, 110])
                {
                    FirstPosition = 3,
                    LastPosition = 9,
                    MarksFollowersAsFake = true,
                    Metrics = new Dictionary<string, double>
                    {
                        ["created_from_unix_days_1"] = UnixDays(GraphBuilder.Utc(2019, 1, 1)),
                        ["created_to_unix_days_1"] = UnixDays(GraphBuilder.Utc(2019, 1, 3)),
                        ["created_from_unix_days_2"] = UnixDays(GraphBuilder.Utc(2024, 6, 1)),
                        ["created_to_unix_days_2"] = UnixDays(GraphBuilder.Utc(2024, 6, 2)),
                    },
                },
            ], "");
        }
    }
}
