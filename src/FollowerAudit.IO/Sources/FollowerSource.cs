using System.Globalization;
using System.Text.Json;
using FollowerAudit.Core.Model;

namespace FollowerAudit.IO.Sources;

/// <summary>How much to fetch.</summary>
/// <param name="MaxFollowers">The most followers to fetch (the newest ones), or null for all.</param>
/// <param name="Posts">The most recent posts of the audited account to fetch; 0 for none.</param>
public sealed record FetchLimits(long? MaxFollowers, int Posts);

/// <summary>A fetch's progress, reported after every request that adds data.</summary>
/// <param name="Phase">What is being fetched: account, followers, profiles or posts.</param>
/// <param name="Done">Items of this phase fetched so far (checkpointed ones included).</param>
/// <param name="Total">The items this phase expects, when known (the account's public follower count, capped by the limit).</param>
/// <param name="Requests">Requests sent by this run, retries included.</param>
public sealed record FetchProgress(string Phase, long Done, long? Total, int Requests);

/// <summary>One page of a list as checkpointed.</summary>
/// <param name="Next">The cursor or address of the next page; null on the last page.</param>
/// <param name="Accounts">The page's accounts, in the source's order.</param>
/// <param name="Posts">The page's posts.</param>
public sealed record FetchedPage(string? Next, IReadOnlyList<FetchedAccount>? Accounts = null, IReadOnlyList<FetchedPost>? Posts = null);

/// <summary>
/// The shared flow of a fetch from a public API: the audited account, then every page of its followers (newest
/// first), then any per-follower completion, then its recent posts; each step checkpointed, so an interrupted run
/// resumes with the same command. Platforms plug in their requests and their mapping onto the data contract.
/// </summary>
public abstract class FollowerSource
{
    private const string AccountState = "account";
    private const string FollowersLog = "followers";
    private const string PostsLog = "posts";

