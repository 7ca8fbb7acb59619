namespace FollowerAudit.Core.Model;

/// <summary>
/// The <c>accounts</c> table, stored column by column: one array per column, all of length <see cref="Count"/>.
/// Every column except <see cref="AccountId"/> is optional: <see langword="null"/> means the export did not have it,
/// and a <see langword="null"/> cell means the value was missing for that row. Timestamps are UTC.
/// </summary>
/// <remarks>
/// Arrays are exposed without copying because tables hold millions of rows; treat them as read-only.
/// Privacy-stripped exports carry the derived columns (<see cref="HandleLength"/> …) instead of the raw text.
/// </remarks>
public sealed class AccountTable
{
    private Dictionary<long, int>? _rowById;

    /// <summary>Unique account ids (required).</summary>
    public required long[] AccountId { get; init; }

    /// <summary>Number of rows.</summary>
    public int Count => AccountId.Length;

    /// <summary>Screen name / username.</summary>
    public string?[]? Handle { get; init; }

    /// <summary>Display name.</summary>
    public string?[]? DisplayName { get; init; }

    /// <summary>Account creation time (UTC).</summary>
    public DateTime?[]? CreatedAt { get; init; }

    /// <summary>Public follower count.</summary>
    public long?[]? FollowersCount { get; init; }

    /// <summary>Public following (friends) count.</summary>
    public long?[]? FollowingCount { get; init; }

    /// <summary>Number of posts (statuses).</summary>
    public long?[]? PostsCount { get; init; }

    /// <summary>Number of likes (favourites) the account has given.</summary>
    public long?[]? LikesGivenCount { get; init; }

    /// <summary>Number of public lists the account is on.</summary>
    public long?[]? ListedCount { get; init; }

    /// <summary>Profile description.</summary>
    public string?[]? Bio { get; init; }

    /// <summary>Free-text location.</summary>
    public string?[]? Location { get; init; }

    /// <summary>Profile URL.</summary>
    public string?[]? Url { get; init; }

    /// <summary>Whether the account has a custom profile picture (not the platform default).</summary>
    public bool?[]? HasAvatar { get; init; }

    /// <summary>Whether the platform verified the account.</summary>
    public bool?[]? Verified { get; init; }

    /// <summary>Whether the account is private.</summary>
    public bool?[]? Protected { get; init; }

    /// <summary>Whether the profile still uses the platform's default theme/layout.</summary>
    public bool?[]? DefaultProfile { get; init; }

    /// <summary>Time of the latest post (UTC).</summary>
    public DateTime?[]? LastPostAt { get; init; }

    /// <summary>Interface or content language code.</summary>
    public string?[]? Lang { get; init; }

    /// <summary>Evaluation label; <see cref="AccountLabel.Unknown"/> where unlabelled.</summary>
    public AccountLabel[]? Label { get; init; }

    /// <summary>Derived: number of characters of the handle.</summary>
    public int?[]? HandleLength { get; init; }

    /// <summary>Derived: share of digits in the handle, in [0, 1].</summary>
    public double?[]? HandleDigitShare { get; init; }

    /// <summary>Derived: number of words in the display name.</summary>
    public int?[]? DisplayNameWords { get; init; }

    /// <summary>Derived: share of digits in the display name, in [0, 1].</summary>
    public double?[]? DisplayNameDigitShare { get; init; }

    /// <summary>Derived: length of the bio in characters.</summary>
    public int?[]? BioLength { get; init; }

    /// <summary>Derived: whether the profile has a URL.</summary>
    public bool?[]? HasUrl { get; init; }

    /// <summary>Finds the row of an account id.</summary>
    /// <param name="accountId">The id to look up.</param>
    /// <param name="row">The 0-based row, or -1.</param>
    /// <returns><see langword="true"/> when the id is in the table.</returns>
    public bool TryGetRow(long accountId, out int row)
    {
        _rowById ??= BuildIndex();
        if (_rowById.TryGetValue(accountId, out row))
        {
            return true;
        }

        row = -1;
        return false;
    }

    /// <summary>Finds the row of the first account whose handle equals <paramref name="handle"/> (case-insensitive, leading @ ignored).</summary>
    /// <param name="handle">The handle to look for.</param>
    /// <returns>The 0-based row, or -1.</returns>
    public int FindHandle(string handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (Handle is null)
        {
            return -1;
        }

        var wanted = handle.TrimStart('@');
        for (var i = 0; i < Handle.Length; i++)
        {
            if (string.Equals(Handle[i], wanted, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The handle of a row for display: the handle, else <c>#id</c>.</summary>
    /// <param name="row">The 0-based row.</param>
    /// <returns>A display name; may contain any text from the data, so escape it before output.</returns>
    public string DisplayHandle(int row) =>
        Handle?[row] is { Length: > 0 } h ? h : "#" + AccountId[row].ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A new table holding the given rows, in that order, with the same columns present. Used to cut an account's
    /// followers out of a dataset, so its audit does not keep the whole table alive.
    /// </summary>
    /// <param name="rows">0-based rows of this table.</param>
    /// <returns>The subset.</returns>
    public AccountTable Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new AccountTable
        {
            AccountId = Columns.Pick(AccountId, rows),
            Handle = Columns.PickOptional(Handle, rows),
            DisplayName = Columns.PickOptional(DisplayName, rows),
            CreatedAt = Columns.PickOptional(CreatedAt, rows),
            FollowersCount = Columns.PickOptional(FollowersCount, rows),
            FollowingCount = Columns.PickOptional(FollowingCount, rows),
            PostsCount = Columns.PickOptional(PostsCount, rows),
            LikesGivenCount = Columns.PickOptional(LikesGivenCount, rows),
            ListedCount = Columns.PickOptional(ListedCount, rows),
            Bio = Columns.PickOptional(Bio, rows),
            Location = Columns.PickOptional(Location, rows),
            Url = Columns.PickOptional(Url, rows),
            HasAvatar = Columns.PickOptional(HasAvatar, rows),
            Verified = Columns.PickOptional(Verified, rows),
            Protected = Columns.PickOptional(Protected, rows),
            DefaultProfile = Columns.PickOptional(DefaultProfile, rows),
            LastPostAt = Columns.PickOptional(LastPostAt, rows),
            Lang = Columns.PickOptional(Lang, rows),
            Label = Columns.PickOptional(Label, rows),
            HandleLength = Columns.PickOptional(HandleLength, rows),
            HandleDigitShare = Columns.PickOptional(HandleDigitShare, rows),
            DisplayNameWords = Columns.PickOptional(DisplayNameWords, rows),
            DisplayNameDigitShare = Columns.PickOptional(DisplayNameDigitShare, rows),
            BioLength = Columns.PickOptional(BioLength, rows),
            HasUrl = Columns.PickOptional(HasUrl, rows),
        };
    }

    private Dictionary<long, int> BuildIndex()
    {
        var index = new Dictionary<long, int>(AccountId.Length);
        for (var i = 0; i < AccountId.Length; i++)
        {
            index.TryAdd(AccountId[i], i);
        }

        return index;
    }
}
