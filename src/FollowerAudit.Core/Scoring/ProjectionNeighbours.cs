namespace FollowerAudit.Core.Scoring;

/// <summary>
/// Approximate k-nearest-neighbour distances in near-linear time: points are sorted along a few random Gaussian
/// projections, and each point's candidates are its neighbours within a window in each sorted order (a 1-D LSH).
/// Exact distances are computed only to candidates. Cost O(P·n log n + n·P·W·d) for P projections and window W.
/// </summary>
/// <remarks>
/// <para>Near-duplicates are always found (they are adjacent in every projection); for spread-out points the distance may
/// be overestimated, which only makes them look less dense. Deterministic for a seed.</para>
/// <para>How it is made cheap without changing a single result: the projections are sorted in parallel; each projection
/// is then swept in its own order over a copy of the points, and of their k-best lists, laid out in that order (the lists
/// go from one projection's order to the next directly), so a window's candidates and their lists are neighbours in
/// memory, and each pair in a window is measured once for both of its points (the cost used to be cache misses, one or
/// two per candidate); each point keeps its k best
/// squared distances and their ids (a candidate met again in another projection is either already kept or was
/// already beaten, so it is skipped exactly as a set of seen ids did); a distance stops accumulating as soon as it
/// cannot enter the k best; and a point whose k best are already exact copies (distance 0: the bought-follower case)
/// is not looked at again. The square root is taken at the end on the kept values, which are the same values as the
/// k smallest distances, so the means are bit-identical to the plain per-point search.</para>
/// </remarks>
internal static class ProjectionNeighbours
{
    /// <summary>Positions swept together by one parallel task.</summary>
    private const int Chunk = 4096;

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
        var directions = new double[projections][];
        for (var p = 0; p < projections; p++)
        {
            var direction = new double[d];
            for (var j = 0; j < d; j++)
            {
                // Box–Muller: a Gaussian direction makes the projection rotation-invariant.
                direction[j] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            }

            directions[p] = direction;
        }

        // Each projection's sort is independent of the others (and Array.Sort is deterministic): sort them in parallel.
        var orders = new int[projections][];
        Parallel.For(0, projections, p =>
        {
            var direction = directions[p];
            var keys = new double[n];
            for (var i = 0; i < n; i++)
            {
                var row = points[i];
                var s = 0.0;
                for (var j = 0; j < d; j++)
                {
                    s += row[j] * direction[j];
                }

                keys[i] = s;
            }

            var order = new int[n];
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            Array.Sort(keys, order);
            orders[p] = order;
        });

        var kept = Math.Min(k, n - 1);
        var laidOut = new double[n * d];
        // The k-best lists (squared distances and point ids), laid out in the order of the projection being swept, and
        // a second pair of arrays to lay them out in the next projection's order from there (position of each point in
        // the previous order: `previousAt`).
        var laidBest = new double[n * kept];
        var laidIds = new int[n * kept];
        var nextBest = new double[n * kept];
        var nextIds = new int[n * kept];
        Array.Fill(laidBest, double.PositiveInfinity);
        Array.Fill(laidIds, -1);
        var previousAt = new int[n];
        var chunks = (n + Chunk - 1) / Chunk;
        for (var p = 0; p < projections; p++)
        {
            var order = orders[p];
            // The points and their k-best lists are laid out in this projection's order for its sweep, so that a
            // window's candidates and their lists are neighbours in memory (looking a list up by point id cost a cache
            // miss per candidate).
            var first = p == 0;
            Parallel.For(0, chunks, c =>
            {
                for (var r = c * Chunk; r < Math.Min(n, (c + 1) * Chunk); r++)
                {
                    var i = order[r];
                    points[i].CopyTo(laidOut, r * d);
                    if (!first)
                    {
                        var from = previousAt[i];
                        laidBest.AsSpan(from * kept, kept).CopyTo(nextBest.AsSpan(r * kept, kept));
                        laidIds.AsSpan(from * kept, kept).CopyTo(nextIds.AsSpan(r * kept, kept));
                    }
                }
            });
            if (!first)
            {
                (laidBest, nextBest) = (nextBest, laidBest);
                (laidIds, nextIds) = (nextIds, laidIds);
            }

            // Each pair of positions at most W apart is measured once and offered to both points. A task writes the
            // lists of its chunk and of the W positions after it, so even chunks run together, then odd ones (Chunk ≥ W).
            for (var parity = 0; parity < 2; parity++)
            {
                Parallel.For(0, (chunks + 1 - parity) / 2, half =>
                {
                    var c = (2 * half) + parity;
                    for (var at = c * Chunk; at < Math.Min(n, (c + 1) * Chunk); at++)
                    {
                        SweepPairs(laidOut, order, at, d, window, kept, laidBest, laidIds);
                    }
                });
            }

            RowRanges.For(n, (start, end) =>
            {
                for (var r = start; r < end; r++)
                {
                    previousAt[order[r]] = r;
                }
            });
        }

        var best = laidBest;
        var atOf = previousAt;
        RowRanges.For(n, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                // Sum in ascending order of the finite ones, as the mean of the sorted k-best list always was.
                var sum = 0.0;
                var count = 0;
                foreach (var squared in best.AsSpan(atOf[i] * kept, kept))
                {
                    var distance = Math.Sqrt(squared);
                    if (double.IsFinite(distance))
                    {
                        sum += distance;
                        count++;
                    }
                }

                result[i] = count == 0 ? double.PositiveInfinity : sum / count;
            }
        });

        return result;
    }

    /// <summary>
    /// Measures the point at position <paramref name="at"/> against the W positions after it, offering each pair to both.
    /// The k-best lists are laid out by position; the ids in them are point ids.
    /// </summary>
    private static void SweepPairs(double[] laidOut, int[] order, int at, int d, int window, int kept, double[] laidBest, int[] laidIds)
    {
        var n = order.Length;
        var a = order[at];
        var bestA = laidBest.AsSpan(at * kept, kept);
        var idsA = laidIds.AsSpan(at * kept, kept);
        var self = laidOut.AsSpan(at * d, d);
        for (var r = at + 1; r <= Math.Min(n - 1, at + window); r++)
        {
            var bestB = laidBest.AsSpan(r * kept, kept);
            var worst = Math.Max(bestA[^1], bestB[^1]);
            if (worst == 0)
            {
                // Both have k exact copies already: nothing can come closer to either.
                continue;
            }

            var other = laidOut.AsSpan(r * d, d);
            var s = 0.0;
            var j = 0;
            for (; j < d; j++)
            {
                var t = self[j] - other[j];
                s += t * t;
                if (s >= worst)
                {
                    break;
                }
            }

            if (j < d)
            {
                continue;
            }

            Offer(bestA, idsA, order[r], s);
            Offer(bestB, laidIds.AsSpan(r * kept, kept), a, s);
        }
    }

    /// <summary>
    /// Offers a candidate at squared distance s to a sorted k-best list. A candidate met again (in another projection)
    /// is either still in the list, with the same distance, or was beaten by the list's current worst: skipped either way.
    /// </summary>
    private static void Offer(Span<double> best, Span<int> ids, int id, double s)
    {
        if (!(s < best[^1]) || ids.Contains(id))
        {
            return;
        }

        // Insertion into the sorted k-best list.
        var slot = best.Length - 1;
        while (slot > 0 && best[slot - 1] > s)
        {
            best[slot] = best[slot - 1];
            ids[slot] = ids[slot - 1];
            slot--;
        }

        best[slot] = s;
        ids[slot] = id;
    }
}
