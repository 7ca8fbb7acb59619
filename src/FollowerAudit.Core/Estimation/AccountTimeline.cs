using FollowerAudit.Core.Detectors.Engagement;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Estimation;

/// <summary>
/// Daily series of one account: new followers (from follow times), cumulative followers, its posts and the
/// interactions they received, plus the follower-count snapshots. Empty arrays where the data has no dates.
/// </summary>
/// <param name="Days">UTC midnight of each day, consecutive.</param>
/// <param name="NewFollowers">Followers gained that day (scaled up when the slice is a sample).</param>
/// <param name="CumulativeFollowers">Followers at the end of that day, counting followers with no follow time as present from the start.</param>
/// <param name="Posts">Posts the account published that day.</param>
/// <param name="Interactions">Likes + replies + reposts received by that day's posts (public counts, else engagement rows).</param>
/// <param name="SnapshotAt">Snapshot times.</param>
/// <param name="SnapshotFollowers">Follower count at each snapshot.</param>
public sealed record AccountTimeline(
    DateTime[] Days,
    double[] NewFollowers,
    double[] CumulativeFollowers,
    double[] Posts,
    double[] Interactions,
    DateTime[] SnapshotAt,
    double[] SnapshotFollowers)
{
    /// <summary>Whether there is any dated series to draw.</summary>
    public bool HasData => Days.Length > 0 || SnapshotAt.Length > 0;

    /// <summary>Builds the timeline of a slice's account.</summary>
    /// <param name="slice">The slice.</param>
    /// <returns>The timeline.</returns>
    public static AccountTimeline Build(AccountSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var snapshotAt = new List<DateTime>();
        var snapshotFollowers = new List<double>();
        var snapshots = slice.Snapshots;
        for (var i = 0; i < snapshots.Count; i++)
        {
            if (snapshots.FollowersCount?[i] is { } c)
            {
                snapshotAt.Add(snapshots.At[i]);
                snapshotFollowers.Add(c);
            }
        }

        var order = Enumerable.Range(0, snapshotAt.Count).OrderBy(i => snapshotAt[i]).ToArray();
        var snapAt = order.Select(i => snapshotAt[i]).ToArray();
        var snapFollowers = order.Select(i => snapshotFollowers[i]).ToArray();
        var posts = AccountPosts.Of(slice);

        DateTime? first = null, last = null;
        void Widen(DateTime? t)
        {
            if (t is not { } v)
            {
                return;
            }

            var day = v.Date;
            first = first is null || day < first ? day : first;
            last = last is null || day > last ? day : last;
        }

        foreach (var t in slice.FollowedAt ?? [])
        {
            Widen(t);
        }

        foreach (var t in posts.PostedAt)
        {
            Widen(t);
        }

        if (first is null || last is null)
        {
            return new AccountTimeline([], [], [], [], [], snapAt, snapFollowers);
        }

        var dayCount = (int)(last.Value - first.Value).TotalDays + 1;
        var days = Enumerable.Range(0, dayCount).Select(d => DateTime.SpecifyKind(first.Value.AddDays(d), DateTimeKind.Utc)).ToArray();
        var newFollowers = new double[dayCount];
        var undated = 0.0;
        var scale = slice.Count == 0 ? 1.0 : (double)slice.TotalFollowersInData / slice.Count;
        if (slice.FollowedAt is { } followedAt)
        {
            foreach (var t in followedAt)
            {
                if (t is { } v)
                {
                    newFollowers[(int)(v.Date - first.Value).TotalDays] += scale;
                }
                else
                {
                    undated += scale;
                }
            }
        }
        else
        {
            undated = slice.TotalFollowersInData;
        }

        var cumulative = new double[dayCount];
        var running = undated;
        for (var d = 0; d < dayCount; d++)
        {
            running += newFollowers[d];
            cumulative[d] = running;
        }

        var postsPerDay = new double[dayCount];
        var interactions = new double[dayCount];
        for (var k = 0; k < posts.Count; k++)
        {
            var d = (int)(posts.PostedAt[k].Date - first.Value).TotalDays;
            postsPerDay[d]++;
            interactions[d] += posts.Interactions[k];
        }

        return new AccountTimeline(days, newFollowers, cumulative, postsPerDay, interactions, snapAt, snapFollowers);
    }
}
