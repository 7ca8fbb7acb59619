namespace FollowerAudit.Core.Detectors.Fraudar;

/// <summary>
/// Completes a dense block's rows: every row that follows more of the block's columns than chance allows, under a
/// null in which each row follows each column independently with probability (column degree / rows).
/// </summary>
/// <remarks>
/// FRAUDAR maximises the block's average degree, so when a pool is sold in parts its members' degrees vary and greedy
/// peeling keeps only the members with the most orders (docs/accuracy.md: precision 1.0, recall 0.12–0.18). The
/// block's columns are still the customers, and the other members still follow many more of them than any genuine
/// follower does. The number K of the block's columns a row follows is, under the null, a sum of independent
/// Bernoulli(p_c) (Poisson-binomial); rows with P(K ≥ k) ≤ alpha / rows (Bonferroni over every row tested) are
/// members. This also drops rows FRAUDAR kept whose follows into the block are not beyond chance.
/// </remarks>
internal static class BlockCompletion
{
    /// <summary>
    /// Completes a block: alternately the columns its members follow beyond chance (<see cref="SignificantCols"/>) and
    /// the rows that follow beyond chance many of those columns (<see cref="SignificantRows"/>), from FRAUDAR's block
    /// until neither changes (at most ten rounds), as CopyCatch alternates between its accounts and its members.
    /// </summary>
    /// <remarks>
    /// FRAUDAR's block keeps the accounts its core also follows as camouflage; counting them would dilute every
    /// member's share of the block, so the columns are tested first.
    /// </remarks>
    /// <param name="graph">The graph the block was found in.</param>
    /// <param name="block">FRAUDAR's block.</param>
    /// <param name="alpha">Family-wise false-alarm rate of each test.</param>
    /// <param name="minEdges">Fewest edges into the block's columns for a member.</param>
    /// <param name="minShare">Smallest share of the members that must follow a column for it to stay in the block.</param>
    /// <returns>The members, the columns, and the smallest number of the columns that every member follows.</returns>
    public static (int[] Rows, int[] Cols, int MinShared) Complete(BipartiteCsr graph, DenseBlock block, double alpha, int minEdges, double minShare)
    {
        int[] rows = [.. block.Rows];
        int[] cols = [.. block.Cols];
        var shared = 0;
        for (var round = 0; round < 10; round++)
        {
            var nextCols = SignificantCols(graph, cols, rows, alpha, minShare);
            var nextRows = nextCols.Length == 0 ? [] : SignificantRows(graph, nextCols, rows, alpha, minEdges, out shared);
            var stable = nextCols.AsSpan().SequenceEqual(cols) && nextRows.AsSpan().SequenceEqual(rows);
            (rows, cols) = (nextRows, nextCols);
            if (stable || rows.Length == 0)
            {
                break;
            }
        }

        return (rows, cols, shared);
    }

    /// <summary>Rows that follow significantly many of <paramref name="blockCols"/>, ascending.</summary>
    /// <remarks>
    /// <para>Null model: row r follows column c independently with probability θ_r · p_c, where p_c is c's follow rate
    /// among the rows outside the pool and θ_r the row's activity. θ_r is estimated from the row's follows of the
    /// columns outside the block (out_r, against P_O = Σ p_c over those columns) as the Gamma(1, 1)-Poisson posterior
    /// mean (out_r + 1) / (P_O + 1), floored at 1: a follower who follows many of the other accounts is expected to
    /// follow more of these too, and no follower is assumed less active than the average one. Without the activity
    /// term, genuine followers who follow hundreds of popular accounts pass as a pool of the most popular ones.</para>
    /// <para>The rates are measured on the rows outside the pool: starting from FRAUDAR's core, p_c is recomputed
    /// without the members until they no longer change (at most ten rounds). Rates measured on every row would count
    /// the pool's own follows as chance, and a pool that is a large part of its customers' audiences would hide
    /// itself.</para>
    /// </remarks>
    /// <param name="graph">The graph the block was found in.</param>
    /// <param name="blockCols">The block's columns.</param>
    /// <param name="coreRows">The block's rows: the first guess of the members.</param>
    /// <param name="alpha">Family-wise false-alarm rate over all rows.</param>
    /// <param name="minEdges">Fewest edges into the block for a member.</param>
    /// <param name="smallestCount">The fewest of the block's columns that a member follows (0 without members).</param>
    /// <returns>The member rows.</returns>
    public static int[] SignificantRows(BipartiteCsr graph, IReadOnlyList<int> blockCols, IReadOnlyList<int> coreRows, double alpha, int minEdges, out int smallestCount)
    {
        var inBlock = new bool[graph.ColCount];
        foreach (var c in blockCols)
        {
            inBlock[c] = true;
        }

        // Edges of each row into the block and outside it, once.
        var k = new int[graph.RowCount];
        var outside = new int[graph.RowCount];
        for (var r = 0; r < graph.RowCount; r++)
        {
            for (var e = graph.RowPtr[r]; e < graph.RowPtr[r + 1]; e++)
            {
                if (inBlock[graph.RowCols[e]])
                {
                    k[r]++;
                }
                else
                {
                    outside[r]++;
                }
            }
        }

        var isMember = new bool[graph.RowCount];
        foreach (var r in coreRows)
        {
            isMember[r] = true;
        }

        int[] members = [.. coreRows];
        var p = new double[blockCols.Count];
        var scaled = new double[blockCols.Count];
        var threshold = alpha / Math.Max(1, graph.RowCount);
        for (var round = 0; round < 10; round++)
        {
            var nonMembers = Math.Max(1, graph.RowCount - members.Length);
            var outsideMass = 0.0;
            for (var c = 0; c < graph.ColCount; c++)
            {
                if (!inBlock[c])
                {
                    outsideMass += NonMemberFollowers(graph, c, isMember) / (double)nonMembers;
                }
            }

            for (var i = 0; i < blockCols.Count; i++)
            {
                p[i] = Math.Min(1.0, NonMemberFollowers(graph, blockCols[i], isMember) / (double)nonMembers);
            }

            // The smallest significant count depends on the row only through out_r: one per distinct value.
            var neededByOutside = new Dictionary<int, int>();
            var next = new List<int>();
            for (var r = 0; r < graph.RowCount; r++)
            {
                if (k[r] < minEdges)
                {
                    continue;
                }

                if (!neededByOutside.TryGetValue(outside[r], out var needed))
                {
                    var activity = Math.Max(1.0, (outside[r] + 1) / (outsideMass + 1));
                    for (var i = 0; i < p.Length; i++)
                    {
                        scaled[i] = Math.Min(1.0, activity * p[i]);
                    }

                    neededByOutside[outside[r]] = needed = SmallestSignificantCount(scaled, threshold);
                }

                if (k[r] >= needed)
                {
                    next.Add(r);
                }
            }

            var changed = !next.SequenceEqual(members);
            members = [.. next];
            Array.Clear(isMember);
            foreach (var r in members)
            {
                isMember[r] = true;
            }

            if (!changed)
            {
                break;
            }
        }

        smallestCount = members.Length == 0 ? 0 : members.Min(r => k[r]);
        return members;
    }

