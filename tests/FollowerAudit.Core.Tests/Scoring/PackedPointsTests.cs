using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class PackedPointsTests
{
    [Test]
    public void Of_ColumnsOfEachWidth_DecodeToTheSameBits()
    {
        // Column 0: two values and both zeros (1-byte codes); column 1: 1,000 values (2-byte codes); column 2: all
        // distinct (kept as doubles); NaN and infinities in every column.
        const int n = 70_000;
        var random = new Random(1);
        var points = new double[n * 3];
        for (var i = 0; i < n; i++)
        {
            points[i * 3] = (i % 4) switch { 0 => 0.0, 1 => -0.0, 2 => 1.5, _ => double.NaN };
            points[(i * 3) + 1] = i % 97 == 0 ? double.PositiveInfinity : random.Next(1000) / 7.0;
            points[(i * 3) + 2] = i % 101 == 0 ? double.NegativeInfinity : random.NextDouble();
        }

        var packed = PackedPoints.Of(points, n, 3);

        Assert.That(packed.RowBytes, Is.EqualTo(1 + 2 + 8));
        var row = new double[3];
        for (var i = 0; i < n; i++)
        {
            packed.CopyTo(i, row, 1);
            for (var j = 0; j < 3; j++)
            {
                Assert.That(BitConverter.DoubleToInt64Bits(row[j]), Is.EqualTo(BitConverter.DoubleToInt64Bits(points[(i * 3) + j])), $"point {i}, column {j}");
                Assert.That(BitConverter.DoubleToInt64Bits(packed.Value(i, j)), Is.EqualTo(BitConverter.DoubleToInt64Bits(points[(i * 3) + j])), $"point {i}, column {j}");
            }
        }
    }

    [Test]
    public void CopyTo_WithStride_WritesColumnByColumn()
    {
        double[] points = [1, 2, 3, 4, 5, 6];
        var packed = PackedPoints.Of(points, 2, 3);
        var laidOut = new double[8];

        packed.CopyTo(1, laidOut.AsSpan(1), stride: 3);

        Assert.That(laidOut, Is.EqualTo(new double[] { 0, 4, 0, 0, 5, 0, 0, 6 }));
    }
}
