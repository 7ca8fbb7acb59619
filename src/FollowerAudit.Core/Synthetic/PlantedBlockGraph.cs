namespace FollowerAudit.Core.Synthetic;

/// <summary>
/// A seeded synthetic bipartite follow graph (rows = followers, cols = followed accounts) with power-law degrees and
/// one planted, camouflaged fraud block: a pool of fake rows that follow a set of customer columns densely and also
/// follow popular columns as camouflage (the "biased camouflage" of the FRAUDAR paper). For benchmarks and
/// recovery tests of dense-block detectors. Immutable; the same arguments always give the same graph.
/// </summary>
/// <param name="RowCount">Number of rows.</param>
/// <param name="ColCount">Number of columns.</param>
/// <param name="Rows">Row of each edge (duplicates possible, as in raw data).</param>
/// <param name="Cols">Column of each edge.</param>
/// <param name="FakeRows">The planted fake rows, ascending.</param>
/// <param name="CustomerCols">The planted customer columns, ascending.</param>
public sealed record PlantedBlockGraph(int RowCount, int ColCount, int[] Rows, int[] Cols, int[] FakeRows, int[] CustomerCols)
{
    /// <summary>Generates a graph.</summary>
    /// <param name="rowCount">Rows (followers), e.g. 1,000,000.</param>
    /// <param name="colCount">Columns (followed accounts), e.g. 100,000.</param>
    /// <param name="edgeCount">Approximate total edges including the block and camouflage, e.g. 10,000,000.</param>
    /// <param name="fakeCount">Fake rows in the block.</param>
    /// <param name="customerCount">Customer columns in the block.</param>
    /// <param name="blockDensity">Probability that a fake follows a given customer, in (0, 1].</param>
    /// <param name="camouflagePerFake">Camouflage follows per fake, drawn in proportion to column popularity.</param>
    /// <param name="seed">Seed of every random choice.</param>
    /// <returns>The graph.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public static PlantedBlockGraph Generate(
        int rowCount = 1_000_000,
        int colCount = 100_000,
        int edgeCount = 10_000_000,
        int fakeCount = 2_000,
        int customerCount = 200,
        double blockDensity = 0.5,
        int camouflagePerFake = 100,
        int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(colCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(camouflagePerFake);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fakeCount, rowCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(customerCount, colCount);
        if (!(blockDensity is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(blockDensity), blockDensity, "The block density must be in (0, 1].");
        }

        var random = new Random(seed);

        // Column popularity: Zipf-like weights over a random permutation of column ids.
        var popularityRank = Permutation(colCount, random);
        var cdf = new double[colCount];
        var total = 0.0;
        for (var j = 0; j < colCount; j++)
        {
            total += Math.Pow(popularityRank[j] + 1, -0.8);
            cdf[j] = total;
        }

        var blockEdges = (long)Math.Round(fakeCount * (double)customerCount * blockDensity);
        var background = Math.Max(0, edgeCount - blockEdges - ((long)fakeCount * camouflagePerFake));

        // Row out-degrees: a discrete power law (exponent 2.5, minimum 1), rescaled to the wanted background total.
        var degree = new double[rowCount];
        var sum = 0.0;
        for (var i = 0; i < rowCount; i++)
        {
            degree[i] = Math.Min(colCount / 10.0 + 1, Math.Pow(1 - random.NextDouble(), -1 / 1.5));
            sum += degree[i];
        }

        var scale = background / sum;
        var degrees = new int[rowCount];
        long assigned = 0;
        for (var i = 0; i < rowCount; i++)
        {
            degrees[i] = (int)(degree[i] * scale);
            assigned += degrees[i];
        }

        while (assigned < background)
        {
            degrees[random.Next(rowCount)]++;
            assigned++;
        }

        var fakes = Permutation(rowCount, random)[..fakeCount];
        var customers = Permutation(colCount, random)[..customerCount];
        Array.Sort(fakes);
        Array.Sort(customers);

        var capacity = assigned + blockEdges + ((long)fakeCount * camouflagePerFake) + fakeCount;
        var rows = new List<int>((int)Math.Min(int.MaxValue, capacity));
        var cols = new List<int>(rows.Capacity);
        for (var i = 0; i < rowCount; i++)
        {
            for (var k = 0; k < degrees[i]; k++)
            {
                rows.Add(i);
                cols.Add(Sample(cdf, total, random));
            }
        }

        foreach (var f in fakes)
        {
            foreach (var c in customers)
            {
                if (random.NextDouble() < blockDensity)
                {
                    rows.Add(f);
                    cols.Add(c);
                }
            }

            for (var k = 0; k < camouflagePerFake; k++)
            {
                rows.Add(f);
                cols.Add(Sample(cdf, total, random));
            }
        }

        return new PlantedBlockGraph(rowCount, colCount, [.. rows], [.. cols], fakes, customers);
    }

    private static int[] Permutation(int count, Random random)
    {
        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = i;
        }

        random.Shuffle(values);
        return values;
    }

    private static int Sample(double[] cdf, double total, Random random)
    {
        var u = random.NextDouble() * total;
        int a = 0, b = cdf.Length - 1;
        while (a < b)
        {
            var m = (a + b) >>> 1;
            if (cdf[m] <= u)
            {
                a = m + 1;
            }
            else
            {
                b = m;
            }
        }

        return a;
    }
}
