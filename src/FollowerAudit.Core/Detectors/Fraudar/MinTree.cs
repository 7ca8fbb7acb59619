using System.Runtime.CompilerServices;

namespace FollowerAudit.Core.Detectors.Fraudar;

/// <summary>
/// A tournament tree over priorities: the minimum (leftmost on ties, as in the FRAUDAR reference's MinTree) in O(1),
/// a decrease or a removal in O(log n). Each internal node holds its subtree's minimum value and index side by side,
/// so a decrease touches one leaf and, usually, one parent, and stops as soon as an ancestor's winner is another leaf.
/// </summary>
internal sealed class MinTree
{
    private readonly double[] _leaves;
    private readonly Node[] _nodes;
    private readonly int _leafCount;

    internal MinTree(double[] values)
    {
        _leafCount = 1;
        while (_leafCount < values.Length)
        {
            _leafCount <<= 1;
        }

        _leaves = new double[_leafCount];
        Array.Fill(_leaves, double.PositiveInfinity);
        Array.Copy(values, _leaves, values.Length);
        _nodes = new Node[Math.Max(2, _leafCount)];
        if (_leafCount == 1)
        {
            _nodes[1] = new Node(_leaves[0], 0);
            return;
        }

        for (var k = _leafCount - 1; k >= 1; k--)
        {
            _nodes[k] = Pick(Child(2 * k), Child((2 * k) + 1));
        }
    }

    /// <summary>Index of the minimum.</summary>
    internal int MinIndex => _nodes[1].Index;

    /// <summary>Value of the minimum.</summary>
    internal double MinValue => _nodes[1].Value;

    /// <summary>Lowers a leaf's value by <paramref name="amount"/> (≥ 0); a removed leaf stays removed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Decrease(int index, double amount)
    {
        var value = _leaves[index];
        if (double.IsPositiveInfinity(value))
        {
            return;
        }

        value -= amount;
        _leaves[index] = value;
        if (_leafCount == 1)
        {
            _nodes[1] = new Node(value, index);
            return;
        }

        for (var k = (_leafCount + index) >> 1; k >= 1; k >>= 1)
        {
            ref var node = ref _nodes[k];
            if (node.Index != index && !(value < node.Value || (value == node.Value && index < node.Index)))
            {
                return;
            }

            node = new Node(value, index);
        }
    }

    /// <summary>Removes a leaf (sets its value to +∞).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Remove(int index)
    {
        _leaves[index] = double.PositiveInfinity;
        if (_leafCount == 1)
        {
            _nodes[1] = new Node(double.PositiveInfinity, index);
            return;
        }

        for (var k = (_leafCount + index) >> 1; k >= 1; k >>= 1)
        {
            if (_nodes[k].Index != index)
            {
                return;
            }

            _nodes[k] = Pick(Child(2 * k), Child((2 * k) + 1));
        }
    }

    private Node Child(int node) => node >= _leafCount ? new Node(_leaves[node - _leafCount], node - _leafCount) : _nodes[node];

    // Leftmost wins ties: the left subtree's indices are smaller.
    private static Node Pick(Node left, Node right) => right.Value < left.Value ? right : left;

    private readonly record struct Node(double Value, int Index);
}
