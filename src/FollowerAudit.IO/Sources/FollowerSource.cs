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

/// <summary>What a completed fetch wrote.</summary>
/// <param name="Handle">The audited account's handle, when the source gave one.</param>
/// <param name="Followers">Followers written (each once).</param>
/// <param name="Posts">Posts written.</param>
public sealed record FetchSummary(string? Handle, long Followers, int Posts);

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

    /// <summary>
    /// Fetches the audited account, its followers and its posts into <paramref name="checkpoint"/>, resuming from what
    /// it holds. Every page goes to the checkpoint before the next request and none is kept in memory, so memory does
    /// not grow with the number of followers; <see cref="WriteDatasetAsync"/> then writes the dataset from it.
    /// </summary>
    /// <param name="checkpoint">The checkpoint of this fetch (empty for a new one).</param>
    /// <param name="limits">How much to fetch.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Cancels; everything fetched before stays in the checkpoint.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InputDataException">The account does not exist, hides its followers, or the service answered with something unusable.</exception>
    /// <exception cref="ServiceUnavailableException">The service kept failing.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task FetchAsync(FetchCheckpoint checkpoint, FetchLimits limits, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
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
        var listed = await ReadListAsync(checkpoint, FollowersLog, "followers", expected, max, p => p.Accounts?.Count ?? 0, (next, first, ct) => FetchFollowerPageAsync(audited, next, first, ct), progress, cancellationToken).ConfigureAwait(false);
        await CompleteAsync(checkpoint, () => Followers(checkpoint, audited, limits), Math.Min(listed, max), progress, cancellationToken).ConfigureAwait(false);
        if (limits.Posts > 0)
        {
            await ReadListAsync(checkpoint, PostsLog, "posts", limits.Posts, limits.Posts, p => p.Posts?.Count ?? 0, (next, first, ct) => FetchPostPageAsync(audited, next, ct), progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes the dataset of a completed <see cref="FetchAsync"/> from its checkpoint into <paramref name="datasetFolder"/>,
    /// streaming (see <see cref="FetchedDataset.WriteAsync"/>): the audited account and its followers in
    /// <c>accounts</c>, one edge per follower with <c>follow_rank</c> (0 = earliest), and its posts.
    /// </summary>
    /// <param name="checkpoint">The checkpoint <see cref="FetchAsync"/> filled.</param>
    /// <param name="limits">The same limits as the fetch.</param>
    /// <param name="datasetFolder">The folder (a staging folder: it is the caller's to move into place).</param>
    /// <param name="progress">Receives progress (phase <c>writing</c>); may be null.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="InvalidOperationException">The checkpoint holds no fetched account (<see cref="FetchAsync"/> did not run).</exception>
    public async Task<FetchSummary> WriteDatasetAsync(FetchCheckpoint checkpoint, FetchLimits limits, string datasetFolder, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(limits);
        var audited = checkpoint.ReadState<FetchedAccount>(AccountState)
            ?? throw new InvalidOperationException($"{checkpoint.Folder}: no fetched account; fetch before writing.");
        List<FetchedPost> posts = limits.Posts > 0 ? [.. checkpoint.EnumerateLog<FetchedPage>(PostsLog).SelectMany(p => p.Posts ?? []).Take(limits.Posts)] : [];
        var written = progress is null ? null : new Progress<(long Done, long Total)>(p => progress.Report(new FetchProgress("writing", p.Done, p.Total, Http.RequestCount)));
        var followers = await FetchedDataset.WriteAsync(audited, () => Completed(checkpoint, Followers(checkpoint, audited, limits)), posts, Columns, datasetFolder, written, cancellationToken).ConfigureAwait(false);
        return new FetchSummary(audited.Handle, followers, posts.DistinctBy(p => p.Id).Count());
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

    /// <summary>Fetches the full profiles of list entries that lack them (e.g. counts) into the checkpoint; by default nothing.</summary>
    /// <param name="checkpoint">The checkpoint, to log completed batches in.</param>
    /// <param name="followers">Opens the kept followers, newest first (streamed from the checkpoint; may be opened more than once).</param>
    /// <param name="listed">The followers listed (repeats included), for progress: an upper bound of the kept ones, known without a pass.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    protected virtual Task CompleteAsync(FetchCheckpoint checkpoint, Func<IEnumerable<FetchedAccount>> followers, long listed, IProgress<FetchProgress>? progress, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>The followers with what <see cref="CompleteAsync"/> logged merged in, in the same order; by default unchanged.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="followers">The kept followers, newest first.</param>
    /// <returns>The followers, streamed.</returns>
    protected virtual IEnumerable<FetchedAccount> Completed(FetchCheckpoint checkpoint, IEnumerable<FetchedAccount> followers) => followers;

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

    // The followers the fetch keeps: the logged pages' accounts in order, up to the limit, each once (FetchedDataset.Distinct).
    private static IEnumerable<FetchedAccount> Followers(FetchCheckpoint checkpoint, FetchedAccount audited, FetchLimits limits) =>
        FetchedDataset.Distinct(audited, checkpoint.EnumerateLog<FetchedPage>(FollowersLog).SelectMany(p => p.Accounts ?? []).Take((int)Math.Min(limits.MaxFollowers ?? long.MaxValue, int.MaxValue)));

    // Pages go to the log as they come; only the count and the last page stay in memory. Returns the items logged.
    private async Task<long> ReadListAsync(FetchCheckpoint checkpoint, string log, string phase, long? total, long max, Func<FetchedPage, int> size, Func<string?, bool, CancellationToken, Task<FetchedPage>> fetch, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        FetchedPage? last = null;
        long done = 0;
        foreach (var logged in checkpoint.EnumerateLog<FetchedPage>(log))
        {
            done += size(logged);
            last = logged;
        }

        progress?.Report(new FetchProgress(phase, done, total, Http.RequestCount));
        while (done < max && (last is null || last.Next is not null))
        {
            var page = await fetch(last?.Next, last is null, cancellationToken).ConfigureAwait(false);
            if (size(page) == 0 && page.Next is not null && last is not null && last.Next == page.Next)
            {
                // A service that keeps answering with an empty page and the same cursor would loop forever.
                page = page with { Next = null };
            }

            await checkpoint.AppendAsync(log, page, cancellationToken).ConfigureAwait(false);
            last = page;
            done += size(page);
            progress?.Report(new FetchProgress(phase, done, total, Http.RequestCount));
        }

        return done;
    }
}
