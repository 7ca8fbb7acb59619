namespace FollowerAudit.Core.Scoring;

/// <summary>
/// Approximate k-nearest-neighbour distances in near-linear time: points are sorted along a few random Gaussian
/// projections, and each point's candidates are its neighbours within a window in each sorted order (a 1-D LSH).
/// Exact distances are computed only to candidates. Cost O(P·n log n + n·P·W·d) for P projections and window W.
/// </summary>
/// <remarks>
/// Near-duplicates are always found (they are adjacent in every projection); for spread-out points the distance may
/// be overestimated, which only makes them look less dense. Deterministic for a seed.
/// </remarks>
internal static class ProjectionNeighbours
{
    /// <summary>Mean Euclidean distance from each point to its k nearest other points (among candidates).</summary>
    /// <param name="points">Standardised points.</param>
    /// <param name="k">Neighbours.</param>
    /// <param name="seed">Seed of the projections.</param>
    /// <param name="projections">Number of projections.</param>
    /// <param name="window">Positions looked at on each side in each projection.</param>
    /// <returns>Per point, the mean distance to its k nearest (fewer when n − 1 &lt; k; +∞ for a single point).</returns>
    public static double[] MeanDistance(IReadOnlyList<double[]> points, int k, int seed, int projections = 10, int window = 0)
    {
        var n = points.Count;
        var result = new double[n];
        if (n < 2)
        {
            Array.Fill(result, double.PositiveInfinity);
            return result;
        }

        if (window <= 0)
        {
            window = 2 * k;
        }

        var d = points[0].Length;
        var random = new Random(seed);
        var orders = new int[projections][];
        var position = new int[projections][];
        for (var p = 0; p < projections; p++)
        {
            var direction = new double[d];
            for (var j = 0; j < d; j++)
            {
                // Box–Muller: a Gaussian direction makes the projection rotation-invariant.
                direction[j] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            }

            var keys = new double[n];
            for (var i = 0; i < n; i++)
            {
                var s = 0.0;
                for (var j = 0; j < d; j++)
                {
                    s += points[i][j] * direction[j];
                }

                keys[i] = s;
            }

            var order = Enumerable.Range(0, n).ToArray();
            Array.Sort(keys, order);
            orders[p] = order;
            position[p] = new int[n];
            for (var r = 0; r < n; r++)
            {
                position[p][order[r]] = r;
            }
        }

        Parallel.For(0, n, () => (Seen: new HashSet<int>(), Best: new List<double>()), (i, _, local) =>
        {
            local.Seen.Clear();
            local.Best.Clear();
            var best = new double[Math.Min(k, n - 1)];
            Array.Fill(best, double.PositiveInfinity);
            for (var p = 0; p < projections; p++)
            {
                var at = position[p][i];
                for (var r = Math.Max(0, at - window); r <= Math.Min(n - 1, at + window); r++)
                {
                    var other = orders[p][r];
                    if (other == i || !local.Seen.Add(other))
                    {
                        continue;
                    }

                    var dist = Distance(points[i], points[other]);
                    if (dist < best[^1])
                    {
                        // Insertion into the sorted k-best list.
                        var slot = best.Length - 1;
                        while (slot > 0 && best[slot - 1] > dist)
                        {
                            best[slot] = best[slot - 1];
                            slot--;
                        }

                        best[slot] = dist;
                    }
                }
            }

            result[i] = best.Where(double.IsFinite).DefaultIfEmpty(double.PositiveInfinity).Average();
            return local;
        }, _ => { });
        return result;
    }

    private static double Distance(double[] a, double[] b)
    {
        var s = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            var t = a[j] - b[j];
            s += t * t;
        }

        return Math.Sqrt(s);
    }
}
