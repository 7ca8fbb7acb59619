namespace FollowerAudit.Core.Detectors.FollowerBurst;

/// <summary>How unusual a burst's arrivals are compared with the followers who came around them.</summary>
internal static class ArrivalComposition
{
    /// <summary>
    /// The largest excess share of <paramref name="arrivals"/> created within one window of <paramref name="windowDays"/>
    /// days: max over windows [c, c + w] starting at an arrival's creation date of (arrivals in it / arrivals) −
    /// (baseline in it / baseline). About 0 for arrivals created like the baseline; about the bought share for a batch
    /// registered together. O((a + b) log(a + b)).
    /// </summary>
    /// <param name="arrivals">Creation dates of the arrivals, in days; sorted in place.</param>
    /// <param name="baseline">Creation dates of the neighbouring followers, in days; sorted in place; not empty.</param>
    /// <param name="windowDays">Window width in days.</param>
    /// <returns>The excess share in [-1, 1], or 0 when there are no arrivals.</returns>
    internal static double CreationBatchShare(double[] arrivals, double[] baseline, double windowDays)
    {
        if (arrivals.Length == 0 || baseline.Length == 0)
        {
            return 0;
        }

        Array.Sort(arrivals);
        Array.Sort(baseline);
        var best = double.NegativeInfinity;
        var end = 0;
        for (var i = 0; i < arrivals.Length; i++)
        {
            var from = arrivals[i];
            var to = from + windowDays;
            end = Math.Max(end, i);
            while (end < arrivals.Length && arrivals[end] <= to)
            {
                end++;
            }

            var inBaseline = UpperBound(baseline, to) - LowerBound(baseline, from);
            best = Math.Max(best, ((end - i) / (double)arrivals.Length) - (inBaseline / (double)baseline.Length));
        }

        return best;
    }

    /// <summary>Share of <paramref name="arrivals"/> at or above <paramref name="threshold"/> minus that share of <paramref name="baseline"/>.</summary>
    /// <param name="arrivals">Fake scores of the arrivals.</param>
    /// <param name="baseline">Fake scores of the neighbouring followers; not empty.</param>
    /// <param name="threshold">The scorer's flag threshold.</param>
    /// <returns>The excess flagged share in [-1, 1], or 0 when either is empty.</returns>
    internal static double FlaggedExcessShare(IReadOnlyList<double> arrivals, IReadOnlyList<double> baseline, double threshold)
    {
        if (arrivals.Count == 0 || baseline.Count == 0)
        {
            return 0;
        }

        return (arrivals.Count(s => s >= threshold) / (double)arrivals.Count) - (baseline.Count(s => s >= threshold) / (double)baseline.Count);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
