namespace FollowerAudit.Core.Model;

/// <summary>
/// A whole dataset in memory: the required <c>accounts</c> and <c>follows</c> tables and the optional ones
/// (empty when absent), plus the rows the loader rejected. Immutable after construction; the follower index is
/// built lazily, once.
/// </summary>
public sealed class AuditDataset
{
    private FollowerIndex? _followerIndex;
    private long[]? _creationTicks;
    private ActivityIndex? _activityIndex;

    /// <summary>Creates a dataset from loaded tables.</summary>
    /// <param name="accounts">The accounts table.</param>
    /// <param name="follows">The follows table; every id must be in <paramref name="accounts"/>.</param>
    /// <param name="posts">Posts, or <see langword="null"/> when absent.</param>
    /// <param name="engagements">Engagements, or <see langword="null"/> when absent.</param>
    /// <param name="snapshots">Snapshots, or <see langword="null"/> when absent.</param>
    /// <param name="rejections">Rows rejected while loading.</param>
    /// <param name="referenceTime">The time "now" of the dataset (UTC): the crawl time, used for ages.</param>
    public AuditDataset(
        AccountTable accounts,
        FollowTable follows,
        PostTable? posts = null,
        EngagementTable? engagements = null,
        SnapshotTable? snapshots = null,
        IReadOnlyList<Rejection>? rejections = null,
        DateTime? referenceTime = null)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(follows);
        Accounts = accounts;
        Follows = follows;
        Posts = posts ?? PostTable.Empty;
        Engagements = engagements ?? EngagementTable.Empty;
        Snapshots = snapshots ?? SnapshotTable.Empty;
        Rejections = rejections ?? [];
        ReferenceTime = referenceTime ?? InferReferenceTime(accounts, follows, Posts, Snapshots);
    }

    /// <summary>The accounts.</summary>
    public AccountTable Accounts { get; }

    /// <summary>The follow edges.</summary>
    public FollowTable Follows { get; }

    /// <summary>The posts (empty when the dataset has none).</summary>
    public PostTable Posts { get; }

    /// <summary>The engagements (empty when the dataset has none).</summary>
    public EngagementTable Engagements { get; }

    /// <summary>The snapshots (empty when the dataset has none).</summary>
    public SnapshotTable Snapshots { get; }

    /// <summary>Rows rejected by the loader.</summary>
    public IReadOnlyList<Rejection> Rejections { get; }

    /// <summary>
    /// The dataset's "now" (UTC): given by the caller, or else the latest timestamp in the data. Ages and inactivity
    /// are measured from it, so results never depend on the wall clock.
    /// </summary>
    public DateTime ReferenceTime { get; }

    /// <summary>Edges grouped by followee (built on first use, O(edges)).</summary>
    public FollowerIndex FollowerIndex => _followerIndex ??= FollowerIndex.Build(this);

    /// <summary>Posts, engagements and snapshots grouped by account (built on first use, O(rows)).</summary>
    public ActivityIndex ActivityIndex => _activityIndex ??= ActivityIndex.Build(this);

    /// <summary>Creation times (ticks) of every account that has one, ascending (built on first use).</summary>
    public long[] CreationTicksSorted => _creationTicks ??= SortedCreationTicks(Accounts);

    /// <summary>Creation times (ticks) of every account of a table that has one, ascending.</summary>
    /// <param name="accounts">The accounts.</param>
    /// <returns>A new sorted array.</returns>
    internal static long[] SortedCreationTicks(AccountTable accounts)
    {
        // Counted first, so the array is allocated once at its size (ToArray of a filtered sequence grows and copies).
        var created = accounts.CreatedAt ?? [];
        var count = 0;
        foreach (var t in created)
        {
            count += t is null ? 0 : 1;
        }

        var ticks = new long[count];
        var i = 0;
        foreach (var t in created)
        {
            if (t is { } value)
            {
                ticks[i++] = value.Ticks;
            }
        }

        Array.Sort(ticks);
        return ticks;
    }

    private static DateTime InferReferenceTime(AccountTable accounts, FollowTable follows, PostTable posts, SnapshotTable snapshots)
    {
        var latest = DateTime.MinValue;
        static DateTime Max(DateTime a, DateTime? b) => b is { } v && v > a ? v : a;
        foreach (var t in accounts.CreatedAt ?? [])
        {
            latest = Max(latest, t);
        }

        foreach (var t in accounts.LastPostAt ?? [])
        {
            latest = Max(latest, t);
        }

        foreach (var t in follows.FollowedAt ?? [])
        {
            latest = Max(latest, t);
        }

        foreach (var t in posts.PostedAt)
        {
            latest = Max(latest, t);
        }

        foreach (var t in snapshots.At)
        {
            latest = Max(latest, t);
        }

        return latest == DateTime.MinValue
            ? new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)
            : DateTime.SpecifyKind(latest, DateTimeKind.Utc);
    }
}
