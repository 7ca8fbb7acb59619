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
    protected override async Task<IReadOnlyList<FetchedAccount>> CompleteAsync(FetchCheckpoint checkpoint, IReadOnlyList<FetchedAccount> followers, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(followers);
        var complete = new Dictionary<string, FetchedAccount>(StringComparer.Ordinal);
        var asked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in checkpoint.ReadLog<FetchedPage>(ProfilesLog))
        {
            foreach (var account in batch.Accounts ?? [])
            {
                (account.Complete ? complete : null)?.TryAdd(account.Key, account);
                asked.Add(account.Key);
            }
        }

        var pending = followers.Select(f => f.Key).Distinct(StringComparer.Ordinal).Where(k => !asked.Contains(k)).ToList();
        progress?.Report(new FetchProgress("profiles", asked.Count, asked.Count + pending.Count, Http.RequestCount));
        for (var start = 0; start < pending.Count; start += ProfileBatch)
        {
            var keys = pending.Skip(start).Take(ProfileBatch).ToList();
            var uri = On("/xrpc/app.bsky.actor.getProfiles?" + string.Join("&", keys.Select(k => "actors=" + Uri.EscapeDataString(k))));
            var root = await GetOkAsync(uri, cancellationToken).ConfigureAwait(false);
            if (!root.TryGetProperty("profiles", out var profiles) || profiles.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(uri, "no 'profiles' list");
            }

            var got = profiles.EnumerateArray().Select(p => Profile(uri, p, complete: true)).Where(p => keys.Contains(p.Key)).ToList();

            // Actors the AppView no longer knows (deleted, deactivated) are logged as asked, with what the list said.
            var missing = keys.Except(got.Select(g => g.Key), StringComparer.Ordinal).Select(k => followers.First(f => f.Key == k));
            await checkpoint.AppendAsync(ProfilesLog, new FetchedPage(null, [.. got, .. missing]), cancellationToken).ConfigureAwait(false);
            foreach (var account in got)
            {
                complete.TryAdd(account.Key, account);
            }

            progress?.Report(new FetchProgress("profiles", asked.Count + start + keys.Count, asked.Count + pending.Count, Http.RequestCount));
        }

        return [.. followers.Select(f => complete.TryGetValue(f.Key, out var full) ? full : f)];
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
