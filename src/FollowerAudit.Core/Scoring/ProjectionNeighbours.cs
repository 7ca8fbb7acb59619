using System.Collections.Concurrent;
using System.Runtime.Intrinsics;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// Approximate k-nearest-neighbour distances in near-linear time: points are sorted along a few random Gaussian
/// projections, and each point's candidates are its neighbours within a window in each sorted order (a 1-D LSH).
/// Exact distances are computed only to candidates. Cost O(P·n log n + n·P·W·d) for P projections and window W.
/// </summary>
/// <remarks>
/// <para>Near-duplicates are always found (they are adjacent in every projection); for spread-out points the distance may
/// be overestimated, which only makes them look less dense. Deterministic for a seed.</para>
/// <para>How it is made cheap without changing a single result: each projection is swept in its own order, a chunk of
/// positions at a time, over a copy of that chunk's points and k-best lists laid out in that order (copied in from
/// the by-id lists before the chunk and back after it), so a window's candidates and their lists are neighbours in
/// memory, and each pair in a window is measured once for both of its points (the cost used to be cache misses, one
/// or two per candidate); each point keeps its k best squared distances and their ids (a candidate met again in
/// another projection is either already kept or was already beaten, so it is skipped exactly as a set of seen ids
/// did); a distance stops accumulating as soon as it cannot enter the k best; and a point whose k best are already
/// exact copies (distance 0: the bought-follower case) is not looked at again. The square root is taken at the end on
/// the kept values. Between sweeps the by-id lists hold the squared distances in 32 bits (the laid-out copy a chunk
/// works on is 64-bit), so each kept value is rounded once per sweep: the means equal the plain per-point search's
/// within ~1e-7 relative (on the 1M world no flag changed and the Cresci AUCs were the same; docs/performance.md).</para>
/// <para>A chunk's points are laid out column by column, and a point is measured against four candidates at once, one
/// per vector lane, each lane summing in the scalar order (see <see cref="SweepPairs"/>).</para>
/// <para>Memory: the points (<see cref="PackedPoints"/>: flags and small counts as 1- or 2-byte codes, ≈ 40 bytes a
/// profile point instead of 136), one k-best list per point (80 bytes at k = 10), and two projection orders (the next one is sorted while
/// this one is swept); no per-projection copy of the points or lists (a million points of 17 features: ≈ 0.2 GB).</para>
/// </remarks>
internal static class ProjectionNeighbours
{
    /// <summary>Positions swept together by one parallel task.</summary>
    private const int Chunk = 4096;

    /// <summary>How many positions ahead a chunk's layout asks for the points and lists it will read.</summary>
    private const int Ahead = 8;

    /// <summary>Candidates measured together (the lanes of a <see cref="Vector256{T}"/> of doubles).</summary>
    private const int Lanes = 4;

    private static readonly Vector256<double> LaneIndex = Vector256.Create(0.0, 1, 2, 3);

    /// <summary>Mean Euclidean distance from each point to its k nearest other points (among candidates).</summary>
    /// <param name="points">Standardised points.</param>
    /// <param name="k">Neighbours.</param>
    /// <param name="seed">Seed of the projections.</param>
    /// <param name="projections">Number of projections.</param>
    /// <param name="window">Positions looked at on each side in each projection.</param>
    /// <returns>Per point, the mean distance to its k nearest (fewer when n − 1 &lt; k; +∞ for a single point).</returns>
    public static double[] MeanDistance(IReadOnlyList<double[]> points, int k, int seed, int projections = 10, int window = 0)
    {
        ArgumentNullException.ThrowIfNull(points);
        var d = points.Count == 0 ? 0 : points[0].Length;
        return MeanDistance(PackedPoints.Pack(points.Count, d, (i, j) => points[i][j], (_, x) => x), k, seed, projections, window);
    }