    private static int NonMemberFollowers(BipartiteCsr graph, int col, bool[] isMember)
    {
        var count = 0;
        for (var e = graph.ColPtr[col]; e < graph.ColPtr[col + 1]; e++)
        {
            count += isMember[graph.ColRows[e]] ? 0 : 1;
        }

        return count;
    }

    /// <summary>
    /// The block's columns that at least <paramref name="minShare"/> of the members follow, more often than chance:
    /// with m members and column rate p_c, P(Binomial(m, p_c) ≥ x_c) ≤ alpha / columns. Drops the columns FRAUDAR kept
    /// because some members follow them as camouflage: those are followed beyond chance too, but by a few percent of
    /// the pool, where a customer's order reaches a large part of it.
    /// </summary>
    /// <param name="graph">The graph.</param>
    /// <param name="blockCols">The block's columns.</param>
    /// <param name="memberRows">The members (from <see cref="SignificantRows"/>).</param>
    /// <param name="alpha">Family-wise false-alarm rate over the block's columns.</param>
    /// <param name="minShare">Smallest share of the members that must follow a column.</param>
    /// <returns>The columns, ascending.</returns>
    public static int[] SignificantCols(BipartiteCsr graph, IReadOnlyList<int> blockCols, IReadOnlyList<int> memberRows, double alpha, double minShare)
    {
        if (memberRows.Count == 0)
        {
            return [];
        }

        var isMember = new bool[graph.RowCount];
        foreach (var r in memberRows)
        {
            isMember[r] = true;
        }

        var threshold = alpha / Math.Max(1, blockCols.Count);
        var result = new List<int>();
        foreach (var c in blockCols.Order())
        {
            var degree = graph.ColPtr[c + 1] - graph.ColPtr[c];
            var x = 0;
            for (var e = graph.ColPtr[c]; e < graph.ColPtr[c + 1]; e++)
            {
                x += isMember[graph.ColRows[e]] ? 1 : 0;
            }

            // The rate among non-members, as in SignificantRows. P(Binomial(m, p) >= x) is the regularised incomplete
            // beta I_p(x, m - x + 1).
            var p = Math.Min(1.0, (double)(degree - x) / Math.Max(1, graph.RowCount - memberRows.Count));
            if (x > 0 && x >= minShare * memberRows.Count && (x == memberRows.Count ? Math.Pow(p, x) : MathNet.Numerics.SpecialFunctions.BetaRegularized(x, memberRows.Count - x + 1, p)) <= threshold)
            {
                result.Add(c);
            }
        }

        return [.. result];
    }

    /// <summary>Smallest k with P(K ≥ k) ≤ <paramref name="threshold"/> for K the number of successes of independent trials.</summary>
    /// <param name="p">Success probability of each trial.</param>
    /// <param name="threshold">The tail probability.</param>
    /// <returns>The count; <c>p.Length + 1</c> when no count qualifies.</returns>
    internal static int SmallestSignificantCount(IReadOnlyList<double> p, double threshold)
    {
        // The Poisson-binomial distribution by dynamic programming over the trials: O(n²), n = block columns.
        var pmf = new double[p.Count + 1];
        pmf[0] = 1;
        for (var i = 0; i < p.Count; i++)
        {
            for (var k = i + 1; k >= 1; k--)
            {
                pmf[k] = (pmf[k] * (1 - p[i])) + (pmf[k - 1] * p[i]);
            }

            pmf[0] *= 1 - p[i];
        }

        var tail = 0.0;
        for (var k = p.Count; k >= 0; k--)
        {
            tail += pmf[k];
            if (tail > threshold)
            {
                return k + 1;
            }
        }

        return 0;
    }
}
