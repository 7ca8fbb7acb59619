using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Pipeline;

/// <summary>How a slice's follow order was found.</summary>
public enum FollowOrderSource
{
    /// <summary>The <c>follow_rank</c> column.</summary>
    Rank,

    /// <summary>The <c>followed_at</c> column.</summary>
    Time,

    /// <summary>Neither: the order of the follows table, which may mean nothing.</summary>
    TableOrder,
}

/// <summary>
/// Everything one account's audit reads, cut once from a dataset: the account's own row, its followers' account rows in
/// follow order (earliest first) with their follow times, its posts, the engagements on them and its snapshots. It holds
/// no reference to the dataset, so an account's audit is a function of its slice and the options only, and audits of
/// different accounts can run anywhere in any order (another process, another machine).
/// </summary>
public sealed class AccountSlice
{
    private long[]? _followerCreationTicks;

    /// <summary>The audited account's id.</summary>
    public required long AccountId { get; init; }

    /// <summary>The audited account's own row (a one-row table).</summary>
    public required AccountTable Account { get; init; }

    /// <summary>The followers' account rows in follow order (earliest first): follower <c>i</c> is row <c>i</c>. A sample when sampling was asked for.</summary>
    public required AccountTable Followers { get; init; }

    /// <summary>Follow time of each follower, or <see langword="null"/> when the data has none.</summary>
    public DateTime?[]? FollowedAt { get; init; }

    /// <summary>Whether <see cref="FollowedAt"/> was estimated from follow order and creation dates rather than read.</summary>
    public bool FollowedAtEstimated { get; init; }

    /// <summary>Where the follow order came from.</summary>
    public FollowOrderSource FollowOrder { get; init; } = FollowOrderSource.TableOrder;

    /// <summary>The account's posts.</summary>
    public PostTable Posts { get; init; } = PostTable.Empty;

    /// <summary>Engagements on the account's posts.</summary>
    public EngagementTable Engagements { get; init; } = EngagementTable.Empty;

    /// <summary>The account's follower-count snapshots.</summary>
    public SnapshotTable Snapshots { get; init; } = SnapshotTable.Empty;

    /// <summary>The dataset's "now" (UTC), from which ages and inactivity are measured.</summary>
    public required DateTime ReferenceTime { get; init; }

    /// <summary>Number of followers of the account in the dataset before any sampling.</summary>
    public required long TotalFollowersInData { get; init; }

    /// <summary>
    /// Creation times of every account in the dataset, for comparisons of followers with the accounts that did not follow
    /// (<see cref="Estimation.BatchConcentration"/>); <see langword="null"/> when the slice was cut without them. Shared
    /// between the slices of one dataset, never copied.
    /// </summary>
    public CreationPopulation? Population { get; init; }

    /// <summary>
    /// Creation times (ticks) of the followers in the slice that have one, ascending. Built on first use and kept: every
    /// creation-window finding compares its window with them, and a large account has a hundred such windows.
    /// </summary>
    public long[] FollowerCreationTicksSorted => _followerCreationTicks ??= AuditDataset.SortedCreationTicks(Followers);

    /// <summary>
    /// The followers' profile features when they were computed as their rows were read
    /// (<see cref="ReceiveFollowerRows"/>); <see langword="null"/> otherwise, and in every slice made from this one.
    /// The <c>profile-features</c> extractor takes them over instead of computing them from <see cref="Followers"/>.
    /// </summary>
    public FeatureTable? ProfileFeatures { get; init; }

    /// <summary>
    /// Which followers are inactive or mass-followers, kept when <see cref="WithoutProfileText"/> or
    /// <see cref="ReceiveFollowerRows"/> dropped the columns they come from; <see langword="null"/> while
    /// <see cref="Followers"/> still has those columns (<see cref="ActivityFor"/> then computes them).
    /// </summary>
    public FollowerActivity? Activity { get; init; }

    /// <summary>Whether the followers' rows had a last-post time or a post count, the columns inactivity is measured from.</summary>
    public bool HasFollowerActivityColumns => Activity?.HasActivityColumns ?? (Followers.LastPostAt is not null || Followers.PostsCount is not null);

    /// <summary>Number of followers in the slice.</summary>
    public int Count => Followers.Count;

    /// <summary>Whether <see cref="Followers"/> is a random sample of the followers.</summary>
    public bool IsSample => Count < TotalFollowersInData;

    /// <summary>The account's handle for display (attacker-controlled text: escape it).</summary>
    public string Handle => Account.DisplayHandle(0);

    /// <summary>The account's public follower count, or <see langword="null"/> when the data has none.</summary>
    public long? PublicFollowersCount => Account.FollowersCount?[0];

