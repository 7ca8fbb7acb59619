using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FollowerAudit.Core.Scoring;

/// <summary>Options of an <see cref="IsolationForest"/>.</summary>
public sealed record IsolationForestOptions
{
    /// <summary>The defaults (Liu, Ting and Zhou 2008: 100 trees, subsample 256).</summary>
    public static IsolationForestOptions Default { get; } = new();

    /// <summary>Number of trees.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Points drawn (without replacement) to grow each tree.</summary>
    public int SubsampleSize { get; init; } = 256;

    /// <summary>Seed of every random choice; the same data and seed give the same forest.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Checks the values.</summary>
    /// <returns>One message per problem.</returns>
    public IEnumerable<string> Validate()
    {
        if (Trees <= 0)
        {
            yield return $"trees must be positive (got {Trees})";
        }

        if (SubsampleSize < 2)
        {
            yield return $"subsample size must be at least 2 (got {SubsampleSize})";
        }
    }
}

/// <summary>
/// Isolation forest (Liu, Ting and Zhou, ICDM 2008): random axis-parallel splits isolate rare points in few steps.
/// Score s(x) = 2^(−E[h(x)] / c(ψ)) in (0, 1): near 1 = isolated quickly (an outlier), ≤ 0.5 = ordinary.
/// Immutable and thread-safe once built.
/// </summary>
/// <remarks>
/// <para>Assumption: what we look for is rare and different. Bought followers are usually the opposite (many near-identical
/// clones), so a forest fitted on a follower list tends to call the clones normal; fitted on genuine accounts only
/// (novelty detection) it asks "unlike genuine users?" instead. See docs/accuracy.md.</para>
/// <para>Layout: every tree's nodes sit in one flat array (children of a node are adjacent), and many points are
/// scored together a block at a time, copied column-major, walking every point of the block one level down per step
/// without branches; blocks run in parallel. Each point's path lengths are still summed tree by tree in tree order, so
/// the scores are bit-identical to a plain per-point walk whatever the number of threads.</para>
/// </remarks>
public sealed class IsolationForest
{
    private const double EulerGamma = 0.5772156649015329;

    /// <summary>Points scored together: the block (column-major) and one tree fit in the L1 cache.</summary>
    private const int BlockSize = 256;

    /// <summary>Per node, in tree order (children of a node adjacent): what the block walk reads at each step.</summary>
    private readonly Node[] _nodes;

    /// <summary>Per node: a leaf's depth plus c(size) (the path length of a point ending there); 0 inside.</summary>
    private readonly double[] _leafValue;

    /// <summary>Index of each tree's root in the node arrays, plus the end.</summary>
    private readonly int[] _roots;

    /// <summary>Per tree: the depth of its deepest leaf (≤ the height limit), the steps that take every point to a leaf.</summary>
    private readonly int[] _heights;

    private readonly double _normaliser;

    private IsolationForest(List<int> feature, List<double> split, List<int> left, List<double> leafValue, List<int> depth, int[] roots, int subsample, int dimensions)
    {
        _nodes = new Node[feature.Count];
        for (var node = 0; node < _nodes.Length; node++)
        {
            _nodes[node] = new Node(split[node], feature[node] * BlockSize, left[node]);
        }

        _leafValue = [.. leafValue];
        _roots = roots;
        _heights = new int[roots.Length - 1];
        for (var t = 0; t < _heights.Length; t++)
        {
            for (var node = roots[t]; node < roots[t + 1]; node++)
            {
                _heights[t] = Math.Max(_heights[t], depth[node]);
            }
        }

        SubsampleSize = subsample;
        Dimensions = dimensions;
        _normaliser = AveragePathLength(subsample);
    }

    /// <summary>The subsample size ψ actually used (≤ the number of points).</summary>
    public int SubsampleSize { get; }

    /// <summary>Number of features per point.</summary>
    public int Dimensions { get; }

    private int TreeCount => _roots.Length - 1;

