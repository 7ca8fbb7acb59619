namespace FollowerAudit.Core.Model;

/// <summary>A row that was left out of the audit because it broke the data contract. Bad rows are data, not errors.</summary>
/// <param name="File">The file (or table) the row came from, as the user named it.</param>
/// <param name="Row">0-based row number within that file (across row groups), or -1 when not row-specific.</param>
/// <param name="Column">The offending column.</param>
/// <param name="Reason">A stable reason code, e.g. <c>self-follow</c>; see <see cref="RejectionReasons"/>.</param>
/// <param name="Detail">Human-readable detail (may contain data values; escape before output).</param>
public sealed record Rejection(string File, long Row, string Column, string Reason, string Detail);

/// <summary>The stable reason codes of <see cref="Rejection.Reason"/>, documented in docs/data-format.md.</summary>
public static class RejectionReasons
{
    /// <summary>A required id is null.</summary>
    public const string NullId = "null-id";

    /// <summary>An account id appears twice in <c>accounts</c>; the first row is kept.</summary>
    public const string DuplicateAccount = "duplicate-account";

    /// <summary>An edge follows itself.</summary>
    public const string SelfFollow = "self-follow";

    /// <summary>The same follower → followee edge appears twice; the first is kept.</summary>
    public const string DuplicateEdge = "duplicate-edge";

    /// <summary>A referenced account is not in <c>accounts</c>.</summary>
    public const string UnknownAccount = "unknown-account";

    /// <summary>A timestamp more than a day after the moment the data was loaded (the reader's clock).</summary>
    public const string FutureTimestamp = "future-timestamp";

    /// <summary>A timestamp before 2006, when none of the platforms existed.</summary>
    public const string TimestampTooEarly = "timestamp-before-2006";

    /// <summary>A count below zero.</summary>
    public const string NegativeCount = "negative-count";

    /// <summary>A value that is not one of the allowed values (e.g. an engagement kind).</summary>
    public const string InvalidValue = "invalid-value";
}
