using FollowerAudit.Core.Detectors.Fraudar;

namespace FollowerAudit.Core.Tests.Detectors.Fraudar;

public sealed partial class FraudarAlgorithmTests
{
    [TestCase(0, 1)]
    [TestCase(1, 2)]
    [TestCase(300, 3)]
    [TestCase(20_000, 4)]
    public void RowsByLoss_LossesWithManyTies_OrderedByLossThenIndex(int count, int seed)
    {
        // A coarse grid (many equal losses, several exponents), zero, and a few wide-ranging values.
        var random = new Random(seed);
        var losses = Enumerable.Range(0, count).Select(_ => random.Next(10) switch
        {
            0 => 0.0,
            1 => random.NextDouble() * 1e6,
            _ => random.Next(0, 50) * 0.125,
        }).ToArray();

        var order = FraudarAlgorithm.RowsByLoss(losses);

        Assert.That(order, Is.EqualTo(Enumerable.Range(0, count).OrderBy(i => losses[i]).ThenBy(i => i)));
    }
}
