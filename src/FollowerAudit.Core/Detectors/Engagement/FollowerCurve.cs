using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.Engagement;

/// <summary>
/// An account's follower count as a step function of time: from follow times where the data has them, else from
/// snapshots, else the constant public count.
/// </summary>
internal sealed class FollowerCurve
{
    private readonly DateTime[] _times;
    private readonly double[] _counts;
    private readonly double _beforeFirst;

    private FollowerCurve(DateTime[] times, double[] counts, double beforeFirst, double current)
    {
        _times = times;
        _counts = counts;
        _beforeFirst = beforeFirst;
        Current = current;
    }

    /// <summary>The latest follower count.</summary>
    public double Current { get; }

    /// <summary>Followers at time <paramref name="t"/> (the last step at or before it).</summary>
    public double At(DateTime t)
    {
        var i = Array.BinarySearch(_times, t);
        i = i >= 0 ? i : ~i - 1;
        return i < 0 ? _beforeFirst : _counts[i];
    }

    public static FollowerCurve Of(AccountSlice slice)
    {
        var publicCount = (double)(slice.PublicFollowersCount ?? slice.TotalFollowersInData);
        if (slice.FollowedAt is { } followedAt && followedAt.Any(t => t is not null))
        {
            var scale = slice.Count == 0 ? 1 : (double)slice.TotalFollowersInData / slice.Count;
            var dated = followedAt.OfType<DateTime>().Order().ToArray();
            var undated = (followedAt.Length - dated.Length) * scale;
            var counts = new double[dated.Length];
            for (var i = 0; i < dated.Length; i++)
            {
                counts[i] = undated + ((i + 1) * scale);
            }

            return new FollowerCurve(dated, counts, undated, Math.Max(publicCount, counts[^1]));
        }

        var snapshots = slice.Snapshots;
        var points = Enumerable.Range(0, snapshots.Count)
            .Where(i => snapshots.FollowersCount?[i] is not null)
            .Select(i => (At: snapshots.At[i], Count: (double)snapshots.FollowersCount![i]!.Value))
            .OrderBy(p => p.At)
            .ToArray();
        if (points.Length > 0)
        {
            return new FollowerCurve([.. points.Select(p => p.At)], [.. points.Select(p => p.Count)], points[0].Count, points[^1].Count);
        }

        return new FollowerCurve([], [], publicCount, publicCount);
    }
}
