using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class SelectionTests
{
    private static IEnumerable<TestCaseData> Inputs()
    {
        var random = new Random(3);
        yield return new TestCaseData(Enumerable.Range(0, 1001).Select(_ => random.NextDouble()).ToArray()).SetName("Select_Uniform");
        yield return new TestCaseData(Enumerable.Range(0, 1000).Select(_ => (double)random.Next(2)).ToArray()).SetName("Select_ZeroOneFlags");
        yield return new TestCaseData(Enumerable.Repeat(7.0, 500).ToArray()).SetName("Select_AllEqual");
        yield return new TestCaseData(Enumerable.Range(0, 800).Select(i => (double)i).ToArray()).SetName("Select_Ascending");
        yield return new TestCaseData(Enumerable.Range(0, 800).Select(i => (double)-i).ToArray()).SetName("Select_Descending");
        // Organ pipe: up then down, a classic bad case for median-of-three pivots.
        yield return new TestCaseData(Enumerable.Range(0, 2000).Select(i => (double)Math.Min(i, 2000 - i)).ToArray()).SetName("Select_OrganPipe");
        yield return new TestCaseData(new[] { 4.0 }).SetName("Select_OneValue");
        yield return new TestCaseData(new[] { double.NegativeInfinity, 1, double.PositiveInfinity, -1 }).SetName("Select_Infinities");
    }

    [TestCaseSource(nameof(Inputs))]
    public void Select_EveryIndex_EqualsSortedValue(double[] values)
    {
        var sorted = values.Order().ToArray();
        var step = Math.Max(1, values.Length / 37);
        for (var k = 0; k < values.Length; k += step)
        {
            var copy = values.ToArray();
            Assert.That(Selection.Select(copy, k), Is.EqualTo(sorted[k]), $"k = {k}");
        }
    }

    [Test]
    public void Select_IndexOutsideValues_Throws() =>
        Assert.That(() => Selection.Select(new double[3], 3), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void Medians_ManyRowsWithNaNAndFlags_EqualStableSortMedians()
    {
        var random = new Random(11);
        var rows = Enumerable.Range(0, 50_001).Select(_ => new[]
        {
            random.NextDouble() < 0.2 ? double.NaN : random.NextDouble() * 100,
            random.Next(2),
            double.NaN,
            Math.Round(random.NextDouble() * 3),
        }).ToArray();

        var medians = FeatureMatrix.Medians(rows, 4);

        for (var j = 0; j < 4; j++)
        {
            var known = rows.Select(r => r[j]).Where(v => !double.IsNaN(v)).Order().ToArray();
            var expected = known.Length == 0 ? 0 : known[known.Length / 2];
            Assert.That(BitConverter.DoubleToInt64Bits(medians[j]), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), $"column {j}");
        }
    }
}