    /// <summary>
    /// c(n): the average path length of an unsuccessful binary-search-tree search among n points,
    /// 2H(n − 1) − 2(n − 1)/n with H(i) ≈ ln i + γ; c(1) = 0, c(2) = 1.
    /// </summary>
    /// <param name="n">Number of points.</param>
    /// <returns>c(n).</returns>
    public static double AveragePathLength(double n) =>
        n <= 1 ? 0 : n <= 2 ? 1 : (2 * (Math.Log(n - 1) + EulerGamma)) - (2 * (n - 1) / n);

    /// <summary>Grows a forest on points (rows); NaN values must be imputed first.</summary>
    /// <param name="points">Points, all of the same length.</param>
    /// <param name="options">Options; <see cref="IsolationForestOptions.Default"/> when null.</param>
    /// <returns>The forest.</returns>
    /// <exception cref="ArgumentException">No points, ragged rows, or invalid options.</exception>
    public static IsolationForest Fit(IReadOnlyList<double[]> points, IsolationForestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        options = Checked(options, points.Count);
        var d = points[0].Length;
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i].Length != d)
            {
                throw new ArgumentException("All points must have the same number of features.", nameof(points));
            }
        }

        return Fit(points.Count, d, i => points[i], options);
    }

    /// <summary>
    /// Grows a forest on points read from their feature columns: only the trees' samples (ψ points each) are copied
    /// out, so fitting on a million followers holds no copy of them.
    /// </summary>
    /// <param name="points">Imputed points.</param>
    /// <param name="options">Options; <see cref="IsolationForestOptions.Default"/> when null.</param>
    /// <returns>The forest, the same as <see cref="Fit(IReadOnlyList{double[]}, IsolationForestOptions?)"/> on the rows.</returns>
    internal static IsolationForest Fit(PointColumns points, IsolationForestOptions? options = null) =>
        Fit(points.Count, points.Dimensions, points.Row, Checked(options, points.Count));

    /// <summary>The options (the defaults when null), checked with the number of points.</summary>
    private static IsolationForestOptions Checked(IsolationForestOptions? options, int points)
    {
        options ??= IsolationForestOptions.Default;
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        if (points == 0)
        {
            throw new ArgumentException("An isolation forest needs at least one point.", nameof(points));
        }

        return options;
    }

    /// <summary>The fit itself; <paramref name="row"/> gives point i (growing reorders the sample's references, never the values).</summary>
    private static IsolationForest Fit(int count, int d, Func<int, double[]> row, IsolationForestOptions options)
    {
        var psi = Math.Min(options.SubsampleSize, count);
        var heightLimit = (int)Math.Ceiling(Math.Log2(Math.Max(psi, 2)));
        var master = new Random(options.Seed);
        var seeds = Enumerable.Range(0, options.Trees).Select(_ => master.Next()).ToArray();
        var feature = new List<int>();
        var split = new List<double>();
        var left = new List<int>();
        var leafValue = new List<double>();
        var depth = new List<int>();
        var roots = new int[options.Trees + 1];
        var sampleRows = new double[psi][];
        for (var t = 0; t < options.Trees; t++)
        {
            var random = new Random(seeds[t]);
            var sample = Subsample(count, psi, random);
            for (var i = 0; i < psi; i++)
            {
                sampleRows[i] = row(sample[i]);
            }

            roots[t] = feature.Count;
            Grow(sampleRows, d, heightLimit, random, feature, split, left, leafValue, depth);
        }

        roots[^1] = feature.Count;
        return new IsolationForest(feature, split, left, leafValue, depth, roots, psi, d);
    }

    /// <summary>The anomaly score of one point.</summary>
    /// <param name="point">The point.</param>
    /// <returns>s in (0, 1]; higher = easier to isolate.</returns>
    public double Score(ReadOnlySpan<double> point)
    {
        var total = 0.0;
        for (var t = 0; t < TreeCount; t++)
        {
            var node = _roots[t];
            while (_nodes[node].Offset != Dimensions * BlockSize)
            {
                var n = _nodes[node];
                node = n.Left + (point[n.Offset / BlockSize] < n.Split ? 0 : 1);
            }

            total += _leafValue[node];
        }

        return ToScore(total);
    }

    /// <summary>Scores many points, a block at a time in parallel; the result does not depend on scheduling.</summary>
    /// <param name="points">Points.</param>
    /// <returns>One score per point.</returns>
    public double[] Score(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return Score(points.Count, (start, count, values) =>
        {
            for (var i = 0; i < count; i++)
            {
                var row = points[start + i];
                for (var j = 0; j < Dimensions; j++)
                {
                    values[(j * BlockSize) + i] = row[j];
                }
            }
        });
    }

    /// <summary>
    /// Scores points read from their feature columns, a block at a time (the block copy reads the columns directly):
    /// the same scores as <see cref="Score(IReadOnlyList{double[]})"/> on the rows, with no copy of them.
    /// </summary>
    /// <param name="points">Imputed points.</param>
    /// <returns>One score per point.</returns>
    internal double[] Score(PointColumns points) =>
        Score(points.Count, (start, count, values) => points.CopyBlock(start, count, values, BlockSize));

    /// <summary>Scores n points; <paramref name="copyBlock"/>(start, count, values) writes them column-major (stride <see cref="BlockSize"/>).</summary>
    private double[] Score(int n, Action<int, int, double[]> copyBlock)
    {
        var scores = new double[n];
        var blocks = (n + BlockSize - 1) / BlockSize;
        var columns = Dimensions + 1;
        Parallel.For(0, blocks, () => new BlockBuffers(columns), (b, _, buffers) =>
        {
            var start = b * BlockSize;
            var count = Math.Min(BlockSize, n - start);
            var values = buffers.Values;
            // Column-major copy; column Dimensions stays 0 (what a leaf "tests", so a leaf keeps the walk in place).
            copyBlock(start, count, values);
            ScoreBlock(values, count, buffers.Nodes, buffers.Totals);
            for (var i = 0; i < count; i++)
            {
                scores[start + i] = ToScore(buffers.Totals[i]);
            }

            return buffers;
        }, _ => { });
        return scores;
    }

    /// <summary>Total path length over the trees (summed in tree order) of each point of a column-major block.</summary>
    private void ScoreBlock(double[] values, int count, int[] nodes, double[] totals)
    {
        Array.Clear(totals, 0, count);
        ref var tree = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var column = ref MemoryMarshal.GetArrayDataReference(values);
        ref var walk = ref MemoryMarshal.GetArrayDataReference(nodes);
        for (var t = 0; t < TreeCount; t++)
        {
            Array.Fill(nodes, _roots[t], 0, count);
            // Every path ends within the tree's height; a leaf maps to itself, so that many steps is exact.
            // Node indices come from the forest and i < count ≤ BlockSize, so the unchecked reads stay in bounds.
            for (var level = 0; level < _heights[t]; level++)
            {
                for (var i = 0; i < count; i++)
                {
                    ref var node = ref Unsafe.Add(ref walk, i);
                    ref readonly var n = ref Unsafe.Add(ref tree, node);
                    var x = Unsafe.Add(ref column, n.Offset + i);
                    // A flag turned into 0/1 rather than a branch: the walk's direction is a coin toss the CPU cannot predict.
                    node = n.Left + Unsafe.BitCast<bool, byte>(!(x < n.Split));
                }
            }

            for (var i = 0; i < count; i++)
            {
                totals[i] += _leafValue[nodes[i]];
            }
        }
    }

    private double ToScore(double totalPathLength) =>
        _normaliser == 0 ? 0.5 : Math.Pow(2, -(totalPathLength / TreeCount) / _normaliser);

    /// <summary>
    /// The first <paramref name="psi"/> entries of a partial Fisher–Yates shuffle of 0..n−1 (a uniform sample without
    /// replacement), keeping only the swapped entries: the same draws and sample as shuffling a full index array.
    /// </summary>
    private static int[] Subsample(int n, int psi, Random random)
    {
        var swapped = new Dictionary<int, int>(psi * 2);
        var sample = new int[psi];
        for (var i = 0; i < psi; i++)
        {
            var j = random.Next(i, n);
            var atJ = swapped.TryGetValue(j, out var vj) ? vj : j;
            var atI = swapped.TryGetValue(i, out var vi) ? vi : i;
            swapped[j] = atI;
            sample[i] = atJ;
        }

        return sample;
    }

    /// <summary>Grows one tree on the sample rows (reordered in place), appending its nodes; children are adjacent.</summary>
    private static void Grow(double[][] rows, int d, int heightLimit, Random random, List<int> feature, List<double> split, List<int> left, List<double> leafValue, List<int> depths)
    {
        var candidates = new List<int>(d);

        int NewNode(int depth)
        {
            depths.Add(depth);
            feature.Add(d);
            split.Add(double.PositiveInfinity);
            left.Add(feature.Count - 1);
            leafValue.Add(0);
            return feature.Count - 1;
        }

        // Iterative growth over index ranges of the sample, partitioned in place.
        var stack = new Stack<(int Node, int Start, int End, int Depth)>();
        stack.Push((NewNode(0), 0, rows.Length, 0));
        while (stack.Count > 0)
        {
            var (node, start, end, depth) = stack.Pop();
            var size = end - start;
            candidates.Clear();
            if (depth < heightLimit && size > 1)
            {
                for (var f = 0; f < d; f++)
                {
                    double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
                    for (var i = start; i < end; i++)
                    {
                        var v = rows[i][f];
                        lo = Math.Min(lo, v);
                        hi = Math.Max(hi, v);
                    }

                    if (hi > lo)
                    {
                        candidates.Add(f);
                    }
                }
            }

            if (candidates.Count == 0)
            {
                // External node: its depth plus c(size) for the points it did not separate.
                leafValue[node] = depth + AveragePathLength(size);
                continue;
            }

            var chosen = candidates[random.Next(candidates.Count)];
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = start; i < end; i++)
            {
                var v = rows[i][chosen];
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            var at = min + (random.NextDouble() * (max - min));
            if (at <= min)
            {
                at = Math.BitIncrement(min);
            }

            var mid = start;
            for (var i = start; i < end; i++)
            {
                if (rows[i][chosen] < at)
                {
                    (rows[i], rows[mid]) = (rows[mid], rows[i]);
                    mid++;
                }
            }

            feature[node] = chosen;
            split[node] = at;
            var l = NewNode(depth + 1);
            NewNode(depth + 1);
            left[node] = l;
            stack.Push((l + 1, mid, end, depth + 1));
            stack.Push((l, start, mid, depth + 1));
        }
    }

    /// <summary>Per-thread buffers of <see cref="Score(IReadOnlyList{double[]})"/>.</summary>
    private sealed class BlockBuffers(int columns)
    {
        public double[] Values { get; } = new double[columns * BlockSize];

        public int[] Nodes { get; } = new int[BlockSize];

        public double[] Totals { get; } = new double[BlockSize];
    }

    /// <summary>
    /// One node, 16 bytes (the three values a step reads, in one cache line): go to <see cref="Left"/> when the value at
    /// <see cref="Offset"/> in the block is &lt; <see cref="Split"/>, else to the node after it. A leaf tests the
    /// always-zero padding column against +∞ and points at itself, so a walk that reached it stays there.
    /// </summary>
    /// <param name="Split">The split value (+∞ at a leaf).</param>
    /// <param name="Offset">The tested feature times <see cref="BlockSize"/> (its column in a block); <c>Dimensions</c> · BlockSize at a leaf.</param>
    /// <param name="Left">Index of the left child (the right one follows it); the node itself at a leaf.</param>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Node(double Split, int Offset, int Left);
}
