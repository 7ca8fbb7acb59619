namespace FollowerAudit.Core.Detectors.Fraudar;

/// <summary>
/// A tournament tree over priorities: the minimum (leftmost on ties, as in the FRAUDAR reference's MinTree) in O(1),
/// a decrease or a removal in O(log n). Internal nodes hold the index of their subtree's minimum, so an update stops
/// as soon as an ancestor's winner is another leaf.
/// </summary>
internal sealed class MinTree
{
    private readonly double[] _values;
    private readonly int[] _winner;
    private readonly int _leafCount;

    internal MinTree(double[] values)
    {
        _leafCount = 1;
        while (_leafCount < values.Length)
        {
            _leafCount <<= 1;
        }

        _values = new double[_leafCount];
        Array.Fill(_values, double.PositiveInfinity);
        Array.Copy(values, _values, values.Length);
        _winner = new int[_leafCount];
        for (var k = _leafCount - 1; k >= 1; k--)
        {
            _winner[k] = Pick(Child(2 * k), Child((2 * k) + 1));
        }
    }

    /// <summary>Index of the minimum.</summary>
    internal int MinIndex => _leafCount == 1 ? 0 : _winner[1];

    /// <summary>Value of the minimum.</summary>
    internal double MinValue => _values[MinIndex];

    /// <summary>Current value of a leaf.</summary>
    internal double this[int index] => _values[index];

    /// <summary>Lowers a leaf's value by <paramref name="amount"/> (≥ 0).</summary>
    internal void Decrease(int index, double amount)
    {
        if (double.IsPositiveInfinity(_values[index]))
        {
            return;
        }

        _values[index] -= amount;
        for (var k = (_leafCount + index) >> 1; k >= 1; k >>= 1)
        {
            var current = _winner[k];
            if (current == index)
            {
                continue;
            }

            if (!Beats(index, current))
            {
                return;
            }

            _winner[k] = index;
        }
    }

    /// <summary>Removes a leaf (sets its value to +∞).</summary>
    internal void Remove(int index)
    {
        _values[index] = double.PositiveInfinity;
        for (var k = (_leafCount + index) >> 1; k >= 1; k >>= 1)
        {
            if (_winner[k] != index)
            {
                return;
            }

            _winner[k] = Pick(Child(2 * k), Child((2 * k) + 1));
        }
    }

    private int Child(int node) => node >= _leafCount ? node - _leafCount : _winner[node];

    // Leftmost wins ties: the left subtree's indices are smaller.
    private int Pick(int left, int right) => _values[right] < _values[left] ? right : left;

    private bool Beats(int a, int b) => _values[a] < _values[b] || (_values[a] == _values[b] && a < b);
}
