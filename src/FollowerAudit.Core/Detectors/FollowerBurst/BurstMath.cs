namespace FollowerAudit.Core.Detectors.FollowerBurst;

/// <summary>Robust rolling baseline and burst segmentation over a daily count series.</summary>
internal static class BurstMath
{
    // Scale of the MAD to a normal standard deviation.
    private const double MadToSigma = 1.4826;

    internal readonly record struct Burst(int FirstDay, int LastDay, double Observed, double Expected, double PeakZ)
    {
        public double Excess => Observed - Expected;
    }

    internal sealed record Analysis(double[] Expected, double[] Z, bool[] Flagged, IReadOnlyList<Burst> Bursts);

    internal static Analysis Analyse(double[] counts, FollowerBurstOptions options)
    {
        var n = counts.Length;
        var factors = WeekdayFactors(counts);
        var y = new double[n];
        for (var d = 0; d < n; d++)
        {
            y[d] = counts[d] / factors[d % 7];
        }

        // The baseline history: the deseasonalised counts, with flagged days replaced by their baseline (for at most a
        // quarter window in a row, so a lasting level shift is absorbed rather than flagged for ever).
        var history = (double[])y.Clone();
        var expected = new double[n];
        var z = new double[n];
        var flagged = new bool[n];
        var run = 0;
        var maxMasked = Math.Max(1, options.TrailingWindowDays / 4);
        var window = new double[options.TrailingWindowDays];
        for (var d = 0; d < n; d++)
        {
            var from = Math.Max(0, d - options.TrailingWindowDays);
            var length = d - from;
            if (length < options.MinHistoryDays)
            {
                expected[d] = counts[d];
                continue;
            }

            Array.Copy(history, from, window, 0, length);
            var span = window.AsSpan(0, length);
            var median = Median(span);
            for (var i = 0; i < length; i++)
            {
                span[i] = Math.Abs(span[i] - median);
            }

            var mad = Median(span);
            var scale = Math.Max(MadToSigma * mad, Math.Sqrt(Math.Max(median, 1.0)));
            z[d] = (y[d] - median) / scale;
            expected[d] = median * factors[d % 7];
            flagged[d] = z[d] >= options.ZThreshold;
            if (flagged[d])
            {
                run++;
                if (run <= maxMasked)
                {
                    history[d] = median;
                }
            }
            else
            {
                run = 0;
            }
        }

        var bursts = new List<Burst>();
        for (var d = 0; d < n; d++)
        {
            if (!flagged[d])
            {
                continue;
            }

            var first = d;
            double observed = 0, exp = 0, peak = 0;
            while (d < n && flagged[d])
            {
                observed += counts[d];
                exp += expected[d];
                peak = Math.Max(peak, z[d]);
                d++;
            }

            bursts.Add(new Burst(first, d - 1, observed, exp, peak));
        }

        return new Analysis(expected, z, flagged, bursts);
    }

    // Weekday factor = median of that weekday's counts / median of all counts, clamped to [0.5, 2]. Indexed by
    // day-in-series mod 7. Needs three weeks and a non-zero overall median; otherwise all factors are 1.
    private static double[] WeekdayFactors(double[] counts)
    {
        var factors = new[] { 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 };
        if (counts.Length < 21)
        {
            return factors;
        }

        var overall = Median((double[])counts.Clone());
        if (overall <= 0)
        {
            return factors;
        }

        for (var w = 0; w < 7; w++)
        {
            var values = new List<double>();
            for (var d = w; d < counts.Length; d += 7)
            {
                values.Add(counts[d]);
            }

            factors[w] = Math.Clamp(Median(values.ToArray()) / overall, 0.5, 2.0);
        }

        return factors;
    }

    internal static double Median(Span<double> values)
    {
        values.Sort();
        var n = values.Length;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[(n / 2) - 1] + values[n / 2]);
    }
}
