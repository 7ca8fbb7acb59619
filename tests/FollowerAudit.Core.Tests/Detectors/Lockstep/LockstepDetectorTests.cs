using FollowerAudit.Core.Detectors.Lockstep;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Detectors.Lockstep;

public sealed class LockstepDetectorTests
{
    private static readonly DateTime Origin = GraphBuilder.Utc(2024, 5, 1);

    // Accounts 1..10 are followed; followers 100..399 each follow 3 random ones at random times over 60 days.
    // With `fakes`, accounts 1000.. follow accounts 1..4, account a within `spreadMinutes` after day a, hour 10.
    private static AuditDataset Dataset(int fakes, double spreadMinutes = 20, int seed = 1)
    {
        var random = new Random(seed);
        var builder = new GraphBuilder();
        for (var a = 1; a <= 10; a++)
        {
            builder.Account(a);
        }

        for (var f = 100; f < 400; f++)
        {
            builder.Account(f);
            foreach (var a in Enumerable.Range(1, 10).OrderBy(_ => random.Next()).Take(3))
            {
                builder.Follow(f, a, Origin.AddMinutes(random.Next(60 * 24 * 60)));
            }
        }

        for (var f = 1000; f < 1000 + fakes; f++)
        {
            builder.Account(f);
            for (var a = 1; a <= 4; a++)
            {
                builder.Follow(f, a, Origin.AddDays(a).AddHours(10).AddMinutes(spreadMinutes * random.NextDouble()));
            }
        }

        return builder.Build();
    }

    private static DatasetDetectorResult Run(AuditDataset dataset) =>
        new LockstepDetector(LockstepOptions.Default).Run(dataset, [], CancellationToken.None);

    [Test]
    public void Run_GroupFollowingFourAccountsInStep_ReportsGroupAndWindows()
    {
        var result = Run(Dataset(fakes: 30));

        Assert.That(result.Overall.Outcome, Is.EqualTo(DetectorOutcome.Ran));
        Assert.That(result.Overall.Findings, Has.Count.EqualTo(1));
        Assert.That(result.Overall.Findings[0].FollowerIds, Is.EquivalentTo(Enumerable.Range(1000, 30).Select(i => (long)i)));
        Assert.That(result.ByAccount.Keys, Is.EquivalentTo(new long[] { 1, 2, 3, 4 }));
        var finding = result.ByAccount[3].Single();
        Assert.That(finding.Start, Is.GreaterThanOrEqualTo(Origin.AddDays(3).AddHours(10)));
        Assert.That(finding.End, Is.LessThanOrEqualTo(Origin.AddDays(3).AddHours(10).AddMinutes(21)));
        Assert.That(finding.MarksFollowersAsFake, Is.True);
    }

    [Test]
    public void Run_OrganicFollowsOnly_FindsNothing()
    {
        var result = Run(Dataset(fakes: 0));

        Assert.That(result.Overall.Outcome, Is.EqualTo(DetectorOutcome.Ran));
        Assert.That(result.Overall.Findings, Is.Empty);
    }

    [Test]
    public void Run_SameAccountsButSpreadOverTenDays_FindsNothing()
    {
        var result = Run(Dataset(fakes: 30, spreadMinutes: 60 * 24 * 10));

        Assert.That(result.Overall.Findings, Is.Empty);
    }

    [Test]
    public void Run_GroupSpreadOverTwelveHoursPerAccount_IsFoundWithDefaultWindow()
    {
        // A delivery paced over half a day is still lockstep at the default ±24 h window.
        var result = Run(Dataset(fakes: 30, spreadMinutes: 60 * 12));

        Assert.That(result.Overall.Findings.Single().FollowerIds, Is.EquivalentTo(Enumerable.Range(1000, 30).Select(i => (long)i)));
    }

