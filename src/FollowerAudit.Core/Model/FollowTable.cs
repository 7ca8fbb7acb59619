namespace FollowerAudit.Core.Model;

/// <summary>
/// The <c>follows</c> table (edges follower → followee), column by column. A followee is an audited account or any
/// other account the follower follows.
/// </summary>
public sealed class FollowTable
{
    /// <summary>The account that follows (source).</summary>
    public required long[] FollowerId { get; init; }

    /// <summary>The account being followed (target).</summary>
    public required long[] FolloweeId { get; init; }

    /// <summary>When the follow happened (UTC); <see langword="null"/> column when the export has no follow times.</summary>
    public DateTime?[]? FollowedAt { get; init; }

    /// <summary>Follow order per followee: 0 = the earliest follower. Used where there are no follow times.</summary>
    public long?[]? FollowRank { get; init; }

    /// <summary>Number of edges.</summary>
    public int Count => FollowerId.Length;

    /// <summary>A new table holding the given rows, in that order, with the same columns present.</summary>
    /// <param name="rows">0-based rows of this table.</param>
    /// <returns>The subset.</returns>
    public FollowTable Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new FollowTable
        {
            FollowerId = Columns.Pick(FollowerId, rows),
            FolloweeId = Columns.Pick(FolloweeId, rows),
            FollowedAt = Columns.PickOptional(FollowedAt, rows),
            FollowRank = Columns.PickOptional(FollowRank, rows),
        };
    }
}
