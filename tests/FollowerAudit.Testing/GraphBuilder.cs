using FollowerAudit.Core.Model;

namespace FollowerAudit.Testing;

/// <summary>
/// Builds small hand-made datasets for tests: accounts with a few profile columns and follow edges.
/// Columns nobody set stay absent (null), as in a partial export.
/// </summary>
public sealed class GraphBuilder
{
    private readonly List<long> _ids = [];
    private readonly Dictionary<string, Dictionary<int, object?>> _cells = new(StringComparer.Ordinal);
    private readonly List<(long Follower, long Followee, DateTime? At, long? Rank)> _edges = [];
    private readonly List<(long PostId, long Author, DateTime At, long Likes)> _posts = [];
    private readonly List<(long Account, DateTime At, long Followers)> _snapshots = [];
    private readonly List<(long PostId, long Actor)> _engagements = [];

    public static DateTime Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    /// <summary>Adds an account; set any column by name (AccountTable property names, e.g. "CreatedAt").</summary>
    public GraphBuilder Account(long id, params (string Column, object? Value)[] cells)
    {
        var row = _ids.Count;
        _ids.Add(id);
        foreach (var (column, value) in cells)
        {
            if (!_cells.TryGetValue(column, out var values))
            {
                _cells[column] = values = [];
            }

            values[row] = value;
        }

        return this;
    }

    public GraphBuilder Follow(long follower, long followee, DateTime? at = null, long? rank = null)
    {
        _edges.Add((follower, followee, at, rank));
        return this;
    }

    public GraphBuilder Post(long postId, long author, DateTime at, long likes)
    {
        _posts.Add((postId, author, at, likes));
        return this;
    }

    /// <summary>Adds a like of a post by an account.</summary>
    public GraphBuilder Like(long postId, long actor)
    {
        _engagements.Add((postId, actor));
        return this;
    }

    public GraphBuilder Snapshot(long account, DateTime at, long followers)
    {
        _snapshots.Add((account, at, followers));
        return this;
    }

    public AuditDataset Build(DateTime? referenceTime = null)
    {
        var accounts = new AccountTable
        {
            AccountId = [.. _ids],
            Handle = Column<string>("Handle"),
            DisplayName = Column<string>("DisplayName"),
            CreatedAt = Nullable<DateTime>("CreatedAt"),
            FollowersCount = Nullable<long>("FollowersCount"),
            FollowingCount = Nullable<long>("FollowingCount"),
            PostsCount = Nullable<long>("PostsCount"),
            LikesGivenCount = Nullable<long>("LikesGivenCount"),
            ListedCount = Nullable<long>("ListedCount"),
            Bio = Column<string>("Bio"),
            Location = Column<string>("Location"),
            Url = Column<string>("Url"),
            HasAvatar = Nullable<bool>("HasAvatar"),
            Verified = Nullable<bool>("Verified"),
            Protected = Nullable<bool>("Protected"),
            DefaultProfile = Nullable<bool>("DefaultProfile"),
            LastPostAt = Nullable<DateTime>("LastPostAt"),
            Lang = Column<string>("Lang"),
            Label = _cells.TryGetValue("Label", out var labels)
                ? [.. Enumerable.Range(0, _ids.Count).Select(i => labels.TryGetValue(i, out var v) && v is AccountLabel l ? l : AccountLabel.Unknown)]
                : null,
        };
        var anyTime = _edges.Any(e => e.At is not null);
        var anyRank = _edges.Any(e => e.Rank is not null);
        var follows = new FollowTable
        {
            FollowerId = [.. _edges.Select(e => e.Follower)],
            FolloweeId = [.. _edges.Select(e => e.Followee)],
            FollowedAt = anyTime ? [.. _edges.Select(e => e.At)] : null,
            FollowRank = anyRank ? [.. _edges.Select(e => e.Rank)] : null,
        };
        var posts = _posts.Count == 0 ? null : new PostTable
        {
            PostId = [.. _posts.Select(p => p.PostId)],
            AuthorId = [.. _posts.Select(p => p.Author)],
            PostedAt = [.. _posts.Select(p => (DateTime?)p.At)],
            LikeCount = [.. _posts.Select(p => (long?)p.Likes)],
        };
        var snapshots = _snapshots.Count == 0 ? null : new SnapshotTable
        {
            AccountId = [.. _snapshots.Select(s => s.Account)],
            At = [.. _snapshots.Select(s => s.At)],
            FollowersCount = [.. _snapshots.Select(s => (long?)s.Followers)],
        };
        var engagements = _engagements.Count == 0 ? null : new EngagementTable
        {
            PostId = [.. _engagements.Select(e => e.PostId)],
            ActorId = [.. _engagements.Select(e => e.Actor)],
            Kind = [.. _engagements.Select(_ => EngagementKind.Like)],
        };
        return new AuditDataset(accounts, follows, posts, engagements, snapshots, null, referenceTime);
    }

    private T?[]? Column<T>(string name)
        where T : class =>
        _cells.TryGetValue(name, out var values)
            ? [.. Enumerable.Range(0, _ids.Count).Select(i => values.TryGetValue(i, out var v) ? (T?)v : null)]
            : null;

    private T?[]? Nullable<T>(string name)
        where T : struct =>
        _cells.TryGetValue(name, out var values)
            ? [.. Enumerable.Range(0, _ids.Count).Select(i => values.TryGetValue(i, out var v) && v is not null ? (T?)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture) : null)]
            : null;
}
