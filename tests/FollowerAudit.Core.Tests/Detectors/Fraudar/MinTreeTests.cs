using FollowerAudit.Core.Detectors.Fraudar;

namespace FollowerAudit.Core.Tests.Detectors.Fraudar;

public sealed class MinTreeTests
{
    [TestCase(1, 1)]
    [TestCase(63, 2)]
    [TestCase(64, 3)]
    [TestCase(65, 4)]
    [TestCase(1000, 5)]
    [TestCase(5000, 6)]
    public void DecreaseAndRemove_RandomOperations_MinimumMatchesALinearScan(int count, int seed)
    {
        // Values on a coarse grid (multiples of 0.25), so equal values, and the lowest-index rule, come up often.
        var random = new Random(seed);
        var values = Enumerable.Range(0, count).Select(_ => random.Next(0, 40) * 0.25).ToArray();
        var tree = new MinTree(values);
        var alive = Enumerable.Repeat(true, count).ToArray();

        for (var step = 0; step < count * 6; step++)
        {
            var index = random.Next(count);
            if (random.Next(4) == 0)
            {
                tree.Remove(index);
                alive[index] = false;
                values[index] = double.PositiveInfinity;
            }
            else
            {
                var amount = random.Next(0, 3) * 0.25;
                tree.Decrease(index, amount);
                if (alive[index])
                {
                    values[index] -= amount;
                }
            }

            if (alive.Any(a => a))
            {
                var (expectedIndex, expectedValue) = LinearMinimum(values);
                Assert.That((tree.MinIndex, tree.MinValue), Is.EqualTo((expectedIndex, expectedValue)), $"step {step}");
            }
            else
            {
                Assert.That(tree.MinValue, Is.EqualTo(double.PositiveInfinity), $"step {step}");
            }
        }
    }

    [Test]
    public void Constructor_InfiniteEntries_AreAbsent()
    {
        var tree = new MinTree([double.PositiveInfinity, 3, double.PositiveInfinity, 2, 2]);

        Assert.That((tree.MinIndex, tree.MinValue), Is.EqualTo((3, 2.0)));
        tree.Decrease(0, 10);
        tree.Remove(3);
        Assert.That((tree.MinIndex, tree.MinValue), Is.EqualTo((4, 2.0)));
    }

    // The first index of the smallest value.
    private static (int Index, double Value) LinearMinimum(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[best])
            {
                best = i;
            }
        }

        return (best, values[best]);
    }
}