    /// <summary>
    /// <see cref="MeanDistance(IReadOnlyList{double[]}, int, int, int, int)"/> of points stored row-major in one array
    /// (point i at i·d): the same result, without an array per point.
    /// </summary>
    /// <param name="points">Standardised points, row-major (count · d values).</param>
    /// <param name="count">Number of points.</param>
    /// <param name="d">Values per point.</param>
    /// <param name="k">Neighbours.</param>
    /// <param name="seed">Seed of the projections.</param>
    /// <param name="projections">Number of projections.</param>
    /// <param name="window">Positions looked at on each side in each projection.</param>
    /// <returns>Per point, the mean distance to its k nearest (fewer when n − 1 &lt; k; +∞ for a single point).</returns>
    public static double[] MeanDistance(double[] points, int count, int d, int k, int seed, int projections = 10, int window = 0) =>
        MeanDistance(PackedPoints.Of(points, count, d), k, seed, projections, window);

    /// <summary>
    /// <see cref="MeanDistance(IReadOnlyList{double[]}, int, int, int, int)"/> of packed points: the same result; the
    /// points take a fraction of the memory, and laying a chunk out reads one cache line per point instead of three.
    /// </summary>
    /// <param name="points">Standardised points.</param>
    /// <param name="k">Neighbours.</param>
    /// <param name="seed">Seed of the projections.</param>
    /// <param name="projections">Number of projections.</param>
    /// <param name="window">Positions looked at on each side in each projection.</param>
    /// <param name="settledAt">
    /// A mean distance at or below which the caller no longer needs to know how much closer a point's neighbours are (a
    /// score that cannot rise further): such a point's k-best list is frozen once its mean reaches it, and it is measured
    /// only as a candidate of the points that still need it. Every other point's result is the same as without it; a
    /// frozen point's is at most this value (the mean when it froze, not lower). −∞ (default): nothing freezes.
    /// </param>
    /// <param name="cancellationToken">Checked between chunks (a few milliseconds): the search takes a minute at ten million points.</param>
    /// <returns>Per point, the mean distance to its k nearest (fewer when n − 1 &lt; k; +∞ for a single point).</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static double[] MeanDistance(PackedPoints points, int k, int seed, int projections = 10, int window = 0, double settledAt = double.NegativeInfinity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        var n = points.Count;
        var d = points.Dimensions;
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

        var directions = Directions(d, projections, seed);
        // One projection's order at a time (Array.Sort is deterministic): the next one is sorted on another thread while
        // this one is swept, so two order arrays (used in turn) and one key array are held, not one per projection.
        var keys = new double[n];
        int[][] orders = [new int[n], new int[n]];
        int[] Order(int p)
        {
            var direction = directions[p];
            var row = new double[d];
            for (var i = 0; i < n; i++)
            {
                points.CopyTo(i, row, 1);
                var s = 0.0;
                for (var j = 0; j < d; j++)
                {
                    s += row[j] * direction[j];
                }

                keys[i] = s;
            }

            var order = orders[p % 2];
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            Array.Sort(keys, order);
            return order;
        }

