using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class ProjectionNeighboursTests
{
    // Batches of exact and near-exact copies among scattered points, as bought followers among genuine ones.
    private static double[][] ClonesAndScatter(int n, int seed)
    {
        var random = new Random(seed);
        var points = new List<double[]>();
        while (points.Count < n)
        {
            var template = Enumerable.Range(0, 5).Select(j => j == 0 ? random.Next(2) : (random.NextDouble() * 4) - 2).ToArray();
            var copies = random.Next(4) == 0 ? random.Next(2, 15) : 1;
            for (var c = 0; c < copies && points.Count < n; c++)
            {
                points.Add([.. template.Select((v, j) => c > 0 && j == 3 && copies % 2 == 0 ? v + ((random.NextDouble() - 0.5) * 1e-3) : v)]);
            }
        }

        return [.. points];
    }

    [Test]
    public void MeanDistance_WindowCoversEveryPoint_EqualsExactNearestNeighbours()
    {
        // With 2·window + 1 ≥ n every other point is a candidate, so the result is the exact k-NN mean, to the bit.
        var points = ClonesAndScatter(40, seed: 1);

        var distances = ProjectionNeighbours.MeanDistance(points, k: 10, seed: 3);

        for (var i = 0; i < points.Length; i++)
        {
            var exact = points.Where((_, o) => o != i)
                .Select(p => Math.Sqrt(p.Zip(points[i], (a, b) => (b - a) * (b - a)).Aggregate(0.0, (s, t) => s + t)))
                .Order().Take(10).Average();
            // The k-best lists are kept in 32 bits between sweeps: each kept squared distance is rounded (2^-24 relative).
            Assert.That(distances[i], Is.EqualTo(exact).Within(1e-7 * exact), $"point {i}");
        }
    }

    [Test]
    public void MeanDistance_ManyPoints_EqualsTheKNearestAmongTheWindowsInEachProjection()
    {
        // The definition, point by point: candidates are the points within W positions in any projection's order
        // (the same directions, keys summed in the same order, Array.Sort), and the result is the mean of the square
        // roots of the k smallest squared distances among them, in ascending order. The sweep (pairs measured once,
        // four candidates per vector, lists laid out per chunk, early exits) must give these bits.
        const int k = 10;
        const int window = 2 * k;
        const int projections = 10;
        var points = ClonesAndScatter(6000, seed: 6);
        var d = points[0].Length;
        var candidates = points.Select(_ => new HashSet<int>()).ToArray();
        foreach (var direction in ProjectionNeighbours.Directions(d, projections, seed: 8))
        {
            var keys = points.Select(p => p.Select((v, j) => v * direction[j]).Aggregate(0.0, (s, t) => s + t)).ToArray();
            var order = Enumerable.Range(0, points.Length).ToArray();
            Array.Sort(keys, order);
            for (var r = 0; r < order.Length; r++)
            {
                for (var o = Math.Max(0, r - window); o <= Math.Min(order.Length - 1, r + window); o++)
                {
                    if (o != r)
                    {
                        candidates[order[r]].Add(order[o]);
                    }
                }
            }
        }

        var distances = ProjectionNeighbours.MeanDistance(points, k, seed: 8, projections, window);

        for (var i = 0; i < points.Length; i++)
        {
            var expected = candidates[i]
                .Select(c => points[c].Zip(points[i], (a, b) => (b - a) * (b - a)).Aggregate(0.0, (s, t) => s + t))
                .Order().Take(k).Select(Math.Sqrt).Aggregate(0.0, (s, t) => s + t) / Math.Min(k, candidates[i].Count);
            // The k-best lists are kept in 32 bits between sweeps: each kept squared distance is rounded (2^-24 relative).
            Assert.That(distances[i], Is.EqualTo(expected).Within(1e-7 * expected), $"point {i}");
        }
    }

    [Test]
    public void MeanDistance_ExactCopies_AreAtDistanceZero()
    {
        var points = ClonesAndScatter(3000, seed: 2).Concat(Enumerable.Range(0, 30).Select(_ => new[] { 9.0, 9, 9, 9, 9 })).ToArray();

        var distances = ProjectionNeighbours.MeanDistance(points, k: 10, seed: 3);

        Assert.That(distances[^30..], Is.All.EqualTo(0.0));
    }

    [Test]
    public void MeanDistance_SettledAt_ChangesNoPointAboveIt_AndKeepsTheOthersAtOrBelowIt()
    {
        // A point whose mean reaches the threshold stops being refined (its score can no longer change); every other point
        // must get the same bits as without the threshold, since the frozen points are still measured as its candidates.
        var rows = ClonesAndScatter(20_000, seed: 9);
        var points = PackedPoints.Pack(rows.Length, rows[0].Length, (i, j) => rows[i][j], (_, x) => x);
        var plain = ProjectionNeighbours.MeanDistance(points, k: 10, seed: 2);
        var threshold = plain.Order().ElementAt(rows.Length / 3);

        var settled = ProjectionNeighbours.MeanDistance(points, k: 10, seed: 2, settledAt: threshold);

        Assert.Multiple(() =>
        {
            for (var i = 0; i < rows.Length; i++)
            {
                if (plain[i] > threshold)
                {
                    Assert.That(settled[i], Is.EqualTo(plain[i]), $"point {i}");
                }
                else
                {
                    Assert.That(settled[i], Is.InRange(plain[i], threshold), $"point {i}");
                }
            }

            Assert.That(Enumerable.Range(0, rows.Length).Count(i => settled[i] != plain[i]), Is.GreaterThan(0), "some points froze before their last projection");
        });
    }

    [Test]
    public void MeanDistance_Cancelled_StopsWithOperationCanceled()
    {
        var rows = ClonesAndScatter(20_000, seed: 3);
        var points = PackedPoints.Pack(rows.Length, rows[0].Length, (i, j) => rows[i][j], (_, x) => x);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => ProjectionNeighbours.MeanDistance(points, k: 10, seed: 2, cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void MeanDistance_SameSeed_SameResultWhateverTheThreads()
    {
        var points = ClonesAndScatter(20_000, seed: 4);

        var parallel = ProjectionNeighbours.MeanDistance(points, k: 10, seed: 5);
        // Parallel.For on a scheduler limited to one thread runs the chunks in order.
        var once = Task.Factory.StartNew(
            () => ProjectionNeighbours.MeanDistance(points, k: 10, seed: 5),
            CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, 1).ExclusiveScheduler).Result;

        Assert.That(once, Is.EqualTo(parallel));
    }
}
