using FollowerAudit.Core.Detectors.Fraudar;
using MathNet.Numerics.Distributions;

namespace FollowerAudit.Core.Tests.Detectors.Fraudar;

public sealed class BlockCompletionTests
{
    [TestCase(10, 0.1, 1e-3)]
    [TestCase(26, 0.03, 1e-7)]
    [TestCase(40, 0.4, 0.01)]
    public void SmallestSignificantCount_EqualRates_MatchesBinomialTail(int n, double p, double threshold)
    {
        var k = BlockCompletion.SmallestSignificantCount([.. Enumerable.Repeat(p, n)], threshold);

        // P(X >= k) <= threshold < P(X >= k - 1) for X ~ Binomial(n, p).
        var binomial = new Binomial(p, n);
        Assert.That(1 - binomial.CumulativeDistribution(k - 1), Is.LessThanOrEqualTo(threshold * (1 + 1e-9)));
        Assert.That(1 - binomial.CumulativeDistribution(k - 2), Is.GreaterThan(threshold));
    }

    [Test]
    public void SmallestSignificantCount_NoCountRareEnough_IsAboveEveryCount()
    {
        Assert.That(BlockCompletion.SmallestSignificantCount([0.9, 0.9], 1e-6), Is.EqualTo(3));
    }

    [Test]
    public void SignificantRowsAndCols_RowsFollowingMostBlockColumns_AreMembers()
    {
        // 2,000 background rows follow columns 0..19 round-robin (one each); rows 2000..2039 follow columns 0..9 (the
        // pool; FRAUDAR's core is the first 5 of them); row 2040 follows columns 0 and 10 only.
        var rows = new List<int>();
        var cols = new List<int>();
        for (var r = 0; r < 2000; r++)
        {
            rows.Add(r);
            cols.Add(r % 20);
        }

        for (var r = 2000; r < 2040; r++)
        {
            for (var c = 0; c < 10; c++)
            {
                rows.Add(r);
                cols.Add(c);
            }
        }

        rows.AddRange([2040, 2040]);
        cols.AddRange([0, 10]);
        var graph = BipartiteCsr.Build(2041, 20, [.. rows], [.. cols]);
        int[] block = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 19];

        var members = BlockCompletion.SignificantRows(graph, block, [2000, 2001, 2002, 2003, 2004], alpha: 0.01, minEdges: 2, out var shared);
        var customers = BlockCompletion.SignificantCols(graph, block, members, alpha: 0.01, minShare: 0.2);

        Assert.That(members, Is.EqualTo(Enumerable.Range(2000, 40)));
        Assert.That(shared, Is.InRange(2, 10));
        Assert.That(customers, Is.EqualTo(Enumerable.Range(0, 10)), "column 19 is in the block but no member follows it");
    }
}
