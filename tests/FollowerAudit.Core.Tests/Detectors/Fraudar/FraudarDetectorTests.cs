using FollowerAudit.Core.Detectors.Fraudar;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Detectors.Fraudar;

public sealed class FraudarDetectorTests
{
    // Accounts 1..40 are followed; followers 100..499 each follow 3 random ones; with `fakes`, accounts
    // 1000..1000+fakes follow all of 1..4 (a clique) and 2 random others as camouflage.
    private static AuditDataset Dataset(int fakes, int seed = 1)
    {
        var random = new Random(seed);
        var builder = new GraphBuilder();
        for (var a = 1; a <= 40; a++)
        {
            builder.Account(a);
        }

        for (var f = 100; f < 500; f++)
        {
            builder.Account(f);
            foreach (var a in Enumerable.Range(1, 40).OrderBy(_ => random.Next()).Take(3))
            {
                builder.Follow(f, a);
            }
        }

        for (var f = 1000; f < 1000 + fakes; f++)
        {
            builder.Account(f);
            for (var a = 1; a <= 4; a++)
            {
                builder.Follow(f, a);
            }

            builder.Follow(f, random.Next(5, 23)).Follow(f, random.Next(23, 41));
        }

        return builder.Build();
    }

    [Test]
    public void Run_Clique_ReportsBlockForEachAccountInIt()
    {
        var dataset = Dataset(fakes: 30);

        var result = new FraudarDetector(FraudarOptions.Default).Run(dataset, [], CancellationToken.None);

        Assert.That(result.Overall.Outcome, Is.EqualTo(DetectorOutcome.Ran));
        Assert.That(result.Overall.Findings, Has.Count.EqualTo(1));
        Assert.That(result.Overall.Findings[0].FollowerIds, Is.EquivalentTo(Enumerable.Range(1000, 30).Select(i => (long)i)));
        Assert.That(result.ByAccount.Keys, Is.SupersetOf(new long[] { 1, 2, 3, 4 }));
        var finding = result.ByAccount[1].Single();
        Assert.That(finding.FollowerIds, Is.EquivalentTo(Enumerable.Range(1000, 30).Select(i => (long)i)));
        Assert.That(finding.MarksFollowersAsFake, Is.True);
    }

    [Test]
    public void Run_NoClique_ReportsNothing()
    {
        var result = new FraudarDetector(FraudarOptions.Default).Run(Dataset(fakes: 0), [], CancellationToken.None);

        Assert.That(result.Overall.Outcome, Is.EqualTo(DetectorOutcome.Ran));
        Assert.That(result.Overall.Findings, Is.Empty);
        Assert.That(result.ByAccount, Is.Empty);
    }

    [Test]
    public void Run_SingleFollowedAccount_IsNotApplicable()
    {
        var dataset = new GraphBuilder().Account(1).Account(2).Account(3).Follow(2, 1).Follow(3, 1).Build();

        var result = new FraudarDetector(FraudarOptions.Default).Run(dataset, [], CancellationToken.None);

        Assert.That(result.Overall.Outcome, Is.EqualTo(DetectorOutcome.NotApplicable));
    }

