using FollowerAudit.Core.Model;

namespace FollowerAudit.IO.Import;

/// <summary>One imported account row; any property left null is a missing cell.</summary>
internal sealed class AccountRow
{
    public long Id { get; set; }

    public string? Handle { get; set; }

    public string? DisplayName { get; set; }

    public DateTime? CreatedAt { get; set; }

    public long? Followers { get; set; }

    public long? Following { get; set; }

    public long? Posts { get; set; }

    public long? LikesGiven { get; set; }

    public long? Listed { get; set; }

    public string? Bio { get; set; }

    public string? Location { get; set; }

    public string? Url { get; set; }

    public bool? HasAvatar { get; set; }

    public bool? Verified { get; set; }

    public bool? Protected { get; set; }

    public bool? DefaultProfile { get; set; }

    public DateTime? LastPostAt { get; set; }

    public string? Lang { get; set; }

    public AccountLabel Label { get; set; }

    public int? HandleLength { get; set; }

    public double? HandleDigitShare { get; set; }

    public int? DisplayNameWords { get; set; }

    public double? DisplayNameDigitShare { get; set; }

    public int? BioLength { get; set; }

    public bool? HasUrl { get; set; }
}

/// <summary>
/// Collects imported rows, rejects duplicate ids, and builds an <see cref="AccountTable"/> whose columns are present
/// exactly when the source had them.
/// </summary>
internal sealed class AccountRowBuffer
{
    private readonly List<AccountRow> _rows = [];
    private readonly HashSet<long> _ids = [];
    private readonly HashSet<string> _present = new(StringComparer.Ordinal);

    public List<Rejection> Rejections { get; } = [];

    public DateTime? LatestCrawl { get; private set; }

    /// <summary>Marks AccountTable columns (property names) as present in the source.</summary>
    public void MarkPresent(params string[] columns)
    {
        foreach (var c in columns)
        {
            _present.Add(c);
        }
    }

    public void SeeCrawlTime(DateTime at)
    {
        if (LatestCrawl is null || at > LatestCrawl)
        {
            LatestCrawl = at;
        }
    }

    /// <summary>Adds a row unless its id was seen (then a rejection).</summary>
    public void Add(AccountRow row, string file, long dataRow)
    {
        if (!_ids.Add(row.Id))
        {
            Rejections.Add(new Rejection(file, dataRow, "id", RejectionReasons.DuplicateAccount, $"account id {row.Id} appears again; the first row is kept"));
            return;
        }

        _rows.Add(row);
    }

    public AuditDataset Build()
    {
        T?[]? Col<T>(string name, Func<AccountRow, T?> get)
            where T : class => _present.Contains(name) ? [.. _rows.Select(get)] : null;
        T?[]? Val<T>(string name, Func<AccountRow, T?> get)
            where T : struct => _present.Contains(name) ? [.. _rows.Select(get)] : null;

        var table = new AccountTable
        {
            AccountId = [.. _rows.Select(r => r.Id)],
            Handle = Col(nameof(AccountTable.Handle), r => r.Handle),
            DisplayName = Col(nameof(AccountTable.DisplayName), r => r.DisplayName),
            CreatedAt = Val(nameof(AccountTable.CreatedAt), r => r.CreatedAt),
            FollowersCount = Val(nameof(AccountTable.FollowersCount), r => r.Followers),
            FollowingCount = Val(nameof(AccountTable.FollowingCount), r => r.Following),
            PostsCount = Val(nameof(AccountTable.PostsCount), r => r.Posts),
            LikesGivenCount = Val(nameof(AccountTable.LikesGivenCount), r => r.LikesGiven),
            ListedCount = Val(nameof(AccountTable.ListedCount), r => r.Listed),
            Bio = Col(nameof(AccountTable.Bio), r => r.Bio),
            Location = Col(nameof(AccountTable.Location), r => r.Location),
            Url = Col(nameof(AccountTable.Url), r => r.Url),
            HasAvatar = Val(nameof(AccountTable.HasAvatar), r => r.HasAvatar),
            Verified = Val(nameof(AccountTable.Verified), r => r.Verified),
            Protected = Val(nameof(AccountTable.Protected), r => r.Protected),
            DefaultProfile = Val(nameof(AccountTable.DefaultProfile), r => r.DefaultProfile),
            LastPostAt = Val(nameof(AccountTable.LastPostAt), r => r.LastPostAt),
            Lang = Col(nameof(AccountTable.Lang), r => r.Lang),
            Label = _present.Contains(nameof(AccountTable.Label)) ? [.. _rows.Select(r => r.Label)] : null,
            HandleLength = Val(nameof(AccountTable.HandleLength), r => r.HandleLength),
            HandleDigitShare = Val(nameof(AccountTable.HandleDigitShare), r => r.HandleDigitShare),
            DisplayNameWords = Val(nameof(AccountTable.DisplayNameWords), r => r.DisplayNameWords),
            DisplayNameDigitShare = Val(nameof(AccountTable.DisplayNameDigitShare), r => r.DisplayNameDigitShare),
            BioLength = Val(nameof(AccountTable.BioLength), r => r.BioLength),
            HasUrl = Val(nameof(AccountTable.HasUrl), r => r.HasUrl),
        };
        var follows = new FollowTable { FollowerId = [], FolloweeId = [] };
        return new AuditDataset(table, follows, rejections: [.. Rejections], referenceTime: LatestCrawl);
    }
}
