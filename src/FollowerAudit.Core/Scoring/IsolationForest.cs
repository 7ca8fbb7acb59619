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
/// Immutable and thread-safe once built; trees are flat arrays.
/// </summary>
/// <remarks>
/// Assumption: what we look for is rare and different. Bought followers are usually the opposite (many near-identical
/// clones), so a forest fitted on a follower list tends to call the clones normal; fitted on genuine accounts only
/// (novelty detection) it asks "unlike genuine users?" instead. See docs/accuracy.md.
/// </remarks>
public sealed class IsolationForest
{
    private const double EulerGamma = 0.5772156649015329;
    private readonly Tree[] _trees;
    private readonly double _normaliser;

    private IsolationForest(Tree[] trees, int subsample, int dimensions)
    {
        _trees = trees;
        SubsampleSize = subsample;
        Dimensions = dimensions;
        _normaliser = AveragePathLength(subsample);
    }

    /// <summary>The subsample size ψ actually used (≤ the number of points).</summary>
    public int SubsampleSize { get; }

    /// <summary>Number of features per point.</summary>
    public int Dimensions { get; }

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
        options ??= IsolationForestOptions.Default;
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        if (points.Count == 0)
        {
            throw new ArgumentException("An isolation forest needs at least one point.", nameof(points));
        }

        var d = points[0].Length;
        if (points.Any(p => p.Length != d))
        {
            throw new ArgumentException("All points must have the same number of features.", nameof(points));
        }

        var psi = Math.Min(options.SubsampleSize, points.Count);
        var heightLimit = (int)Math.Ceiling(Math.Log2(Math.Max(psi, 2)));
        var trees = new Tree[options.Trees];
        var master = new Random(options.Seed);
        var seeds = Enumerable.Range(0, options.Trees).Select(_ => master.Next()).ToArray();
        for (var t = 0; t < trees.Length; t++)
        {
            var random = new Random(seeds[t]);
            var all = Enumerable.Range(0, points.Count).ToArray();
            // Partial Fisher–Yates: the first psi entries are a uniform sample without replacement.
            for (var i = 0; i < psi; i++)
            {
                var j = random.Next(i, all.Length);
                (all[i], all[j]) = (all[j], all[i]);
            }

            trees[t] = Tree.Grow(points, all[..psi], heightLimit, random);
        }

        return new IsolationForest(trees, psi, d);
    }

    /// <summary>The anomaly score of one point.</summary>
    /// <param name="point">The point.</param>
    /// <returns>s in (0, 1]; higher = easier to isolate.</returns>
    public double Score(ReadOnlySpan<double> point)
    {
        var total = 0.0;
        foreach (var tree in _trees)
        {
            total += tree.PathLength(point);
        }

        return _normaliser == 0 ? 0.5 : Math.Pow(2, -(total / _trees.Length) / _normaliser);
    }

    /// <summary>Scores many points (in parallel; the result does not depend on scheduling).</summary>
    /// <param name="points">Points.</param>
    /// <returns>One score per point.</returns>
    public double[] Score(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var scores = new double[points.Count];
        Parallel.For(0, points.Count, i => scores[i] = Score(points[i]));
        return scores;
    }

    /// <summary>One tree as parallel arrays; node 0 is the root; a leaf has <c>Feature = -1</c>.</summary>
    private sealed class Tree
    {
        private readonly int[] _feature;
        private readonly double[] _split;
        private readonly int[] _left;
        private readonly int[] _right;
        private readonly double[] _leafAdjust;

        private Tree(int[] feature, double[] split, int[] left, int[] right, double[] leafAdjust)
        {
            _feature = feature;
            _split = split;
            _left = left;
            _right = right;
            _leafAdjust = leafAdjust;
        }

        public static Tree Grow(IReadOnlyList<double[]> points, int[] sample, int heightLimit, Random random)
        {
            var feature = new List<int>();
            var split = new List<double>();
            var left = new List<int>();
            var right = new List<int>();
            var leafAdjust = new List<double>();
            var d = points[0].Length;
            var candidates = new List<int>(d);

            int NewNode()
            {
                feature.Add(-1);
                split.Add(0);
                left.Add(-1);
                right.Add(-1);
                leafAdjust.Add(0);
                return feature.Count - 1;
            }

            // Iterative growth over index ranges of 'sample', partitioned in place.
            var stack = new Stack<(int Node, int Start, int End, int Depth)>();
            stack.Push((NewNode(), 0, sample.Length, 0));
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
                            var v = points[sample[i]][f];
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
                    leafAdjust[node] = depth + AveragePathLength(size);
                    continue;
                }

                var chosen = candidates[random.Next(candidates.Count)];
                double min = double.PositiveInfinity, max = double.NegativeInfinity;
                for (var i = start; i < end; i++)
                {
                    var v = points[sample[i]][chosen];
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
                    if (points[sample[i]][chosen] < at)
                    {
                        (sample[i], sample[mid]) = (sample[mid], sample[i]);
                        mid++;
                    }
                }

                feature[node] = chosen;
                split[node] = at;
                var l = NewNode();
                var r = NewNode();
                left[node] = l;
                right[node] = r;
                stack.Push((r, mid, end, depth + 1));
                stack.Push((l, start, mid, depth + 1));
            }

            return new Tree([.. feature], [.. split], [.. left], [.. right], [.. leafAdjust]);
        }

        public double PathLength(ReadOnlySpan<double> point)
        {
            var node = 0;
            while (_feature[node] >= 0)
            {
                node = point[_feature[node]] < _split[node] ? _left[node] : _right[node];
            }

            return _leafAdjust[node];
        }
    }
}
