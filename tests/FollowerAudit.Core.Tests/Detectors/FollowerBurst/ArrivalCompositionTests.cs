using FollowerAudit.Core.Detectors.FollowerBurst;

namespace FollowerAudit.Core.Tests.Detectors.FollowerBurst;

public sealed class ArrivalCompositionTests
{
    private static double[] Spread(Random random, int count, double days) => [.. Enumerable.Range(0, count).Select(_ => random.NextDouble() * days)];

    [Test]
    public void CreationBatchShare_HalfCreatedInOneDay_IsAboutHalf()
    {
        var random = new Random(3);
        var arrivals = Spread(random, 100, 3000).Concat(Enumerable.Range(0, 100).Select(_ => 1500 + random.NextDouble())).ToArray();
        var baseline = Spread(random, 1000, 3000);

        var share = ArrivalComposition.CreationBatchShare(arrivals, baseline, 7);

        Assert.That(share, Is.EqualTo(0.5).Within(0.03));
    }

    [Test]
    public void CreationBatchShare_SameDistributionAsBaseline_IsSmall()
    {
        var random = new Random(4);

        var share = ArrivalComposition.CreationBatchShare(Spread(random, 200, 3000), Spread(random, 2000, 3000), 7);

        Assert.That(share, Is.LessThan(0.05));
    }

    [Test]
    public void CreationBatchShare_NoArrivals_IsZero()
    {
        Assert.That(ArrivalComposition.CreationBatchShare([], [1.0, 2.0], 7), Is.Zero);
    }

    // Properties over random inputs: the share is in [-1, 1], does not depend on input order, and is unchanged when
    // every date moves by the same amount.
    [Test]
    public void CreationBatchShare_RandomInputs_BoundedOrderFreeAndShiftInvariant([Range(1, 20)] int seed)
    {
        var random = new Random(seed);
        var arrivals = Spread(random, random.Next(1, 80), random.Next(5, 500));
        var baseline = Spread(random, random.Next(1, 200), random.Next(5, 500));
        var window = random.Next(1, 15);

        var share = ArrivalComposition.CreationBatchShare((double[])arrivals.Clone(), (double[])baseline.Clone(), window);
        var reversed = ArrivalComposition.CreationBatchShare([.. arrivals.Reverse()], [.. baseline.Reverse()], window);
        var shifted = ArrivalComposition.CreationBatchShare([.. arrivals.Select(a => a + 100)], [.. baseline.Select(b => b + 100)], window);

        Assert.That(share, Is.InRange(-1.0, 1.0));
        Assert.That(reversed, Is.EqualTo(share).Within(1e-12));
        Assert.That(shifted, Is.EqualTo(share).Within(1e-9));
    }

    [Test]
    public void FlaggedExcessShare_CountsScoresAtOrAboveThreshold()
    {
        var share = ArrivalComposition.FlaggedExcessShare([0.9, 0.8, 0.1, 0.5], [0.1, 0.5, 0.2, 0.3], 0.5);

        Assert.That(share, Is.EqualTo(0.75 - 0.25).Within(1e-12));
    }
}
