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

    /// <summary>The rows per row group when a fetched dataset is streamed to disk (<see cref="WriteAsync"/>): small enough that a slice stays a few MB and its column arrays (16 bytes a row at most) stay off the large-object heap.</summary>
    public const int StreamRowGroupRows = 5_000;

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
        var kept = DistinctIndexes(audited, followersNewestFirst).ToList();
        var accounts = Accounts(audited, kept.Select(i => followersNewestFirst[i]), columns);
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
        return new AuditDataset(accounts, follows, Posts(audited, posts), rejections: rejections);
    }

    /// <summary>
    /// The followers as <see cref="Build"/> keeps them: in the given order, each id once at its first (newest) place,
    /// the audited account left out. Streams; holds only the ids seen (a set of int64).
    /// </summary>
    /// <param name="audited">The audited account.</param>
    /// <param name="followersNewestFirst">The followers in the source's order, newest follow first.</param>
    /// <returns>The kept followers, in order.</returns>
    public static IEnumerable<FetchedAccount> Distinct(FetchedAccount audited, IEnumerable<FetchedAccount> followersNewestFirst)
    {
        ArgumentNullException.ThrowIfNull(audited);
        ArgumentNullException.ThrowIfNull(followersNewestFirst);
        var seen = new HashSet<long> { audited.Id };
        foreach (var follower in followersNewestFirst)
        {
            if (seen.Add(follower.Id))
            {
                yield return follower;
            }
        }
    }

    /// <summary>
    /// Writes the same dataset as <see cref="Build"/> (without follow times) into <paramref name="datasetFolder"/>,
    /// streaming: the followers are read twice (once to count them, since <c>follow_rank</c> counts from the earliest
    /// and they come newest first, once to write them in slices of <see cref="StreamRowGroupRows"/>), so memory does
    /// not grow with their number. Edges are written in the given order (newest first, <c>follow_rank</c> descending).
    /// </summary>
    /// <param name="audited">The audited account.</param>
    /// <param name="followersNewestFirst">
    /// Opens the followers, newest first, already kept as <see cref="Distinct"/> keeps them; called twice, it must give
    /// the same sequence both times.
    /// </param>
    /// <param name="posts">The audited account's posts.</param>
    /// <param name="columns">The <see cref="AccountTable"/> properties (by name) the source fills.</param>
    /// <param name="datasetFolder">The folder to write (in the caller's staging folder: files are replaced only at the end).</param>
    /// <param name="progress">Receives the followers written so far and their total; may be null.</param>
    /// <param name="cancellationToken">Cancels; nothing is then moved into place.</param>
    /// <param name="rowGroupRows">Followers per slice and row group, at least 1.</param>
    /// <returns>The number of followers written.</returns>
    /// <exception cref="InvalidOperationException">The two passes gave different numbers of followers.</exception>
    public static async Task<long> WriteAsync(FetchedAccount audited, Func<IEnumerable<FetchedAccount>> followersNewestFirst, IReadOnlyList<FetchedPost> posts, IReadOnlyCollection<string> columns, string datasetFolder, IProgress<(long Done, long Total)>? progress, CancellationToken cancellationToken, int rowGroupRows = StreamRowGroupRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        ArgumentNullException.ThrowIfNull(audited);
        ArgumentNullException.ThrowIfNull(followersNewestFirst);
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(columns);
        var total = followersNewestFirst().LongCount();
        // One row group per slice (the audited account's row makes the first accounts group one row longer).
        var writer = DatasetWriter.Open(datasetFolder, rowGroupRows + 1);
        await using (writer.ConfigureAwait(false))
        {
            var slice = new List<FetchedAccount>(rowGroupRows);
            long done = 0;
            var first = true;
            foreach (var follower in followersNewestFirst())
            {
                slice.Add(follower);
                if (slice.Count == rowGroupRows)
                {
                    await WriteSliceAsync().ConfigureAwait(false);
                }
            }

            if (slice.Count > 0 || first)
            {
                await WriteSliceAsync().ConfigureAwait(false);
            }

            if (done != total)
            {
                throw new InvalidOperationException($"The followers changed between the two passes over them ({total:N0}, then {done:N0}).");
            }

            if (Posts(audited, posts) is { } postTable)
            {
                await writer.AppendAsync(postTable, cancellationToken).ConfigureAwait(false);
            }

            await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
            return total;

            async Task WriteSliceAsync()
            {
                cancellationToken.ThrowIfCancellationRequested();
                var accounts = Accounts(first ? audited : null, slice, columns);
                var follows = new FollowTable
                {
                    FollowerId = [.. slice.Select(f => f.Id)],
                    FolloweeId = [.. slice.Select(_ => audited.Id)],
                    FollowRank = [.. slice.Select((_, i) => (long?)(total - 1 - (done + i)))],
                };
                await writer.AppendAsync(accounts, cancellationToken).ConfigureAwait(false);
                await writer.AppendAsync(follows, cancellationToken).ConfigureAwait(false);
                done += slice.Count;
                first = false;
                slice.Clear();
                progress?.Report((done, total));
            }
        }
    }

    private static IEnumerable<int> DistinctIndexes(FetchedAccount audited, IReadOnlyList<FetchedAccount> followers)
    {
        var seen = new HashSet<long> { audited.Id };
        for (var i = 0; i < followers.Count; i++)
        {
            if (seen.Add(followers[i].Id))
            {
                yield return i;
            }
        }
    }

    // The audited account's row (when given) first, then the followers' rows in order; only the source's columns present.
    private static AccountTable Accounts(FetchedAccount? audited, IEnumerable<FetchedAccount> followers, IReadOnlyCollection<string> columns)
    {
        var buffer = new AccountRowBuffer();
        buffer.MarkPresent([.. columns]);
        long row = 0;
        if (audited is not null)
        {
            buffer.Add(Row(audited), "fetch", row++);
        }

        foreach (var follower in followers)
        {
            buffer.Add(Row(follower), "fetch", row++);
        }

        return buffer.Build().Accounts;
    }

    private static PostTable? Posts(FetchedAccount audited, IReadOnlyList<FetchedPost> posts)
    {
        var rows = posts.DistinctBy(p => p.Id).ToList();
        return rows.Count == 0 ? null : new PostTable
        {
            PostId = [.. rows.Select(p => p.Id)],
            AuthorId = [.. rows.Select(_ => audited.Id)],
            PostedAt = [.. rows.Select(p => p.PostedAt)],
            LikeCount = [.. rows.Select(p => p.Likes)],
            ReplyCount = [.. rows.Select(p => p.Replies)],
            RepostCount = [.. rows.Select(p => p.Reposts)],
        };
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
