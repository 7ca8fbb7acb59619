namespace FollowerAudit.Core.Model;

/// <summary>The optional <c>posts</c> table, column by column, with each post's public interaction counts.</summary>
public sealed class PostTable
{
    /// <summary>Unique post ids.</summary>
    public required long[] PostId { get; init; }

    /// <summary>The author's account id.</summary>
    public required long[] AuthorId { get; init; }

    /// <summary>Publication time (UTC).</summary>
    public required DateTime?[] PostedAt { get; init; }

    /// <summary>Public like count.</summary>
    public long?[]? LikeCount { get; init; }

    /// <summary>Public reply count.</summary>
    public long?[]? ReplyCount { get; init; }

    /// <summary>Public repost count.</summary>
    public long?[]? RepostCount { get; init; }

    /// <summary>Public view count.</summary>
    public long?[]? ViewCount { get; init; }

    /// <summary>Number of rows.</summary>
    public int Count => PostId.Length;

    /// <summary>An empty table, for datasets without posts.</summary>
    public static PostTable Empty { get; } = new() { PostId = [], AuthorId = [], PostedAt = [] };

    /// <summary>A new table holding the given rows, in that order, with the same columns present.</summary>
    /// <param name="rows">0-based rows of this table.</param>
    /// <returns>The subset.</returns>
    public PostTable Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new PostTable
        {
            PostId = Columns.Pick(PostId, rows),
            AuthorId = Columns.Pick(AuthorId, rows),
            PostedAt = Columns.Pick(PostedAt, rows),
            LikeCount = Columns.PickOptional(LikeCount, rows),
            ReplyCount = Columns.PickOptional(ReplyCount, rows),
            RepostCount = Columns.PickOptional(RepostCount, rows),
            ViewCount = Columns.PickOptional(ViewCount, rows),
        };
    }
}
