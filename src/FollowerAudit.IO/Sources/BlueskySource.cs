using System.Text.Json;
using FollowerAudit.Core.Model;
using static FollowerAudit.IO.Sources.JsonFields;

namespace FollowerAudit.IO.Sources;

/// <summary>
/// Fetches a Bluesky account from the public AppView, no login: <c>app.bsky.actor.getProfile</c> for the account,
/// <c>app.bsky.graph.getFollowers</c> (cursor paging, 100 a page, newest follow first),
/// <c>app.bsky.actor.getProfiles</c> in batches of 25 for each follower's counts, and
/// <c>app.bsky.feed.getAuthorFeed</c> (<c>posts_no_replies</c>) for the account's own recent posts.
/// </summary>
/// <remarks>
/// Ids: a DID is not a number, so <c>account_id</c> is <see cref="FetchedDataset.StableId"/> of the DID and
/// <c>post_id</c> that of the post's AT URI; <c>handle</c> keeps the handle. <c>has_avatar</c> is whether the
/// profile has an avatar (Bluesky has no default image: it leaves the field out). A post's <c>repost_count</c> is its
/// reposts plus quotes. Reposts of other people's posts in the feed are skipped. A follower whose profile
/// <c>getProfiles</c> no longer returns (deleted or deactivated between the two calls) keeps what the list said.
/// </remarks>
public sealed class BlueskySource : FollowerSource
{
    /// <summary>The public AppView, used when no --service is given.</summary>
    public static readonly Uri DefaultService = new("https://public.api.bsky.app");

    /// <summary>Followers per <c>getFollowers</c> page (the lexicon's maximum).</summary>
    public const int PageSize = 100;

    /// <summary>Actors per <c>getProfiles</c> call (the lexicon's maximum).</summary>
    public const int ProfileBatch = 25;

    private const string ProfilesLog = "profiles";
    private readonly string _actor;

    /// <summary>Creates the source.</summary>
    /// <param name="http">The client.</param>
    /// <param name="service">The AppView's address.</param>
    /// <param name="actor">The handle (with or without '@') or DID of the audited account.</param>
    public BlueskySource(PoliteHttpClient http, Uri service, string actor)
        : base(http, service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        _actor = actor.Trim().TrimStart('@');
    }

    /// <inheritdoc/>
    public override string Name => "bluesky";

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> Columns { get; } =
    [
        nameof(AccountTable.Handle), nameof(AccountTable.DisplayName), nameof(AccountTable.CreatedAt), nameof(AccountTable.FollowersCount),
        nameof(AccountTable.FollowingCount), nameof(AccountTable.PostsCount), nameof(AccountTable.Bio), nameof(AccountTable.HasAvatar),
    ];

    /// <inheritdoc/>
    protected override async Task<FetchedAccount> FetchAccountAsync(CancellationToken cancellationToken)
    {
        var uri = On("/xrpc/app.bsky.actor.getProfile?actor=" + Uri.EscapeDataString(_actor));
        var (response, json) = await GetJsonAsync(uri, cancellationToken).ConfigureAwait(false);
        using (json)
        {
            if (!response.IsSuccess)
            {
                var error = json is null ? "" : Text(json.RootElement, "error") + ": " + Text(json.RootElement, "message");
                throw new InputDataException($"Bluesky has no account '{_actor}' ({(int)response.Status} {error.Trim(' ', ':')}). Check the handle (e.g. alice.bsky.social) or give its DID.");
            }

            return Profile(uri, json!.RootElement, complete: true);
        }
    }

    /// <inheritdoc/>
    protected override async Task<FetchedPage> FetchFollowerPageAsync(FetchedAccount audited, string? cursor, bool first, CancellationToken cancellationToken)
    {
        var query = $"/xrpc/app.bsky.graph.getFollowers?actor={Uri.EscapeDataString(audited.Key)}&limit={PageSize}";
        var uri = On(cursor is null ? query : query + "&cursor=" + Uri.EscapeDataString(cursor));
        var root = await GetOkAsync(uri, cancellationToken).ConfigureAwait(false);
        if (!root.TryGetProperty("followers", out var followers) || followers.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(uri, "no 'followers' list (is --service a Bluesky AppView?)");
        }

        var accounts = followers.EnumerateArray().Select(f => Profile(uri, f, complete: false)).ToList();
        return new FetchedPage(NextCursor(root), accounts);
    }