    /// <summary>
    /// Cuts the slice of one account. Follow order is <c>follow_rank</c> where present, else <c>followed_at</c>,
    /// else the order of the follows table; ties keep table order, so the order is deterministic.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="accountRow">The audited account's row.</param>
    /// <param name="sampleSize">When set and smaller than the follower count, a uniform random sample of this many followers (kept in follow order).</param>
    /// <param name="seed">Seed of the sample.</param>
    /// <param name="population">
    /// The creation times of the whole dataset, when <paramref name="dataset"/> holds only this account's part of it
    /// (a slice read); <see langword="null"/> to take them from <paramref name="dataset"/>.
    /// </param>
    /// <returns>The slice.</returns>
    public static AccountSlice Create(AuditDataset dataset, int accountRow, int? sampleSize = null, int seed = 0, CreationPopulation? population = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegative(accountRow);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(accountRow, dataset.Accounts.Count);
        var index = dataset.FollowerIndex;
        var follows = dataset.Follows;
        var start = index.Offsets[accountRow];
        var count = index.Offsets[accountRow + 1] - start;
        var edgeRows = index.EdgeRows.AsSpan(start, count).ToArray();
        var rowOfEdge = index.FollowerRows.AsSpan(start, count).ToArray();

        var keys = new long[count];
        var source = FollowOrderSource.TableOrder;
        if (follows.FollowRank is { } rank)
        {
            source = FollowOrderSource.Rank;
            for (var i = 0; i < count; i++)
            {
                keys[i] = rank[edgeRows[i]] ?? long.MaxValue;
            }
        }
        else if (follows.FollowedAt is { } at)
        {
            source = FollowOrderSource.Time;
            for (var i = 0; i < count; i++)
            {
                keys[i] = at[edgeRows[i]]?.Ticks ?? long.MaxValue;
            }
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                keys[i] = edgeRows[i];
            }
        }

