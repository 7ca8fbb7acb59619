using FollowerAudit.Core.Detectors.Fraudar;
using FollowerAudit.Core.Synthetic;

namespace FollowerAudit.Core.Tests.Detectors.Fraudar;

// The peel (sorted first stretch, bucketed trees) against a plain one that scans every node for the minimum at each
// step: the same block and bit-for-bit the same score.
public sealed partial class FraudarAlgorithmTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void FindAllBlocks_PlantedBlockGraph_SameBlockAndScoreAsAPlainPeel(int seed)
    {
        var graph = PlantedBlockGraph.Generate(rowCount: 700, colCount: 130, edgeCount: 5_000, fakeCount: 40, customerCount: 12, camouflagePerFake: 5, seed: seed);

        AssertSameAsPlainPeel(graph.RowCount, graph.ColCount, graph.Rows, graph.Cols, null, null);
    }

    [TestCase(11, false)]
    [TestCase(12, false)]
    [TestCase(13, true)]
    [TestCase(14, true)]
    public void FindAllBlocks_UniformGraphsWithTies_SameBlockAndScoreAsAPlainPeel(int seed, bool priors)
    {
        // Few columns of few degrees (many equal losses), more columns than rows so columns also go early, and priors
        // on a coarse grid.
        var random = new Random(seed);
        int rowCount = 150, colCount = 260, edgeCount = 900;
        var rows = Enumerable.Range(0, edgeCount).Select(_ => random.Next(rowCount)).ToArray();
        var cols = Enumerable.Range(0, edgeCount).Select(_ => random.Next(colCount)).ToArray();
        var rowPriors = priors ? Enumerable.Range(0, rowCount).Select(_ => random.Next(3) * 0.5).ToArray() : null;
        var colPriors = priors ? Enumerable.Range(0, colCount).Select(_ => random.Next(3) * 0.5).ToArray() : null;

        AssertSameAsPlainPeel(rowCount, colCount, rows, cols, rowPriors, colPriors);
    }

    private static void AssertSameAsPlainPeel(int rowCount, int colCount, int[] rows, int[] cols, double[]? rowPriors, double[]? colPriors)
    {
        var block = FraudarAlgorithm.FindAllBlocks(rowCount, colCount, rows, cols, OneBlock, rowPriors, colPriors).Single();

        var expected = PlainPeel(rowCount, colCount, rows, cols, rowPriors, colPriors);
        Assert.That(block.Rows, Is.EqualTo(expected.Rows));
        Assert.That(block.Cols, Is.EqualTo(expected.Cols));
        Assert.That(block.Score, Is.EqualTo(expected.Score), "the score must be the same double, not just close");
    }

    // FRAUDAR's greedy peel as the reference states it, O((rows + cols)²): each step scans all nodes left for the
    // smallest loss (rows first on ties, then the lowest index). Sums are taken in the same order as the library's
    // (each row's distinct columns in first-seen order), so the scores must agree exactly.
    private static (int[] Rows, int[] Cols, double Score) PlainPeel(int m, int n, int[] rows, int[] cols, double[]? rowPriors, double[]? colPriors)
    {
        var rowLists = Enumerable.Range(0, m).Select(_ => new List<int>()).ToArray();
        var colLists = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var seen = new HashSet<(int, int)>();
        for (var e = 0; e < rows.Length; e++)
        {
            if (seen.Add((rows[e], cols[e])))
            {
                rowLists[rows[e]].Add(cols[e]);
            }
        }

        for (var i = 0; i < m; i++)
        {
            foreach (var j in rowLists[i])
            {
                colLists[j].Add(i);
            }
        }

        var weight = colLists.Select(l => 1.0 / Math.Log(l.Count + 5)).ToArray();
        var rowLoss = Enumerable.Range(0, m).Select(i => rowLists[i].Aggregate(0.0, (s, j) => s + weight[j]) + (rowPriors?[i] ?? 0)).ToArray();
        var colLoss = Enumerable.Range(0, n).Select(j => (colLists[j].Count * weight[j]) + (colPriors?[j] ?? 0)).ToArray();
        var score = rowLoss.Aggregate(0.0, (s, v) => s + v) + Enumerable.Range(0, n).Aggregate(0.0, (s, j) => s + (colPriors?[j] ?? 0));
        var rowIn = Enumerable.Repeat(true, m).ToArray();
        var colIn = Enumerable.Repeat(true, n).ToArray();
        var best = score / (m + n);
        var bestRows = rowIn.ToArray();
        var bestCols = colIn.ToArray();
        for (int rowsLeft = m, colsLeft = n; rowsLeft > 0 && colsLeft > 0;)
        {
            var row = Enumerable.Range(0, m).Where(i => rowIn[i]).MinBy(i => rowLoss[i]);
            var col = Enumerable.Range(0, n).Where(j => colIn[j]).MinBy(j => colLoss[j]);
            if (rowLoss[row] <= colLoss[col])
            {
                score -= rowLoss[row];
                rowIn[row] = false;
                rowsLeft--;
                foreach (var j in rowLists[row].Where(j => colIn[j]))
                {
                    colLoss[j] -= weight[j];
                }
            }
            else
            {
                score -= colLoss[col];
                colIn[col] = false;
                colsLeft--;
                foreach (var i in colLists[col].Where(i => rowIn[i]))
                {
                    rowLoss[i] -= weight[col];
                }
            }

            if (score / (rowsLeft + colsLeft) > best)
            {
                best = score / (rowsLeft + colsLeft);
                bestRows = rowIn.ToArray();
                bestCols = colIn.ToArray();
            }
        }

        return ([.. Enumerable.Range(0, m).Where(i => bestRows[i])], [.. Enumerable.Range(0, n).Where(j => bestCols[j])], best);
    }
}