    /// <inheritdoc/>
    protected override async Task<FetchedPage> FetchPostPageAsync(FetchedAccount audited, string? cursor, CancellationToken cancellationToken)
    {
        var query = $"/xrpc/app.bsky.feed.getAuthorFeed?actor={Uri.EscapeDataString(audited.Key)}&limit=100&filter=posts_no_replies";
        var uri = On(cursor is null ? query : query + "&cursor=" + Uri.EscapeDataString(cursor));
        var root = await GetOkAsync(uri, cancellationToken).ConfigureAwait(false);
        if (!root.TryGetProperty("feed", out var feed) || feed.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(uri, "no 'feed' list");
        }

        var posts = new List<FetchedPost>();
        foreach (var item in feed.EnumerateArray())
        {
            // A repost by the account carries a 'reason' and someone else's post: not the account's own.
            if (item.TryGetProperty("reason", out _) || !item.TryGetProperty("post", out var post)
                || Text(post.TryGetProperty("author", out var author) ? author : default, "did") != audited.Key || Text(post, "uri") is not { } key)
            {
                continue;
            }

            var createdAt = post.TryGetProperty("record", out var record) ? Time(Text(record, "createdAt")) : null;
            var reposts = Count(post, "repostCount") is { } r ? r + (Count(post, "quoteCount") ?? 0) : (long?)null;
            posts.Add(new FetchedPost(key, FetchedDataset.StableId(key), createdAt ?? Time(Text(post, "indexedAt")), Count(post, "likeCount"), Count(post, "replyCount"), reposts));
        }

        return new FetchedPage(NextCursor(root), Posts: posts);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Each batch is logged as one line holding one entry per follower asked, in the followers' order: the full
    /// profile, or what the list said for an actor the AppView no longer knows. The lines thus cover the followers in
    /// order, so a resumed fetch skips as many followers as the lines hold, and <see cref="Completed"/> merges them
    /// back line by line without holding them.
    /// </remarks>
    protected override async Task CompleteAsync(FetchCheckpoint checkpoint, Func<IEnumerable<FetchedAccount>> followers, long listed, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(followers);
        var asked = checkpoint.EnumerateLog<FetchedPage>(ProfilesLog).Sum(b => (long)(b.Accounts?.Count ?? 0));
        progress?.Report(new FetchProgress("profiles", asked, listed, Http.RequestCount));
        foreach (var batch in followers().Skip((int)Math.Min(asked, int.MaxValue)).Chunk(ProfileBatch))
        {
            var uri = On("/xrpc/app.bsky.actor.getProfiles?" + string.Join("&", batch.Select(f => "actors=" + Uri.EscapeDataString(f.Key))));
            var root = await GetOkAsync(uri, cancellationToken).ConfigureAwait(false);
            if (!root.TryGetProperty("profiles", out var profiles) || profiles.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(uri, "no 'profiles' list");
            }

            var got = new Dictionary<string, FetchedAccount>(StringComparer.Ordinal);
            foreach (var profile in profiles.EnumerateArray().Select(p => Profile(uri, p, complete: true)))
            {
                got.TryAdd(profile.Key, profile);
            }

            // Actors the AppView no longer knows (deleted, deactivated) are logged as asked, with what the list said.
            await checkpoint.AppendAsync(ProfilesLog, new FetchedPage(null, [.. batch.Select(f => got.GetValueOrDefault(f.Key, f))]), cancellationToken).ConfigureAwait(false);
            asked += batch.Length;
            progress?.Report(new FetchProgress("profiles", asked, listed, Http.RequestCount));
        }
    }

    /// <inheritdoc/>
    protected override IEnumerable<FetchedAccount> Completed(FetchCheckpoint checkpoint, IEnumerable<FetchedAccount> followers)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(followers);
        using var lines = checkpoint.EnumerateLog<FetchedPage>(ProfilesLog).GetEnumerator();
        var line = new Dictionary<string, FetchedAccount>(StringComparer.Ordinal);
        var left = 0;
        foreach (var follower in followers)
        {
            // One logged line covers the next followers, as many as it holds (see CompleteAsync).
            while (left == 0 && lines.MoveNext())
            {
                line.Clear();
                foreach (var account in lines.Current.Accounts ?? [])
                {
                    line.TryAdd(account.Key, account);
                }

                left = lines.Current.Accounts?.Count ?? 0;
            }

            if (left == 0)
            {
                // No line left: the followers after the last logged batch keep what the list said.
                line.Clear();
            }

            left = Math.Max(0, left - 1);
            yield return line.TryGetValue(follower.Key, out var full) && full.Complete ? full : follower;
        }
    }

    private async Task<JsonElement> GetOkAsync(Uri uri, CancellationToken cancellationToken)
    {
        var (response, json) = await GetJsonAsync(uri, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess || json is null || json.RootElement.ValueKind != JsonValueKind.Object)
        {
            var detail = json is { RootElement.ValueKind: JsonValueKind.Object } ? $" {Text(json.RootElement, "error")}: {Text(json.RootElement, "message")}" : "";
            json?.Dispose();
            throw Malformed(uri, $"HTTP {(int)response.Status}{detail}");
        }

        using (json)
        {
            return json.RootElement.Clone();
        }
    }

    private static FetchedAccount Profile(Uri uri, JsonElement p, bool complete)
    {
        var did = Text(p, "did");
        if (p.ValueKind != JsonValueKind.Object || did is null)
        {
            throw Malformed(uri, "a profile without a 'did'");
        }

        return new FetchedAccount(did, FetchedDataset.StableId(did))
        {
            Handle = Text(p, "handle"),
            DisplayName = Text(p, "displayName"),
            CreatedAt = Time(Text(p, "createdAt")),
            Followers = Count(p, "followersCount"),
            Following = Count(p, "followsCount"),
            Posts = Count(p, "postsCount"),
            Bio = Text(p, "description") ?? (complete ? "" : null),
            HasAvatar = !string.IsNullOrEmpty(Text(p, "avatar")),
            Complete = complete,
        };
    }

    private static string? NextCursor(JsonElement root) => Text(root, "cursor") is { Length: > 0 } c ? c : null;

}
