namespace FollowerAudit.Core.Synthetic;

/// <summary>
/// Seeded sampling helpers on <see cref="Random"/>. Written here rather than taken from a library so that the
/// generated worlds depend only on <see cref="Random"/>'s (seeded, deterministic) sequence.
/// </summary>
internal static class Sampling
{
    /// <summary>A deterministic sub-seed for one stage (SplitMix64 finaliser of seed and stream).</summary>
    public static int SubSeed(int seed, int stream)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) + ((ulong)(uint)stream * 0xBF58476D1CE4E5B9UL) + 0x94D049BB133111EBUL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFFFFFF);
        }
    }

    /// <summary>An independent generator for one stage, so that changing one stage does not reshuffle the others.</summary>
    public static Random Stream(int seed, int stream) => new(SubSeed(seed, stream));

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A lognormal draw given its median and log-scale spread.</summary>
    public static double LogNormal(Random rng, double median, double sigma) => median * Math.Exp(sigma * Normal(rng));

    /// <summary>An exponential draw with the given mean.</summary>
    public static double Exponential(Random rng, double mean) => -mean * Math.Log(1.0 - rng.NextDouble());

    /// <summary>A draw whose logarithm is uniform between log(min) and log(max).</summary>
    public static double LogUniform(Random rng, double min, double max) =>
        min >= max ? min : min * Math.Exp(rng.NextDouble() * Math.Log(max / min));

    /// <summary>A uniform draw in [min, max).</summary>
    public static double Uniform(Random rng, double min, double max) => min + (rng.NextDouble() * (max - min));

    /// <summary><see langword="true"/> with probability <paramref name="p"/>.</summary>
    public static bool Chance(Random rng, double p) => rng.NextDouble() < p;

    /// <summary>A Poisson draw: Knuth's product method for small means, a rounded normal for large ones.</summary>
    public static long Poisson(Random rng, double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda < 30)
        {
            var limit = Math.Exp(-lambda);
            var product = rng.NextDouble();
            long k = 0;
            while (product > limit)
            {
                k++;
                product *= rng.NextDouble();
            }

            return k;
        }

        return Math.Max(0, (long)Math.Round(lambda + (Math.Sqrt(lambda) * Normal(rng))));
    }

    /// <summary>A uniformly chosen element.</summary>
    public static T Pick<T>(Random rng, T[] items) => items[rng.Next(items.Length)];

    /// <summary>A uniform tick in [from, to].</summary>
    public static long Ticks(Random rng, long from, long to) =>
        to <= from ? from : from + (long)(rng.NextDouble() * (to - from));
}
