using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Estimation;

/// <summary>
/// Draws the simple random sample of followers a person labels (<c>followeraudit sample</c>). Random, never "the
/// suspicious ones": prediction-powered inference is valid only for a random sample. Seeded, so the same command
/// draws the same followers.
/// </summary>
public static class LabelSample
{
    /// <summary>Draws <paramref name="size"/> followers of a slice without replacement.</summary>
    /// <param name="slice">The account's followers in follow order.</param>
    /// <param name="size">How many to draw (all of them when the slice is smaller).</param>
    /// <param name="seed">The seed.</param>
    /// <returns>Positions in the slice, ascending (follow order).</returns>
    public static int[] Draw(AccountSlice slice, int size, int seed)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var positions = Enumerable.Range(0, slice.Count).ToArray();
        var take = Math.Min(size, positions.Length);
        var random = new Random(seed);

        // Partial Fisher–Yates: the first `take` entries become a uniform sample without replacement.
        for (var i = 0; i < take; i++)
        {
            var j = random.Next(i, positions.Length);
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }

        var sample = positions[..take];
        Array.Sort(sample);
        return sample;
    }
}