    [Test]
    public void Run_PoolSoldInRandomPartsToThreeCustomers_FindsMembersWithAtLeastTwoOrders()
    {
        // Arrange: organic background as in Dataset(0); a pool of 120 accounts (2000..2119) of which customer 1 gets
        // 90, customer 2 gets 50 and customer 3 gets 40, each order delivered over 30 hours on its own day.
        var random = new Random(5);
        var builder = new GraphBuilder();
        for (var a = 1; a <= 10; a++)
        {
            builder.Account(a);
        }

        for (var f = 100; f < 400; f++)
        {
            builder.Account(f);
            foreach (var a in Enumerable.Range(1, 10).OrderBy(_ => random.Next()).Take(3))
            {
                builder.Follow(f, a, Origin.AddMinutes(random.Next(60 * 24 * 60)));
            }
        }

        var pool = Enumerable.Range(2000, 120).Select(i => (long)i).ToArray();
        foreach (var id in pool)
        {
            builder.Account(id);
        }

        var orders = new Dictionary<long, int>();
        foreach (var (customer, size, day) in new[] { (1L, 90, 5), (2L, 50, 20), (3L, 40, 41) })
        {
            foreach (var id in pool.OrderBy(_ => random.Next()).Take(size))
            {
                builder.Follow(id, customer, Origin.AddDays(day).AddMinutes(random.NextDouble() * 30 * 60));
                orders[id] = orders.GetValueOrDefault(id) + 1;
            }
        }

        var severalOrders = orders.Where(kv => kv.Value >= 2).Select(kv => kv.Key).ToHashSet();

        // Act
        var result = Run(builder.Build());

        // Assert: one group over the three customers, only pool members, most of those with two or more orders (the
        // search takes members from its seed bucket, the largest order, so the few who got only the two smaller
        // orders are missed: the documented approximation).
        var group = result.Overall.Findings.Single();
        Assert.That(group.Metrics["accounts"], Is.EqualTo(3));
        Assert.That(group.FollowerIds, Is.SubsetOf(severalOrders));
        Assert.That(group.FollowerIds.Count, Is.GreaterThanOrEqualTo((int)(0.8 * severalOrders.Count)));
        Assert.That(result.ByAccount.Keys, Is.EquivalentTo(new long[] { 1, 2, 3 }));
    }

    [TestCase(0.6, 3, 2)]
    [TestCase(0.8, 3, 3)]
    [TestCase(1.0, 5, 5)]
    [TestCase(0.5, 4, 2)]
    [TestCase(0.1, 2, 1)]
    public void MinAccountsPerMember_ShareAndAccounts_IsCeilingOfProduct(double share, int accounts, int expected)
    {
        var options = LockstepOptions.Default with { MinShare = share, MinAccounts = accounts };

        Assert.That(LockstepSearch.MinAccountsPerMember(options), Is.EqualTo(expected));
    }

    [Test]
    public void Run_GroupTooSmall_FindsNothing()
    {
        var result = Run(Dataset(fakes: LockstepOptions.DefaultMinFollowers - 1));

        Assert.That(result.Overall.Findings, Is.Empty);
    }

    [Test]
    public void Run_NoFollowTimes_IsNotApplicable()
    {
        var dataset = new GraphBuilder().Account(1).Account(2).Account(3).Follow(3, 1).Follow(3, 2).Build();

        var result = Run(dataset);

        Assert.That(result.Overall.Outcome, Is.EqualTo(DetectorOutcome.NotApplicable));
    }

    [Test]
    public void Pipeline_UseLockstep_AttachesFindingsToAuditedAccount()
    {
        var dataset = Dataset(fakes: 30);
        dataset.Accounts.TryGetRow(2, out var row);

        var run = new AuditPipelineBuilder().UseLockstep().Build().Run(dataset, [row], null, CancellationToken.None);

        var findings = run.Accounts[0].DetectorResults.Single(r => r.Detector == "lockstep").Findings;
        Assert.That(findings.Single().FollowerIds, Has.Count.EqualTo(30));
    }

    [Test]
    public void Options_Invalid_AreReported()
    {
        Assert.That(LockstepOptions.Default.Validate(), Is.Empty);
        Assert.That(new LockstepOptions { Window = TimeSpan.Zero, MinShare = 2 }.Validate().Count(), Is.EqualTo(2));
    }
}
