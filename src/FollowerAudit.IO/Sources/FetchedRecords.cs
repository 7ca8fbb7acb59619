using System.Security.Cryptography;
using System.Text;
using FollowerAudit.Core.Model;
using FollowerAudit.IO.Import;

namespace FollowerAudit.IO.Sources;

/// <summary>One account as fetched, mapped onto the data contract's columns; null where the source did not say.</summary>
/// <param name="Key">The source's own id (a DID, a numeric id as text, a username): what pages and batches refer to.</param>
/// <param name="Id">The contract's int64 <c>account_id</c>.</param>
public sealed record FetchedAccount(string Key, long Id)
{
    /// <summary>Screen name / username.</summary>
    public string? Handle { get; init; }

    /// <summary>Display name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Account creation time (UTC).</summary>
    public DateTime? CreatedAt { get; init; }

    /// <summary>Public follower count.</summary>
    public long? Followers { get; init; }

    /// <summary>Public following count.</summary>
    public long? Following { get; init; }

    /// <summary>Number of posts.</summary>
    public long? Posts { get; init; }

    /// <summary>Number of public lists the account is on.</summary>
    public long? Listed { get; init; }

    /// <summary>Likes given.</summary>
    public long? LikesGiven { get; init; }

    /// <summary>Profile description as plain text.</summary>
    public string? Bio { get; init; }

    /// <summary>Free-text location.</summary>
    public string? Location { get; init; }

    /// <summary>The website the profile links to.</summary>
    public string? Url { get; init; }

    /// <summary>Has a custom profile picture.</summary>
    public bool? HasAvatar { get; init; }

    /// <summary>Verified by the platform.</summary>
    public bool? Verified { get; init; }

    /// <summary>Private / locked account.</summary>
    public bool? Protected { get; init; }

    /// <summary>Time of the latest post (UTC).</summary>
    public DateTime? LastPostAt { get; init; }

    /// <summary>Declares itself automated (Mastodon's <c>bot</c>); not a contract column, counted in the fetch summary.</summary>
    public bool? Bot { get; init; }

    /// <summary>Whether the record carries the full profile (counts); false for a list entry not yet completed.</summary>
    public bool Complete { get; init; } = true;
}

/// <summary>One post of the audited account with its public counts.</summary>
/// <param name="Key">The source's post id (an AT URI, a numeric id as text).</param>
/// <param name="Id">The contract's int64 <c>post_id</c>.</param>
/// <param name="PostedAt">Publication time (UTC).</param>
/// <param name="Likes">Likes / favourites.</param>
/// <param name="Replies">Replies.</param>
/// <param name="Reposts">Reposts / reblogs, plus quotes where the source counts them apart.</param>
public sealed record FetchedPost(string Key, long Id, DateTime? PostedAt, long? Likes, long? Replies, long? Reposts);

/// <summary>Builds contract datasets from fetched or imported records.</summary>
public static class FetchedDataset
{
    /// <summary>
    /// A stable positive int64 id for a source id that is not a number (a Bluesky DID, an AT URI, a username): the
    /// first 63 bits of its SHA-256. The same text always gives the same id, on every machine.
    /// </summary>
    /// <param name="key">The source id.</param>
    /// <returns>An id in [1, 2^63).</returns>
    public static long StableId(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var value = BitConverter.ToInt64(hash, 0) & long.MaxValue;
        return value == 0 ? 1 : value;
    }

    /// <summary>
    /// The dataset of one audited account: its row and its followers' rows in <c>accounts</c>, one edge per follower
    /// with <c>follow_rank</c> (0 = earliest) and <c>followed_at</c> when known, and its posts.
    /// </summary>
    /// <param name="audited">The audited account.</param>
    /// <param name="followersNewestFirst">
    /// The followers in the source's order, newest follow first; a repeated id keeps its first (newest) place, and
    /// the audited account itself is left out.
    /// </param>
    /// <param name="followedAt">Each follower's follow time in the same order, or null when the source has none.</param>
    /// <param name="posts">The audited account's posts.</param>
    /// <param name="columns">The <see cref="AccountTable"/> properties (by name) the source fills; the others stay absent.</param>
    /// <param name="rejections">Rows the caller left out, carried into the dataset's rejections.</param>
    /// <returns>The dataset.</returns>
    public static AuditDataset Build(FetchedAccount audited, IReadOnlyList<FetchedAccount> followersNewestFirst, IReadOnlyList<DateTime?>? followedAt, IReadOnlyList<FetchedPost> posts, IReadOnlyCollection<string> columns, IReadOnlyList<Rejection>? rejections = null)
    {
        ArgumentNullException.ThrowIfNull(audited);
        ArgumentNullException.ThrowIfNull(followersNewestFirst);
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(columns);
        var buffer = new AccountRowBuffer();
        buffer.MarkPresent([.. columns]);
        buffer.Add(Row(audited), "fetch", 0);
        var seen = new HashSet<long> { audited.Id };
        var kept = new List<int>();
        for (var i = 0; i < followersNewestFirst.Count; i++)
        {
            if (seen.Add(followersNewestFirst[i].Id))
            {
                kept.Add(i);
                buffer.Add(Row(followersNewestFirst[i]), "fetch", kept.Count);
            }
        }

        var accounts = buffer.Build().Accounts;
        var n = kept.Count;
        var followerIds = new long[n];
        var ranks = new long?[n];
        var times = followedAt is null ? null : new DateTime?[n];
        for (var j = 0; j < n; j++)
        {
            // Edges are written earliest follow first: rank j is the j-th oldest follower.
            var source = kept[n - 1 - j];
            followerIds[j] = followersNewestFirst[source].Id;
            ranks[j] = j;
            if (times is not null)
            {
                times[j] = followedAt![source];
            }
        }

        var follows = new FollowTable
        {
            FollowerId = followerIds,
            FolloweeId = [.. Enumerable.Repeat(audited.Id, n)],
            FollowedAt = times,
            FollowRank = ranks,
        };
        var postRows = posts.DistinctBy(p => p.Id).ToList();
        var postTable = postRows.Count == 0 ? null : new PostTable
        {
            PostId = [.. postRows.Select(p => p.Id)],
            AuthorId = [.. postRows.Select(_ => audited.Id)],
            PostedAt = [.. postRows.Select(p => p.PostedAt)],
            LikeCount = [.. postRows.Select(p => p.Likes)],
            ReplyCount = [.. postRows.Select(p => p.Replies)],
            RepostCount = [.. postRows.Select(p => p.Reposts)],
        };
        return new AuditDataset(accounts, follows, postTable, rejections: rejections);
    }

    private static AccountRow Row(FetchedAccount a) => new()
    {
        Id = a.Id,
        Handle = a.Handle,
        DisplayName = a.DisplayName,
        CreatedAt = a.CreatedAt,
        Followers = a.Followers,
        Following = a.Following,
        Posts = a.Posts,
        Listed = a.Listed,
        LikesGiven = a.LikesGiven,
        Bio = a.Bio,
        Location = a.Location,
        Url = a.Url,
        HasAvatar = a.HasAvatar,
        Verified = a.Verified,
        Protected = a.Protected,
        LastPostAt = a.LastPostAt,
    };
}
