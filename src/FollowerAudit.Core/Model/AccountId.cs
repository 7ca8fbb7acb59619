namespace FollowerAudit.Core.Model;

/// <summary>The platform's numeric id of an account (follower or audited target alike).</summary>
/// <param name="Value">The raw id as it appears in the <c>account_id</c> column.</param>
public readonly record struct AccountId(long Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
