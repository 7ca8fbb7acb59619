using System.Runtime.CompilerServices;

namespace FollowerAudit.Core.Detectors.Fraudar;

/// <summary>
/// A priority structure over values: the minimum (lowest index on ties, as in the FRAUDAR reference's MinTree) in O(1),
/// a decrease in O(1) plus, when it changes its bucket's minimum, O(log(n / 64)); a removal in O(64 + log(n / 64)).
/// </summary>
/// <remarks>
/// The values are cut into buckets of 64 consecutive indices; each bucket keeps its minimum and a tournament tree over
/// the bucket minima gives the overall one. A decrease reads one value and its bucket's minimum (the bucket arrays and
/// the tree are 1/64 of the values, so they stay in cache) instead of walking a tree over every value, which at a
/// million rows cost a cache miss per level (issue 13). Removing a bucket's minimum rescans its 64 values: 512
/// contiguous bytes. Ties go to the lower index: inside a bucket the first of equal values wins, and between buckets
/// the left one, whose indices are lower.
/// </remarks>
internal sealed class MinTree
{
    private const int BucketShift = 6;
    private const int BucketSize = 1 << BucketShift;

    private readonly double[] _values;
    private readonly int[] _bucketMinIndex;
    private readonly double[] _bucketMin;
    private readonly Node[] _nodes;
    private readonly int _leafCount;

    /// <summary>Builds the structure over a copy of <paramref name="values"/> (+∞ marks an absent entry).</summary>
    /// <param name="values">The values, index i for entry i.</param>
    internal MinTree(double[] values)
    {
        var buckets = Math.Max(1, (values.Length + BucketSize - 1) >> BucketShift);
        _values = new double[buckets << BucketShift];
        Array.Fill(_values, double.PositiveInfinity);
        Array.Copy(values, _values, values.Length);
        _leafCount = 1;
        while (_leafCount < buckets)
        {
            _leafCount <<= 1;
        }

        _bucketMin = new double[_leafCount];
        Array.Fill(_bucketMin, double.PositiveInfinity);
        _bucketMinIndex = new int[_leafCount];
        for (var b = 0; b < buckets; b++)
        {
            (_bucketMinIndex[b], _bucketMin[b]) = ScanBucket(b);
        }

        _nodes = new Node[Math.Max(2, _leafCount)];
        if (_leafCount == 1)
        {
            _nodes[1] = new Node(_bucketMin[0], 0);
            return;
        }

        for (var k = _leafCount - 1; k >= 1; k--)
        {
            _nodes[k] = Pick(Child(2 * k), Child((2 * k) + 1));
        }
    }

    /// <summary>Index of the minimum.</summary>
    internal int MinIndex => _bucketMinIndex[_nodes[1].Index];

    /// <summary>Value of the minimum.</summary>
    internal double MinValue => _nodes[1].Value;

    /// <summary>Lowers a value by <paramref name="amount"/> (≥ 0); a removed entry stays removed.</summary>
    /// <param name="index">The entry.</param>
    /// <param name="amount">How much to subtract.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Decrease(int index, double amount)
    {
        var value = _values[index];
        if (double.IsPositiveInfinity(value))
        {
            return;
        }

        value -= amount;
        _values[index] = value;
        var bucket = index >> BucketShift;
        var current = _bucketMinIndex[bucket];
        if (current != index)
        {
            var min = _bucketMin[bucket];
            if (!(value < min || (value == min && index < current)))
            {
                return;
            }

            _bucketMinIndex[bucket] = index;
        }

        LowerBucket(bucket, value);
    }

    /// <summary>Removes an entry (sets its value to +∞).</summary>
    /// <param name="index">The entry.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Remove(int index)
    {
        _values[index] = double.PositiveInfinity;
        var bucket = index >> BucketShift;
        if (_bucketMinIndex[bucket] != index)
        {
            return;
        }

        var (newIndex, newMin) = ScanBucket(bucket);
        _bucketMinIndex[bucket] = newIndex;
        _bucketMin[bucket] = newMin;
        if (_leafCount == 1)
        {
            _nodes[1] = new Node(newMin, 0);
            return;
        }

        // The bucket's minimum went up: recompute the ancestors it was winning.
        for (var k = (_leafCount + bucket) >> 1; k >= 1; k >>= 1)
        {
            if (_nodes[k].Index != bucket)
            {
                return;
            }

            _nodes[k] = Pick(Child(2 * k), Child((2 * k) + 1));
        }
    }

    // A bucket's minimum went down to value: it wins every ancestor it beats and stops at the first it does not.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LowerBucket(int bucket, double value)
    {
        _bucketMin[bucket] = value;
        if (_leafCount == 1)
        {
            _nodes[1] = new Node(value, 0);
            return;
        }

        for (var k = (_leafCount + bucket) >> 1; k >= 1; k >>= 1)
        {
            ref var node = ref _nodes[k];
            if (node.Index != bucket && !(value < node.Value || (value == node.Value && bucket < node.Index)))
            {
                return;
            }

            node = new Node(value, bucket);
        }
    }

    // The bucket's minimum and its index (the first of equal values).
    private (int Index, double Value) ScanBucket(int bucket)
    {
        var start = bucket << BucketShift;
        var values = _values.AsSpan(start, BucketSize);
        var best = 0;
        var min = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < min)
            {
                min = values[i];
                best = i;
            }
        }

        return (start + best, min);
    }

    private Node Child(int node) => node >= _leafCount ? new Node(_bucketMin[node - _leafCount], node - _leafCount) : _nodes[node];

    // Leftmost wins ties: the left subtree's buckets hold lower indices.
    private static Node Pick(Node left, Node right) => right.Value < left.Value ? right : left;

    private readonly record struct Node(double Value, int Index);
}
