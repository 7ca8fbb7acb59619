namespace FollowerAudit.Core.Estimation;

/// <summary>Interval estimates for proportions.</summary>
public static class Proportions
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Wilson score interval for <paramref name="successes"/> out of <paramref name="trials"/>, with an optional
    /// finite-population correction when the trials are a sample without replacement of <paramref name="population"/>.
    /// </summary>
    /// <param name="successes">Number of successes (0 ≤ successes ≤ trials).</param>
    /// <param name="trials">Number of trials.</param>
    /// <param name="population">Population size when sampling without replacement; <see langword="null"/> for an infinite population.</param>
    /// <returns>(lower, upper) in [0, 1].</returns>
    public static (double Lower, double Upper) Wilson(long successes, long trials, long? population = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
        {
            return (0, 1);
        }

        var n = (double)trials;
        var p = successes / n;
        var fpc = population is { } big && big > trials ? Math.Sqrt((big - n) / (big - 1)) : population is not null ? 0 : 1;
        var z = Z95 * fpc;
        var denominator = 1 + (z * z / n);
        var centre = (p + (z * z / (2 * n))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z * z / (4 * n * n))) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