        // Each point's k best squared distances (ascending) and their point ids, by point id. A sweep copies a chunk's
        // lists, and its points, into buffers laid out in the projection's order, so that a window's candidates and
        // their lists are neighbours in memory, and writes the lists back when the chunk is done: no copy of all the
        // points or lists is laid out at once.
        var kept = Math.Min(k, n - 1);
        // The lists are kept in 32 bits between sweeps (a chunk's laid-out copy is 64-bit): they are read and written at
        // random once per projection, 1.2 GB at ten million points in 64 bits. A kept distance is rounded once per sweep.
        var best = new float[n * kept];
        var ids = new int[n * kept];
        Array.Fill(best, float.PositiveInfinity);
        Array.Fill(ids, -1);
        // Frozen points: laid out with a k-best list of zeros, so nothing enters it and a pair of two frozen points is
        // skipped as a pair of exact copies is; their lists by id are not written again.
        var frozen = new bool[n];
        // A task writes the lists of its chunk and of the W positions after it, so even chunks run together, then odd ones.
        var chunk = Math.Max(Chunk, window);
        var chunks = (n + chunk - 1) / chunk;
        // Buffers are handed from one task to the next (Parallel.For starts many short-lived tasks; a buffer each would
        // allocate hundreds of megabytes over a million points).
        var spare = new ConcurrentBag<SweepBuffers>();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        var pending = Task.Run(() => Order(0));
        for (var p = 0; p < projections; p++)
        {
            var order = pending.GetAwaiter().GetResult();
            if (p + 1 < projections)
            {
                var next = p + 1;
                pending = Task.Run(() => Order(next));
            }

            // Each pair of positions at most W apart is measured once and offered to both points.
            for (var parity = 0; parity < 2; parity++)
            {
                Parallel.For(0, (chunks + 1 - parity) / 2, parallel, () => spare.TryTake(out var reused) ? reused : new SweepBuffers(chunk + window, d, kept), (half, _, buffers) =>
                {
                    var c = (2 * half) + parity;
                    var first = c * chunk;
                    var last = Math.Min(n, (c + 1) * chunk);
                    var laidEnd = Math.Min(n, last + window);
                    for (var r = first; r < laidEnd; r++)
                    {
                        if (r + Ahead < laidEnd)
                        {
                            // The points and lists are read in the projection's order, at random by id: ask for those a few
                            // positions on now, so the misses overlap instead of each waiting for the one before.
                            var ahead = order[r + Ahead];
                            points.Prefetch(ahead);
                            CacheLines.Prefetch(in best[ahead * kept]);
                            CacheLines.Prefetch(in ids[ahead * kept]);
                        }

                        var i = order[r];
                        var at = r - first;
                        points.CopyTo(i, buffers.Columns.AsSpan(at), buffers.Stride);
                        if (frozen[i])
                        {
                            buffers.Best.AsSpan(at * kept, kept).Clear();
                            continue;
                        }

                        Widen(best.AsSpan(i * kept, kept), buffers.Best.AsSpan(at * kept, kept));
                        ids.AsSpan(i * kept, kept).CopyTo(buffers.Ids.AsSpan(at * kept, kept));
                    }

                    for (var at = 0; at < last - first; at++)
                    {
                        SweepPairs(buffers, order, first, laidEnd - first, at, d, window, kept);
                    }

                    for (var r = first; r < laidEnd; r++)
                    {
                        var i = order[r];
                        if (frozen[i])
                        {
                            continue;
                        }

                        var at = r - first;
                        var list = best.AsSpan(i * kept, kept);
                        Narrow(buffers.Best.AsSpan(at * kept, kept), list);
                        buffers.Ids.AsSpan(at * kept, kept).CopyTo(ids.AsSpan(i * kept, kept));
                        // The same sum as the result's below, of the same stored values: a frozen point's result is this mean.
                        // The mean is at least the nearest distance, so most points are ruled out by one square root.
                        frozen[i] = Math.Sqrt(list[0]) <= settledAt && Mean(list) <= settledAt;
                    }

                    return buffers;
                }, spare.Add);
            }
        }

