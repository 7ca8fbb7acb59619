using System.Globalization;
using FollowerAudit.Core.Detectors.Fraudar;

namespace FollowerAudit.Core.Tests.Detectors.Fraudar;

public sealed partial class FraudarAlgorithmTests
{
    private static readonly FraudarOptions OneBlock = FraudarOptions.Default with { BlockCount = 1 };

    // The reference example (500 x 500 sparse noise with a 20 x 20 block in the first ids), from shared/datasets.
    private static string ExampleFolder()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", "fraudar-example");
            if (File.Exists(Path.Combine(candidate, "example.txt")))
            {
                return candidate;
            }
        }

        Assert.Ignore("shared/datasets/fraudar-example/example.txt not found above the test folder; clone the shared datasets beside the repository (../shared) to run the FRAUDAR golden tests.");
        return string.Empty;
    }

    private static (int[] Rows, int[] Cols) ReadEdges(string path)
    {
        var rows = new List<int>();
        var cols = new List<int>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2)
            {
                rows.Add(int.Parse(parts[0], CultureInfo.InvariantCulture));
                cols.Add(int.Parse(parts[1], CultureInfo.InvariantCulture));
            }
        }

        return ([.. rows], [.. cols]);
    }

    private static int[] ReadInts(string path) =>
        [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => (int)double.Parse(l, CultureInfo.InvariantCulture))];

    private static double[] ReadDoubles(string path) =>
        [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => double.Parse(l, CultureInfo.InvariantCulture))];

    [Test]
    public void FindBlocks_ReferenceExample_ReturnsExpectedBlock()
    {
        var folder = ExampleFolder();
        var (rows, cols) = ReadEdges(Path.Combine(folder, "example.txt"));

        var blocks = FraudarAlgorithm.FindBlocks(rows.Max() + 1, cols.Max() + 1, rows, cols, OneBlock);

        Assert.That(blocks, Has.Count.EqualTo(1));
        Assert.That(blocks[0].Rows, Is.EqualTo(ReadInts(Path.Combine(folder, "expected_out.rows"))));
        Assert.That(blocks[0].Cols, Is.EqualTo(ReadInts(Path.Combine(folder, "expected_out.cols"))));
    }

    [Test]
    public void FindBlocks_ReferenceExampleWithPriors_ReturnsSuspiciousNodes()
    {
        var folder = ExampleFolder();
        var (rows, cols) = ReadEdges(Path.Combine(folder, "example.txt"));
        var rowPriors = ReadDoubles(Path.Combine(folder, "susp.rows"));
        var colPriors = ReadDoubles(Path.Combine(folder, "susp.cols"));

        var blocks = FraudarAlgorithm.FindAllBlocks(rowPriors.Length, colPriors.Length, rows, cols, OneBlock, rowPriors, colPriors);

        Assert.That(blocks[0].Rows, Is.EqualTo(Enumerable.Range(0, 10)));
        Assert.That(blocks[0].Cols, Is.EqualTo(Enumerable.Range(0, 10)));
    }

    // A 30 x 8 complete block over 400 x 300 sparse noise (each row follows 3 random columns).
    private static (int[] Rows, int[] Cols) Planted(int seed, int noisePerRow = 3)
    {
        var random = new Random(seed);
        var rows = new List<int>();
        var cols = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            for (var j = 0; j < 8; j++)
            {
                rows.Add(i);
                cols.Add(j);
            }
        }

        for (var i = 0; i < 400; i++)
        {
            for (var k = 0; k < noisePerRow; k++)
            {
                rows.Add(i);
                cols.Add(random.Next(300));
            }
        }

        return ([.. rows], [.. cols]);
    }

    [Test]
    public void FindBlocks_PlantedBlock_FindsIt()
    {
        var (rows, cols) = Planted(seed: 1);

        var blocks = FraudarAlgorithm.FindBlocks(400, 300, rows, cols, OneBlock);

        Assert.That(blocks, Has.Count.EqualTo(1));
        Assert.That(blocks[0].Rows, Is.EqualTo(Enumerable.Range(0, 30)));
        Assert.That(blocks[0].Cols, Is.EqualTo(Enumerable.Range(0, 8)));
    }

    [Test]
    public void FindBlocks_PermutedIds_SameBlock()
    {
        var (rows, cols) = Planted(seed: 2);
        var random = new Random(5);
        var rowPerm = Enumerable.Range(0, 400).OrderBy(_ => random.Next()).ToArray();
        var colPerm = Enumerable.Range(0, 300).OrderBy(_ => random.Next()).ToArray();
        var edgeOrder = Enumerable.Range(0, rows.Length).OrderBy(_ => random.Next()).ToArray();
        var permRows = edgeOrder.Select(e => rowPerm[rows[e]]).ToArray();
        var permCols = edgeOrder.Select(e => colPerm[cols[e]]).ToArray();

        var original = FraudarAlgorithm.FindBlocks(400, 300, rows, cols, OneBlock).Single();
        var permuted = FraudarAlgorithm.FindBlocks(400, 300, permRows, permCols, OneBlock).Single();

        Assert.That(permuted.Rows, Is.EquivalentTo(original.Rows.Select(r => rowPerm[r])));
        Assert.That(permuted.Cols, Is.EquivalentTo(original.Cols.Select(c => colPerm[c])));
        Assert.That(permuted.Score, Is.EqualTo(original.Score).Within(1e-9));
    }

    [Test]
    public void FindBlocks_MoreSparseNoise_SameBlock()
    {
        var (rows, cols) = Planted(seed: 3, noisePerRow: 3);
        var (noisyRows, noisyCols) = Planted(seed: 3, noisePerRow: 5);

        var clean = FraudarAlgorithm.FindBlocks(400, 300, rows, cols, OneBlock).Single();
        var noisy = FraudarAlgorithm.FindBlocks(400, 300, noisyRows, noisyCols, OneBlock).Single();

        Assert.That(noisy.Rows, Is.EqualTo(clean.Rows));
        Assert.That(noisy.Cols, Is.EqualTo(clean.Cols));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void FindBlocks_SparseRandomGraphOnly_ReportsNothing(int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, 4000).Select(e => e / 5).ToArray();
        var cols = rows.Select(_ => random.Next(500)).ToArray();

        var blocks = FraudarAlgorithm.FindBlocks(800, 500, rows, cols, FraudarOptions.Default);
        var all = FraudarAlgorithm.FindAllBlocks(800, 500, rows, cols, FraudarOptions.Default);

        Assert.That(blocks, Is.Empty, () => string.Join("; ", all.Select(b => $"{b.Rows.Count}x{b.Cols.Count} density {b.Density:0.000}")));
    }

    [Test]
    public void FindBlocks_TwoBlocks_FindsBothInOrder()
    {
        var rows = new List<int>();
        var cols = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            for (var j = 0; j < 10; j++)
            {
                rows.Add(i);
                cols.Add(j);
            }
        }

        for (var i = 100; i < 120; i++)
        {
            for (var j = 50; j < 55; j++)
            {
                rows.Add(i);
                cols.Add(j);
            }
        }

        var blocks = FraudarAlgorithm.FindBlocks(200, 100, [.. rows], [.. cols], FraudarOptions.Default with { BlockCount = 2 });

        Assert.That(blocks, Has.Count.EqualTo(2));
        Assert.That(blocks[0].Rows, Is.EqualTo(Enumerable.Range(0, 40)));
        Assert.That(blocks[1].Rows, Is.EqualTo(Enumerable.Range(100, 20)));
        Assert.That(blocks[1].Cols, Is.EqualTo(Enumerable.Range(50, 5)));
    }

    [Test]
    public void FindBlocks_EdgeOutOfRange_Throws()
    {
        Assert.That(() => FraudarAlgorithm.FindBlocks(2, 2, [0, 5], [0, 1], FraudarOptions.Default), Throws.ArgumentException);
    }

    [Test]
    public void FindBlocks_ThreeBlocksInSparseNoise_ReportsAllThreeThenStops()
    {
        // Arrange: 1,000 x 600 sparse noise (3 edges per row) and three dense blocks in disjoint ids.
        var random = new Random(8);
        var rows = new List<int>();
        var cols = new List<int>();
        for (var i = 0; i < 1000; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                rows.Add(i);
                cols.Add(random.Next(600));
            }
        }

        var planted = new[] { (Row: 0, Rows: 60, Col: 0, Cols: 12), (Row: 100, Rows: 40, Col: 100, Cols: 8), (Row: 200, Rows: 30, Col: 200, Cols: 6) };
        foreach (var b in planted)
        {
            for (var i = b.Row; i < b.Row + b.Rows; i++)
            {
                for (var j = b.Col; j < b.Col + b.Cols; j++)
                {
                    rows.Add(i);
                    cols.Add(j);
                }
            }
        }

        // Act
        var reported = FraudarAlgorithm.FindBlocks(1000, 600, [.. rows], [.. cols], FraudarOptions.Default);
        var all = FraudarAlgorithm.FindAllBlocks(1000, 600, [.. rows], [.. cols], FraudarOptions.Default);

        // Assert: the three blocks, each containing its planted rows, then the search stopped (more rounds were possible).
        Assert.That(reported, Has.Count.EqualTo(3));
        for (var k = 0; k < 3; k++)
        {
            Assert.That(reported[k].Rows, Is.SupersetOf(Enumerable.Range(planted[k].Row, planted[k].Rows)));
            Assert.That(reported[k].Cols, Is.EquivalentTo(Enumerable.Range(planted[k].Col, planted[k].Cols)));
        }

        Assert.That(all, Has.Count.GreaterThan(3));
        Assert.That(FraudarAlgorithm.IsReportable(all[3], FraudarOptions.Default), Is.False);
    }
}