        // Stable: sort by (key, edge row). Edge rows are ascending within the group, so sorting positions by key with
        // the position as tie-break is the same order, and sorting a key array with its positions avoids a comparer.
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        if (source != FollowOrderSource.TableOrder)
        {
            Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : edgeRows[a].CompareTo(edgeRows[b]));
        }

        // Without follow times, the follow order and the followers' creation dates bound each follow from below (a
        // follow cannot precede the follower's account): estimated over every follower, before any sampling.
        var estimatedAt = follows.FollowedAt is null && source == FollowOrderSource.Rank && dataset.Accounts.CreatedAt is { } created
            ? FollowTimeEstimator.LowerBounds([.. order.Select(p => rowOfEdge[p] >= 0 ? created[rowOfEdge[p]] : null)])
            : null;
        var positionsKept = Enumerable.Range(0, count).ToArray();
        if (sampleSize is { } n && n < count)
        {
            // Partial Fisher-Yates over positions, then back to follow order.
            var random = new Random(seed);
            var positions = Enumerable.Range(0, count).ToArray();
            for (var i = 0; i < n; i++)
            {
                var j = random.Next(i, count);
                (positions[i], positions[j]) = (positions[j], positions[i]);
            }

            var chosen = positions[..n];
            Array.Sort(chosen);
            order = [.. chosen.Select(p => order[p])];
            positionsKept = chosen;
        }

        var followerRows = new int[order.Length];
        var followedAt = follows.FollowedAt is null && estimatedAt is null ? null : new DateTime?[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            followerRows[i] = rowOfEdge[order[i]];
            if (followedAt is not null)
            {
                followedAt[i] = estimatedAt is not null ? estimatedAt[positionsKept[i]] : follows.FollowedAt![edgeRows[order[i]]];
            }
        }

        var activity = dataset.ActivityIndex;
        var postRows = activity.PostRows(accountRow).ToArray();
        var engagementRows = new List<int>();
        foreach (var post in postRows)
        {
            engagementRows.AddRange(activity.EngagementRows(post));
        }

        return new AccountSlice
        {
            AccountId = dataset.Accounts.AccountId[accountRow],
            Account = dataset.Accounts.Select([accountRow]),
            Followers = dataset.Accounts.Select(followerRows),
            FollowedAt = followedAt,
            FollowedAtEstimated = estimatedAt is not null,
            FollowOrder = source,
            Posts = dataset.Posts.Select(postRows),
            Engagements = dataset.Engagements.Select(engagementRows),
            Snapshots = dataset.Snapshots.Select(activity.SnapshotRows(accountRow).ToArray()),
            ReferenceTime = dataset.ReferenceTime,
            TotalFollowersInData = count,
            Population = population ?? CreationPopulation.Of(dataset),
        };
    }

    /// <summary>
    /// The same slice without the followers' profile columns that only feature extraction reads (display name, bio,
    /// location, URL, language, label and the derived text columns), so an audit does not hold a million bios while its
    /// scorers run. Kept: ids, handles (<c>followers.csv</c>), creation times (detectors, report), and the bio when there
    /// is no handle (the report says whether the data had profile text by looking at those two columns); the last-post
    /// times and the follower, following and post counts are replaced by their <see cref="Activity"/> flags.
    /// </summary>
    /// <param name="options">The thresholds of inactivity and mass-following (<see cref="Activity"/> is computed with them).</param>
    /// <returns>The lean slice; everything else is shared with this one.</returns>
    public AccountSlice WithoutProfileText(AuditOptions options) => With(Account, ProfileFree(Followers), activity: ActivityFor(options));

    /// <summary>Which followers are inactive or mass-followers under the thresholds of <paramref name="options"/>.</summary>
    /// <param name="options">The thresholds.</param>
    /// <returns>The flags: <see cref="Activity"/>, or computed from <see cref="Followers"/> when the slice still has its columns.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Activity"/> was computed with other thresholds.</exception>
    public FollowerActivity ActivityFor(AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Activity is null)
        {
            return FollowerActivity.Of(Followers, ReferenceTime, options);
        }

        return Activity.Matches(ReferenceTime, options)
            ? Activity
            : throw new InvalidOperationException("The slice's follower activity was computed with other inactivity or mass-follower thresholds than this audit's.");
    }

    /// <summary>
    /// Receives this slice's followers' whole rows a chunk at a time (as a lean read delivers them, row group by row
    /// group) and makes the slice <see cref="WithoutProfileText"/> would make of them, with the profile features already
    /// computed: so the profile text of all the followers is never held at once.
    /// </summary>
    /// <param name="account">The audited account's whole row.</param>
    /// <param name="computeProfileFeatures">Whether to compute the profile features (<see cref="ProfileFeatures"/>).</param>
    /// <param name="options">The audit's options (thresholds of <see cref="Activity"/>).</param>
    /// <returns>The receiver; call <see cref="StreamedFollowerRows.Add"/> for every chunk, then <see cref="StreamedFollowerRows.Finish"/>.</returns>
    /// <exception cref="ArgumentException">The account row is not this slice's account.</exception>
    public StreamedFollowerRows ReceiveFollowerRows(AccountTable account, bool computeProfileFeatures, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(options);
        if (account.Count != 1 || account.AccountId[0] != AccountId)
        {
            throw new ArgumentException("The account row must be this slice's account's.", nameof(account));
        }

        return new StreamedFollowerRows(this, account, computeProfileFeatures, options);
    }

    // The followers' columns an audit reads after feature extraction (see WithoutProfileText), without copying them;
    // the last-post times and counts are replaced by their Activity flags.
    internal static AccountTable ProfileFree(AccountTable f) => new()
    {
        AccountId = f.AccountId,
        Handle = f.Handle,
        Bio = f.Handle is null ? f.Bio : null,
        CreatedAt = f.CreatedAt,
    };

    internal AccountSlice With(AccountTable account, AccountTable followers, FeatureTable? profileFeatures = null, FollowerActivity? activity = null) => new()
    {
        AccountId = AccountId,
        Account = account,
        Followers = followers,
        FollowedAt = FollowedAt,
        FollowedAtEstimated = FollowedAtEstimated,
        FollowOrder = FollowOrder,
        Posts = Posts,
        Engagements = Engagements,
        Snapshots = Snapshots,
        ReferenceTime = ReferenceTime,
        TotalFollowersInData = TotalFollowersInData,
        Population = Population,
        ProfileFeatures = profileFeatures,
        Activity = activity,
    };

    /// <summary>
    /// A slice whose "followers" are exactly the given account rows, in that order, with no follow times and no
    /// activity: how evaluation and training score arbitrary labelled accounts with the audit's scorers.
    /// </summary>
    /// <param name="dataset">The dataset; its accounts and reference time are used.</param>
    /// <param name="rows">Account rows; the first stands in as the audited account.</param>
    /// <returns>The slice.</returns>
    public static AccountSlice OfAccounts(AuditDataset dataset, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(rows);
        return new AccountSlice
        {
            AccountId = rows.Count == 0 ? 0 : dataset.Accounts.AccountId[rows[0]],
            Account = dataset.Accounts.Select(rows.Count == 0 ? [] : [rows[0]]),
            Followers = dataset.Accounts.Select(rows),
            ReferenceTime = dataset.ReferenceTime,
            TotalFollowersInData = rows.Count,
        };
    }
}

/// <summary>Creation times of every account of a dataset, sorted, and the number of accounts: what a batch of followers is compared with.</summary>
/// <param name="CreationTicksSorted">Creation times (ticks) of every account that has one, ascending.</param>
/// <param name="AccountsInData">Number of accounts in the dataset.</param>
public sealed record CreationPopulation(long[] CreationTicksSorted, long AccountsInData)
{
    /// <summary>The population of a dataset (its sorted creation times are built once and shared).</summary>
    /// <param name="dataset">The dataset.</param>
    /// <returns>The population.</returns>
    public static CreationPopulation Of(AuditDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new CreationPopulation(dataset.CreationTicksSorted, dataset.Accounts.Count);
    }

    /// <summary>The population of an accounts table read on its own (the whole dataset's accounts).</summary>
    /// <param name="accounts">Every account of the dataset.</param>
    /// <returns>The population.</returns>
    public static CreationPopulation Of(AccountTable accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        return new CreationPopulation(AuditDataset.SortedCreationTicks(accounts), accounts.Count);
    }
}
