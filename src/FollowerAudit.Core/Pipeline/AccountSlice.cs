using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Pipeline;

/// <summary>
/// One audited account's slice of a dataset: its followers in follow order (earliest first), with their account
/// rows and follow times. An account's audit is a function of this slice and the options only, so audits of
/// different accounts can run anywhere in any order.
/// </summary>
public sealed class AccountSlice
{
    private AccountSlice(AuditDataset dataset, int accountRow, int[] followerRows, DateTime?[]? followedAt, long totalFollowers)
    {
        Dataset = dataset;
        AccountRow = accountRow;
        FollowerRows = followerRows;
        FollowedAt = followedAt;
        TotalFollowersInData = totalFollowers;
    }

    /// <summary>The dataset the slice was cut from.</summary>
    public AuditDataset Dataset { get; }

    /// <summary>The audited account's row in <see cref="AuditDataset.Accounts"/>.</summary>
    public int AccountRow { get; }

    /// <summary>The audited account's id.</summary>
    public long AccountId => Dataset.Accounts.AccountId[AccountRow];

    /// <summary>Account rows of the followers, in follow order (earliest first). A sample when sampling was asked for.</summary>
    public int[] FollowerRows { get; }

    /// <summary>Follow time of each follower in <see cref="FollowerRows"/> order, or <see langword="null"/> when the data has none.</summary>
    public DateTime?[]? FollowedAt { get; }

    /// <summary>Number of followers in the slice.</summary>
    public int Count => FollowerRows.Length;

    /// <summary>Number of followers of the account in the dataset before any sampling.</summary>
    public long TotalFollowersInData { get; }

    /// <summary>Whether <see cref="FollowerRows"/> is a random sample of the followers.</summary>
    public bool IsSample => Count < TotalFollowersInData;

    /// <summary>
    /// Cuts the slice of one account. Follow order is <c>follow_rank</c> where present, else <c>followed_at</c>,
    /// else the order of the follows table; ties keep table order, so the order is deterministic.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="accountRow">The audited account's row.</param>
    /// <param name="sampleSize">When set and smaller than the follower count, a uniform random sample of this many followers (kept in follow order).</param>
    /// <param name="seed">Seed of the sample.</param>
    /// <returns>The slice.</returns>
    public static AccountSlice Create(AuditDataset dataset, int accountRow, int? sampleSize = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegative(accountRow);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(accountRow, dataset.Accounts.Count);
        var index = dataset.FollowerIndex;
        var follows = dataset.Follows;
        var start = index.Offsets[accountRow];
        var count = index.Offsets[accountRow + 1] - start;
        var edgeRows = index.EdgeRows.AsSpan(start, count).ToArray();

        var keys = new long[count];
        if (follows.FollowRank is { } rank)
        {
            for (var i = 0; i < count; i++)
            {
                keys[i] = rank[edgeRows[i]] ?? long.MaxValue;
            }
        }
        else if (follows.FollowedAt is { } at)
        {
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

        // Stable: sort by (key, edge row).
        var order = Enumerable.Range(0, count).ToArray();
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : edgeRows[a].CompareTo(edgeRows[b]));

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
            order = chosen.Select(p => order[p]).ToArray();
        }

        var followerRows = new int[order.Length];
        var followedAt = follows.FollowedAt is null ? null : new DateTime?[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var e = edgeRows[order[i]];
            dataset.Accounts.TryGetRow(follows.FollowerId[e], out followerRows[i]);
            if (followedAt is not null)
            {
                followedAt[i] = follows.FollowedAt![e];
            }
        }

        return new AccountSlice(dataset, accountRow, followerRows, followedAt, count);
    }
}