        RowRanges.For(n, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                result[i] = Mean(best.AsSpan(i * kept, kept));
            }
        });

        return result;
    }

    /// <summary>The mean distance of a sorted k-best list of squared distances (+∞ when it holds none).</summary>
    private static double Mean(ReadOnlySpan<float> squaredDistances)
    {
        // Sum in ascending order of the finite ones, as the mean of the sorted k-best list always was.
        var sum = 0.0;
        var found = 0;
        foreach (var squared in squaredDistances)
        {
            var distance = Math.Sqrt(squared);
            if (double.IsFinite(distance))
            {
                sum += distance;
                found++;
            }
        }

        return found == 0 ? double.PositiveInfinity : sum / found;
    }

    private static void Widen(ReadOnlySpan<float> from, Span<double> to)
    {
        for (var i = 0; i < from.Length; i++)
        {
            to[i] = from[i];
        }
    }

    private static void Narrow(ReadOnlySpan<double> from, Span<float> to)
    {
        for (var i = 0; i < from.Length; i++)
        {
            to[i] = (float)from[i];
        }
    }

    /// <summary>The random Gaussian directions the points are projected on, for a seed.</summary>
    /// <param name="d">Values per point.</param>
    /// <param name="projections">Number of projections.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>One direction (d values) per projection.</returns>
    internal static double[][] Directions(int d, int projections, int seed)
    {
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

        return directions;
    }

    /// <summary>
    /// Measures the point at laid-out position <paramref name="at"/> (of a chunk starting at position
    /// <paramref name="first"/>, <paramref name="laid"/> positions laid out) against the W positions after it, offering
    /// each pair to both. The ids in the k-best lists are point ids.
    /// </summary>
    /// <remarks>
    /// Four candidates are measured at once, one per vector lane, so each lane sums its squared differences in the same
    /// order (dimension 0 first, no fused multiply-add) as one scalar sum: the same bits. The partial sums only grow, so a
    /// group whose every lane has reached the largest squared distance either side of its pair can still keep is given
    /// up, as the scalar loop gave up on one pair; otherwise the pairs are offered in position order, A's list first, and
    /// each list takes a candidate only if it beats its worst, so the lists end as the scalar sweep left them.
    /// </remarks>
    private static void SweepPairs(SweepBuffers buffers, int[] order, int first, int laid, int at, int d, int window, int kept)
    {
        var laidBest = buffers.Best;
        var laidIds = buffers.Ids;
        var columns = buffers.Columns;
        var stride = buffers.Stride;
        var a = order[first + at];
        var bestA = laidBest.AsSpan(at * kept, kept);
        var idsA = laidIds.AsSpan(at * kept, kept);
        var end = Math.Min(laid - 1, at + window);
        for (var r0 = at + 1; r0 <= end; r0 += Lanes)
        {
            var w = (r0 * kept) + kept - 1;
            var bound = Vector256.Max(
                Vector256.Create(bestA[^1]),
                Vector256.Create(laidBest[w], laidBest[w + kept], laidBest[w + (2 * kept)], laidBest[w + (3 * kept)]));
            // Lanes past the window have nothing to measure: bound 0 marks them done from the start.
            bound = Vector256.ConditionalSelect(Vector256.LessThan(LaneIndex, Vector256.Create((double)(end - r0 + 1))), bound, Vector256<double>.Zero);
            if (Vector256.EqualsAll(bound, Vector256<double>.Zero))
            {
                // Both sides of every pair have k exact copies already: nothing can come closer to either.
                continue;
            }

            var s = Vector256<double>.Zero;
            var j = 0;
            for (; j < d; j++)
            {
                var t = Vector256.Create(columns[(j * stride) + at]) - Vector256.Create<double>(columns.AsSpan((j * stride) + r0, Lanes));
                s += t * t;
                if (Vector256.GreaterThanOrEqualAll(s, bound))
                {
                    break;
                }
            }

            if (j < d)
            {
                continue;
            }

            for (var lane = 0; lane < Math.Min(Lanes, end - r0 + 1); lane++)
            {
                var r = r0 + lane;
                var squared = s.GetElement(lane);
                Offer(bestA, idsA, order[first + r], squared);
                Offer(laidBest.AsSpan(r * kept, kept), laidIds.AsSpan(r * kept, kept), a, squared);
            }
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

    /// <summary>
    /// One sweeping task's chunk of points and k-best lists, laid out in the projection's order: the points column by
    /// column (value j of position p at j · <see cref="Stride"/> + p, so a vector loads four positions' values), with
    /// room for a vector that starts at the last position.
    /// </summary>
    private sealed class SweepBuffers(int positions, int d, int kept)
    {
        public int Stride { get; } = positions + Lanes;

        public double[] Columns { get; } = new double[(positions + Lanes) * d];

        public double[] Best { get; } = new double[(positions + Lanes) * kept];

        public int[] Ids { get; } = new int[positions * kept];
    }
}
