namespace FollowerAudit.Core.Model;

/// <summary>The optional <c>snapshots</c> table: an account's public counts observed over time, column by column.</summary>
public sealed class SnapshotTable
{
    /// <summary>The observed account.</summary>
    public required long[] AccountId { get; init; }

    /// <summary>Observation time (UTC).</summary>
    public required DateTime[] At { get; init; }

    /// <summary>Follower count at that time.</summary>
    public long?[]? FollowersCount { get; init; }

    /// <summary>Following count at that time.</summary>
    public long?[]? FollowingCount { get; init; }

    /// <summary>Post count at that time.</summary>
    public long?[]? PostsCount { get; init; }

    /// <summary>Number of rows.</summary>
    public int Count => AccountId.Length;

    /// <summary>An empty table, for datasets without snapshots.</summary>
    public static SnapshotTable Empty { get; } = new() { AccountId = [], At = [] };

    /// <summary>A new table holding the given rows, in that order, with the same columns present.</summary>
    /// <param name="rows">0-based rows of this table.</param>
    /// <returns>The subset.</returns>
    public SnapshotTable Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new SnapshotTable
        {
            AccountId = Columns.Pick(AccountId, rows),
            At = Columns.Pick(At, rows),
            FollowersCount = Columns.PickOptional(FollowersCount, rows),
            FollowingCount = Columns.PickOptional(FollowingCount, rows),
            PostsCount = Columns.PickOptional(PostsCount, rows),
        };
    }
}
