namespace FollowerAudit.Core.Model;

/// <summary>The optional <c>engagements</c> table: who interacted with which post, column by column.</summary>
public sealed class EngagementTable
{
    /// <summary>The post interacted with.</summary>
    public required long[] PostId { get; init; }

    /// <summary>The account that interacted.</summary>
    public required long[] ActorId { get; init; }

    /// <summary>The kind of interaction.</summary>
    public required EngagementKind[] Kind { get; init; }

    /// <summary>When it happened (UTC), if known.</summary>
    public DateTime?[]? At { get; init; }

    /// <summary>Number of rows.</summary>
    public int Count => PostId.Length;

    /// <summary>An empty table, for datasets without engagements.</summary>
    public static EngagementTable Empty { get; } = new() { PostId = [], ActorId = [], Kind = [] };

    /// <summary>A new table holding the given rows, in that order, with the same columns present.</summary>
    /// <param name="rows">0-based rows of this table.</param>
    /// <returns>The subset.</returns>
    public EngagementTable Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new EngagementTable
        {
            PostId = Columns.Pick(PostId, rows),
            ActorId = Columns.Pick(ActorId, rows),
            Kind = Columns.Pick(Kind, rows),
            At = Columns.PickOptional(At, rows),
        };
    }
}