    /// <summary>Creates a source.</summary>
    /// <param name="http">The polite client every request goes through.</param>
    /// <param name="service">The service's base address (scheme, host, optional port); pages never leave it.</param>
    protected FollowerSource(PoliteHttpClient http, Uri service)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(service);
        Http = http;
        Service = service;
    }

    /// <summary>The platform's name (bluesky, mastodon), as in <c>followeraudit fetch NAME</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The <see cref="AccountTable"/> properties (by name) this source fills.</summary>
    public abstract IReadOnlyCollection<string> Columns { get; }

    /// <summary>The client.</summary>
    protected PoliteHttpClient Http { get; }

    /// <summary>The service's base address.</summary>
    protected Uri Service { get; }

    /// <summary>Fetches the audited account, its followers and its posts, resuming from <paramref name="checkpoint"/>.</summary>
    /// <param name="checkpoint">The checkpoint of this fetch (empty for a new one).</param>
    /// <param name="limits">How much to fetch.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Cancels; everything fetched before stays in the checkpoint.</param>
    /// <returns>The dataset, ready to write.</returns>
    /// <exception cref="InputDataException">The account does not exist, hides its followers, or the service answered with something unusable.</exception>
    /// <exception cref="ServiceUnavailableException">The service kept failing.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<AuditDataset> FetchAsync(FetchCheckpoint checkpoint, FetchLimits limits, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(limits);
        var audited = checkpoint.ReadState<FetchedAccount>(AccountState);
        if (audited is null)
        {
            audited = await FetchAccountAsync(cancellationToken).ConfigureAwait(false);
            checkpoint.WriteState(AccountState, audited);
        }

        progress?.Report(new FetchProgress("account", 1, 1, Http.RequestCount));
        var max = limits.MaxFollowers ?? long.MaxValue;
        var expected = audited.Followers is { } count ? Math.Min(count, max) : (long?)null;
        var followers = await ReadListAsync(checkpoint, FollowersLog, "followers", expected, max, p => p.Accounts?.Count ?? 0, (next, first, ct) => FetchFollowerPageAsync(audited, next, first, ct), progress, cancellationToken).ConfigureAwait(false);
        var list = followers.SelectMany(p => p.Accounts ?? []).Take((int)Math.Min(max, int.MaxValue)).ToList();
        list = [.. await CompleteAsync(checkpoint, list, progress, cancellationToken).ConfigureAwait(false)];

        var posts = new List<FetchedPost>();
        if (limits.Posts > 0)
        {
            var pages = await ReadListAsync(checkpoint, PostsLog, "posts", limits.Posts, limits.Posts, p => p.Posts?.Count ?? 0, (next, first, ct) => FetchPostPageAsync(audited, next, ct), progress, cancellationToken).ConfigureAwait(false);
            posts = [.. pages.SelectMany(p => p.Posts ?? []).Take(limits.Posts)];
        }

        return FetchedDataset.Build(audited, list, null, posts, Columns);
    }

    /// <summary>Fetches the audited account.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The account.</returns>
    /// <exception cref="InputDataException">It does not exist.</exception>
    protected abstract Task<FetchedAccount> FetchAccountAsync(CancellationToken cancellationToken);

    /// <summary>Fetches one page of followers, newest first.</summary>
    /// <param name="audited">The audited account.</param>
    /// <param name="cursor">The cursor or address from the previous page; null for the first.</param>
    /// <param name="first">Whether this is the first page.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The page; its <see cref="FetchedPage.Next"/> is null on the last one.</returns>
    protected abstract Task<FetchedPage> FetchFollowerPageAsync(FetchedAccount audited, string? cursor, bool first, CancellationToken cancellationToken);

    /// <summary>Fetches one page of the audited account's own posts, newest first.</summary>
    /// <param name="audited">The audited account.</param>
    /// <param name="cursor">The cursor or address from the previous page; null for the first.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The page.</returns>
    protected abstract Task<FetchedPage> FetchPostPageAsync(FetchedAccount audited, string? cursor, CancellationToken cancellationToken);

    /// <summary>Completes list entries that lack the full profile (e.g. counts); by default returns them unchanged.</summary>
    /// <param name="checkpoint">The checkpoint, to log completed batches in.</param>
    /// <param name="followers">The followers, newest first.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The followers in the same order.</returns>
    protected virtual Task<IReadOnlyList<FetchedAccount>> CompleteAsync(FetchCheckpoint checkpoint, IReadOnlyList<FetchedAccount> followers, IProgress<FetchProgress>? progress, CancellationToken cancellationToken) =>
        Task.FromResult(followers);

    /// <summary>Gets a JSON document from the service, or fails with a message naming the address.</summary>
    /// <param name="uri">The address (on <see cref="Service"/>).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The response and its parsed body (null for a body that is not JSON, e.g. an error page).</returns>
    protected async Task<(FetchResponse Response, JsonDocument? Json)> GetJsonAsync(Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var response = await Http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        try
        {
            return (response, JsonDocument.Parse(response.Body));
        }
        catch (JsonException ex)
        {
            if (response.IsSuccess)
            {
                throw Malformed(uri, $"the body is not valid JSON ({ex.Message})", ex);
            }

            return (response, null);
        }
    }

    /// <summary>The error for an answer the source cannot use.</summary>
    /// <param name="uri">The address.</param>
    /// <param name="what">What is wrong with it.</param>
    /// <param name="inner">The cause, if any.</param>
    /// <returns>The exception to throw.</returns>
    protected static InputDataException Malformed(Uri uri, string what, Exception? inner = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var message = $"{uri.GetLeftPart(UriPartial.Path)}: the service's answer cannot be used: {what}. Check --service; what was fetched so far is kept, so the same command resumes once the service answers properly.";
        return inner is null ? new InputDataException(message) : new InputDataException(message, inner);
    }

    /// <summary>An address on the service: <paramref name="pathAndQuery"/> appended to <see cref="Service"/>.</summary>
    /// <param name="pathAndQuery">A path with its query, e.g. <c>/xrpc/app.bsky.actor.getProfile?actor=x</c>.</param>
    /// <returns>The address.</returns>
    protected Uri On(string pathAndQuery) => new(Service.GetLeftPart(UriPartial.Authority) + Service.AbsolutePath.TrimEnd('/') + pathAndQuery);

    /// <summary>Whether an address taken from a response (a Link header) stays on the service: a page never sends the fetch elsewhere.</summary>
    /// <param name="uri">The address.</param>
    /// <returns>True when scheme, host and port are the service's.</returns>
    protected bool IsOnService(Uri uri) =>
        uri is not null && uri.IsAbsoluteUri && Uri.Compare(uri, Service, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>Parses an ISO-8601 time as UTC; null when absent or unreadable.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The time, or null.</returns>
    protected static DateTime? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime : null;

    private async Task<List<FetchedPage>> ReadListAsync(FetchCheckpoint checkpoint, string log, string phase, long? total, long max, Func<FetchedPage, int> size, Func<string?, bool, CancellationToken, Task<FetchedPage>> fetch, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        var pages = checkpoint.ReadLog<FetchedPage>(log).ToList();
        long done = pages.Sum(size);
        progress?.Report(new FetchProgress(phase, done, total, Http.RequestCount));
        while (done < max && (pages.Count == 0 || pages[^1].Next is not null))
        {
            var page = await fetch(pages.Count == 0 ? null : pages[^1].Next, pages.Count == 0, cancellationToken).ConfigureAwait(false);
            if (size(page) == 0 && page.Next is not null && pages.Count > 0 && pages[^1].Next == page.Next)
            {
                // A service that keeps answering with an empty page and the same cursor would loop forever.
                page = page with { Next = null };
            }

            await checkpoint.AppendAsync(log, page, cancellationToken).ConfigureAwait(false);
            pages.Add(page);
            done += size(page);
            progress?.Report(new FetchProgress(phase, done, total, Http.RequestCount));
        }

        return pages;
    }
}
