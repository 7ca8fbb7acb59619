using System.Numerics;

namespace FollowerAudit.Core.Scoring;

/// <summary>Order statistics without a full sort.</summary>
internal static class Selection
{
    /// <summary>
    /// The value at index <paramref name="k"/> of <paramref name="values"/> in ascending order (no NaN), reordering the
    /// span: quickselect with a median-of-three pivot and a three-way partition (runs of equal values, such as 0/1
    /// flags, cost one pass), falling back to a full sort after 2·log₂ n rounds, so hostile data costs at most
    /// O(n log n).
    /// </summary>
    /// <param name="values">Values (no NaN); reordered.</param>
    /// <param name="k">Index in 0..length−1.</param>
    /// <returns>The k-th smallest value.</returns>
    public static double Select(Span<double> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        var lo = 0;
        var hi = values.Length - 1;
        var rounds = (2 * BitOperations.Log2((uint)values.Length)) + 2;
        while (hi > lo)
        {
            if (rounds-- == 0)
            {
                values[lo..(hi + 1)].Sort();
                return values[k];
            }

            var pivot = MedianOfThree(values[lo], values[lo + ((hi - lo) / 2)], values[hi]);
            // Dijkstra's partition: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot.
            int lt = lo, i = lo, gt = hi;
            while (i <= gt)
            {
                var v = values[i];
                if (v < pivot)
                {
                    values[i++] = values[lt];
                    values[lt++] = v;
                }
                else if (v > pivot)
                {
                    values[i] = values[gt];
                    values[gt--] = v;
                }
                else
                {
                    i++;
                }
            }

            if (k < lt)
            {
                hi = lt - 1;
            }
            else if (k > gt)
            {
                lo = gt + 1;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static double MedianOfThree(double a, double b, double c) =>
        a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
}
