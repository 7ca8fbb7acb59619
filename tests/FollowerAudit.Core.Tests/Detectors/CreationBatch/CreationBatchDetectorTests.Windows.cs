using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Model;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Detectors.CreationBatch;

public sealed partial class CreationBatchDetectorTests
{
    // 3,000 organic followers, one every 6 hours; every 60th from position 600 on (40 in all) is instead an account
    // created within 3 days of 2016-03-01: a drip-fed order spread between organic arrivals, never half of a scan window.
    private static (AuditDataset Dataset, List<long> Drip) Drip(bool withDrip)
    {
        var builder = new GraphBuilder();
        var random = new Random(11);
        builder.Account(1, ("CreatedAt", GraphBuilder.Utc(2010, 1, 1)));
        var drip = new List<long>();
        for (var i = 0; i < 3000; i++)
        {
            var id = 10_000L + i;
            var at = FirstFollow.AddHours(6 * i);
            var dripped = withDrip && i >= 600 && (i - 600) % 60 == 0;
            var created = dripped ? GraphBuilder.Utc(2016, 3, 1).AddDays(3 * random.NextDouble()) : OrganicCreation(random, at);
            if (dripped)
            {
                drip.Add(id);
            }

            builder.Account(id, ("CreatedAt", created)).Follow(id, 1, at);
        }

        return (builder.Build(), drip);
    }

    [Test]
    public void Run_DripFedBatchBetweenOrganicArrivals_FoundAsACreationWindowNotABatch()
    {
        var (dataset, drip) = Drip(withDrip: true);

        var result = Run(dataset);

        Assert.That(result.Findings.Where(f => f.Kind == "creation-batch"), Is.Empty, "a drip never fills half of a follow-order window");
        var window = result.Findings.Single(f => f.Kind == "creation-window");
        Assert.Multiple(() =>
        {
            Assert.That(window.FollowerIds, Is.SupersetOf(drip));
            Assert.That(window.FollowerIds, Has.Count.LessThanOrEqualTo(drip.Count + 5), "organic followers created in the same days are few");
            Assert.That(window.Metrics["expected"], Is.LessThan(5));
            Assert.That(window.Metrics["excess"], Is.EqualTo(window.FollowerIds.Count - window.Metrics["expected"]).Within(1e-9));
            Assert.That(window.Metrics["created_window_days"], Is.LessThanOrEqualTo(CreationWindowScan.WidthsDays[^1]));
            Assert.That(window.MarksFollowersAsFake, Is.False, "organic followers created in the window are members too");
            Assert.That(result.Metrics["creation_windows"], Is.EqualTo(1));
        });
    }

    // 300,000 aged followers created over 150 days with a weekly sign-up cycle (weekdays 1.2, weekends 0.8 of the mean:
    // about 2,000 a day), and optionally a batch of `batch` accounts registered on one Wednesday.
    private static (double[] Created, double[] Followed, int[] Batch) WeeklyCycle(int batch)
    {
        var random = new Random(5);
        var created = new List<double>();
        var start = (GraphBuilder.Utc(2019, 1, 7) - DateTime.UnixEpoch).TotalDays; // a Monday
        while (created.Count < 300_000)
        {
            var day = random.NextDouble() * 150;
            var weekday = (int)Math.Floor(day) % 7;
            if (random.NextDouble() < (weekday < 5 ? 1.2 : 0.8) / 1.2)
            {
                created.Add(start + day);
            }
        }

        var wednesday = start + 72 + 2;
        var members = Enumerable.Range(created.Count, batch).ToArray();
        created.AddRange(Enumerable.Range(0, batch).Select(_ => wednesday + (0.9 * random.NextDouble())));
        return ([.. created], [.. created.Select(c => c + 400)], members);
    }

    [Test]
    public void CreationWindowScan_WeeklySignUpCycleOfManyFollowers_IsNotABatch()
    {
        var (created, followed, _) = WeeklyCycle(batch: 0);

        var windows = new CreationWindowScan(CreationBatchOptions.Default, created, followed).Run(CancellationToken.None);

        // Each weekday holds half again as many as a weekend day: significant at this size, but a cycle, not a batch.
        Assert.That(windows, Is.Empty);
    }

    [Test]
    public void CreationWindowScan_BatchOfTwiceADaysSignUpsInTheCycle_IsFound()
    {
        var (created, followed, batch) = WeeklyCycle(batch: 3_000);

        var windows = new CreationWindowScan(CreationBatchOptions.Default, created, followed).Run(CancellationToken.None);

        var window = windows.Single();
        Assert.That(window.Members.Intersect(batch).Count(), Is.GreaterThanOrEqualTo(0.99 * batch.Length), "the batch, but for a few at the window's edge");
        Assert.That(window.Members.Count, Is.GreaterThanOrEqualTo(CreationWindowScan.MinimumRatio * window.Expected));
    }

    [Test]
    public void Run_SameFollowersWithoutTheDrip_FindsNoCreationWindow()
    {
        var result = Run(Drip(withDrip: false).Dataset);

        Assert.That(result.Findings, Is.Empty);
    }

    [Test]
    public void Run_CreationWindowsOff_FindsOnlyBatches()
    {
        var result = Run(Drip(withDrip: true).Dataset, options: CreationBatchOptions.Default with { ScanCreationWindows = false });

        Assert.That(result.Findings, Is.Empty);
    }

    [Test]
    public void Run_BatchFoundInTheFollowOrder_IsNotReportedAgainAsACreationWindow()
    {
        var builder = new GraphBuilder();
        AddAccount(builder, new Random(1), account: 1, count: 500, batchFrom: 150, batchCount: 200, batchCreated: GraphBuilder.Utc(2016, 3, 1));

        var result = Run(builder.Build());

        Assert.That(result.Findings.Select(f => f.Kind), Is.EqualTo(new[] { "creation-batch" }));
    }
}