    [Test]
    public void Pipeline_UseFraudar_AttachesFindingsToAuditedAccount()
    {
        var dataset = Dataset(fakes: 30);
        var pipeline = new AuditPipelineBuilder().UseFraudar().Build();
        dataset.Accounts.TryGetRow(2, out var row);

        var run = pipeline.Run(dataset, [row], null, CancellationToken.None);

        var findings = run.Accounts[0].DetectorResults.Single(r => r.Detector == "fraudar").Findings;
        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].FollowerIds, Has.Count.EqualTo(30));
    }

    // Accounts 1..40 are audited; followers 100..2099 each follow 3 random ones; with `pool`, accounts 5000.. are one
    // seller's pool sold to accounts 1..20, each order going to a random 50-90% of the pool (so FRAUDAR's densest
    // block keeps only the members with the most orders), plus 2 camouflage follows of the other audited accounts.
    private static (AuditDataset Dataset, int[] Audited) PoolDataset(int pool, int seed = 1)
    {
        var random = new Random(seed);
        var builder = new GraphBuilder();
        for (var a = 1; a <= 40; a++)
        {
            builder.Account(a);
        }

        for (var f = 100; f < 2100; f++)
        {
            builder.Account(f);
            foreach (var a in Enumerable.Range(1, 40).OrderBy(_ => random.Next()).Take(3))
            {
                builder.Follow(f, a);
            }
        }

        for (var f = 5000; f < 5000 + pool; f++)
        {
            builder.Account(f);
        }

        for (var a = 1; a <= 20 && pool > 0; a++)
        {
            var share = 0.5 + (0.4 * random.NextDouble());
            foreach (var f in Enumerable.Range(5000, pool).Where(_ => random.NextDouble() < share))
            {
                builder.Follow(f, a);
            }
        }

        for (var f = 5000; f < 5000 + pool; f++)
        {
            foreach (var a in Enumerable.Range(21, 20).OrderBy(_ => random.Next()).Take(2))
            {
                builder.Follow(f, a);
            }
        }

        var dataset = builder.Build();
        var audited = Enumerable.Range(1, 40).Select(a => dataset.Accounts.TryGetRow(a, out var row) ? row : -1).ToArray();
        return (dataset, audited);
    }

    [Test]
    public void Run_PoolSoldInParts_SharedPoolHoldsTheMembersAndOnlyTheCustomers()
    {
        var (dataset, audited) = PoolDataset(pool: 300);

        var result = new FraudarDetector(FraudarOptions.Default).Run(dataset, audited, CancellationToken.None);

        var pool = result.Overall.Findings.Single(f => f.Kind == "shared-pool");
        Assert.That(pool.FollowerIds, Is.SubsetOf(Enumerable.Range(5000, 300).Select(i => (long)i)));
        Assert.That(pool.FollowerIds, Has.Count.GreaterThanOrEqualTo(270), "members who got fewer orders than chance explains are missed; 90% is what this small world allows");
        Assert.That(pool.MarksFollowersAsFake, Is.True);
        Assert.That(pool.Metrics["fraudar_core_followers"], Is.LessThan(pool.FollowerIds.Count), "FRAUDAR's own block is only the core; the completion finds the rest");
        var customers = result.ByAccount.Where(kv => kv.Value.Any(f => f.Kind == "shared-pool")).Select(kv => kv.Key);
        Assert.That(customers, Is.EquivalentTo(Enumerable.Range(1, 20).Select(i => (long)i)));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Run_NoPool_ReportsNoSharedPool(int seed)
    {
        var (dataset, audited) = PoolDataset(pool: 0, seed);

        var result = new FraudarDetector(FraudarOptions.Default).Run(dataset, audited, CancellationToken.None);

        Assert.That(result.Overall.Findings.Where(f => f.Kind == "shared-pool"), Is.Empty);
        Assert.That(result.Overall.Metrics["pools"], Is.Zero);
        Assert.That(result.Overall.Summary, Does.Contain("0 shared follower pool(s)"));
    }

    [Test]
    public void Run_OneAuditedAccount_SaysSharedPoolsNeedSeveral()
    {
        var (dataset, audited) = PoolDataset(pool: 300);

        var result = new FraudarDetector(FraudarOptions.Default).Run(dataset, audited[..1], CancellationToken.None);

        Assert.That(result.Overall.Findings.Where(f => f.Kind == "shared-pool"), Is.Empty);
        Assert.That(result.Overall.Summary, Does.Contain("need at least 2 audited accounts"));
    }

    [Test]
    public void Run_SharedPoolsOff_ReportsOnlyDenseBlocks()
    {
        var (dataset, audited) = PoolDataset(pool: 300);

        var result = new FraudarDetector(FraudarOptions.Default with { SharedPools = false }).Run(dataset, audited, CancellationToken.None);

        Assert.That(result.Overall.Findings.Where(f => f.Kind == "shared-pool"), Is.Empty);
        Assert.That(result.Overall.Summary, Does.Not.Contain("pool"));
    }

    [Test]
    public void FindBlocks_SmallPlantedCompleteBlock_RecoversFakesExactly()
    {
        var graph = PlantedBlockGraph.Generate(rowCount: 20_000, colCount: 2_000, edgeCount: 200_000, fakeCount: 200, customerCount: 40, blockDensity: 1.0, camouflagePerFake: 10, seed: 3);

        var block = FraudarAlgorithm.FindBlocks(graph.RowCount, graph.ColCount, graph.Rows, graph.Cols, FraudarOptions.Default with { BlockCount = 1 }).Single();

        Assert.That(block.Rows, Is.EqualTo(graph.FakeRows));
        Assert.That(block.Cols, Is.SupersetOf(graph.CustomerCols));
    }

    [Test]
    public void FindBlocks_SmallPlantedPartialBlock_FindsAllFakesWithSomeCore()
    {
        // At 80 % density the greedy's best prefix also keeps part of the graph's heavy-row x popular-column core.
        var graph = PlantedBlockGraph.Generate(rowCount: 20_000, colCount: 2_000, edgeCount: 200_000, fakeCount: 200, customerCount: 40, blockDensity: 0.8, camouflagePerFake: 10, seed: 3);

        var block = FraudarAlgorithm.FindAllBlocks(graph.RowCount, graph.ColCount, graph.Rows, graph.Cols, FraudarOptions.Default with { BlockCount = 1 }).Single();

        Assert.That(block.Rows, Is.SupersetOf(graph.FakeRows));
        Assert.That(block.Cols, Is.SupersetOf(graph.CustomerCols));
        Assert.That(block.Rows, Has.Count.LessThan(3 * graph.FakeRows.Length));
    }

    [Test]
    public void Generate_SameSeed_SameGraph()
    {
        var a = PlantedBlockGraph.Generate(rowCount: 1000, colCount: 100, edgeCount: 5000, fakeCount: 20, customerCount: 5, seed: 9);
        var b = PlantedBlockGraph.Generate(rowCount: 1000, colCount: 100, edgeCount: 5000, fakeCount: 20, customerCount: 5, seed: 9);

        Assert.That(a.Rows, Is.EqualTo(b.Rows));
        Assert.That(a.Cols, Is.EqualTo(b.Cols));
        Assert.That(a.FakeRows, Is.EqualTo(b.FakeRows));
    }
}
