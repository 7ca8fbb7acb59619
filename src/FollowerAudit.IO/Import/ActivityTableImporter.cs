using System.Globalization;
using System.Text;
using FollowerAudit.Core.Model;

namespace FollowerAudit.IO.Import;

/// <summary>
/// Imports a CSV of <c>posts</c>, <c>engagements</c> or <c>snapshots</c> (docs/data-format.md) for the accounts of an
/// existing dataset. Columns map through <c>"source=target"</c> entries; a header column already named like a target
/// maps itself. Timestamps may be ISO 8601, Twitter's format or Unix time; engagement kinds like/favorite,
/// reply, repost/retweet/share, quote.
/// </summary>
/// <remarks>
/// Rows are checked as the dataset reader checks them, so that problems are reported here with their CSV line rather
/// than at audit time: a missing or non-integer id, an account id that is not in the dataset, a duplicate post id,
/// a negative count, an unreadable time or kind each reject the row (<see cref="Rejection"/>) and the import goes on.
/// A mapped column the file lacks, or a missing required column, is an <see cref="InputDataException"/>.
/// </remarks>
public static class ActivityTableImporter
{
    private enum CellKind
    {
        Id,
        Time,
        Count,
        Kind,
    }

    // Account: the value must be an account of the dataset. Unique: the value may appear once (post ids).
    private sealed record Target(string Name, CellKind Kind, bool Required, bool Account = false, bool Unique = false);

    private static readonly Dictionary<string, Target[]> Tables = new(StringComparer.Ordinal)
    {
        ["posts"] =
        [
            new("post_id", CellKind.Id, Required: true, Unique: true),
            new("author_id", CellKind.Id, Required: true, Account: true),
            new("posted_at", CellKind.Time, Required: false),
            new("like_count", CellKind.Count, Required: false),
            new("reply_count", CellKind.Count, Required: false),
            new("repost_count", CellKind.Count, Required: false),
            new("view_count", CellKind.Count, Required: false),
        ],
        ["engagements"] =
        [
            new("post_id", CellKind.Id, Required: true),
            new("actor_id", CellKind.Id, Required: true, Account: true),
            new("kind", CellKind.Kind, Required: true),
            new("at", CellKind.Time, Required: false),
        ],
        ["snapshots"] =
        [
            new("account_id", CellKind.Id, Required: true, Account: true),
            new("at", CellKind.Time, Required: true),
            new("followers_count", CellKind.Count, Required: false),
            new("following_count", CellKind.Count, Required: false),
            new("posts_count", CellKind.Count, Required: false),
        ],
    };

    /// <summary>The tables this importer writes.</summary>
    public static IReadOnlyCollection<string> TableNames => Tables.Keys;

    /// <summary>Imports the CSV as <paramref name="table"/> of <paramref name="into"/>.</summary>
    /// <param name="path">The CSV file (header row required).</param>
    /// <param name="table"><c>posts</c>, <c>engagements</c> or <c>snapshots</c>.</param>
    /// <param name="mapping">Entries <c>"source=target"</c>.</param>
    /// <param name="into">The dataset whose accounts the rows refer to.</param>
    /// <returns><paramref name="into"/> with the table replaced, and the rejected rows of the CSV.</returns>
    /// <exception cref="InputDataException">Missing file, mapped column absent, or a required column missing.</exception>
    /// <exception cref="ArgumentException">Unknown table, or a mapping entry is malformed or names an unknown target.</exception>
    public static (AuditDataset Dataset, IReadOnlyList<Rejection> Rejections) Import(string path, string table, IEnumerable<string> mapping, AuditDataset into)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(into);
        if (!File.Exists(path))
        {
            throw InputDataException.Missing(path, $"a CSV file with one {table} row per line");
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Import(reader, path, table, mapping, into);
    }

    /// <summary>Imports CSV text as <paramref name="table"/> of <paramref name="into"/>.</summary>
    /// <param name="reader">The CSV.</param>
    /// <param name="name">File name for messages.</param>
    /// <param name="table"><c>posts</c>, <c>engagements</c> or <c>snapshots</c>.</param>
    /// <param name="mapping">Entries <c>"source=target"</c>.</param>
    /// <param name="into">The dataset whose accounts the rows refer to.</param>
    /// <returns><paramref name="into"/> with the table replaced, and the rejected rows of the CSV.</returns>
    /// <exception cref="InputDataException">Mapped column absent, or a required column missing.</exception>
    /// <exception cref="ArgumentException">Unknown table, or a malformed mapping entry.</exception>
    public static (AuditDataset Dataset, IReadOnlyList<Rejection> Rejections) Import(TextReader reader, string name, string table, IEnumerable<string> mapping, AuditDataset into)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(into);
        if (!Tables.TryGetValue(table, out var targets))
        {
            throw new ArgumentException($"Unknown table '{table}'; this importer writes {string.Join(", ", Tables.Keys)}.", nameof(table));
        }

        var sources = ParseMapping(mapping, table, targets);
        using var records = CsvRecordReader.Read(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InputDataException($"{name}: the file is empty; expected a CSV with a header row.");
        }

        var header = records.Current.Fields.Select(f => (f ?? "").Trim()).ToList();
        var columns = new Column[targets.Length];
        for (var t = 0; t < targets.Length; t++)
        {
            var source = sources.GetValueOrDefault(targets[t].Name, targets[t].Name);
            var index = header.FindIndex(h => string.Equals(h, source, StringComparison.OrdinalIgnoreCase));
            if (index < 0 && (targets[t].Required || sources.ContainsKey(targets[t].Name)))
            {
                throw sources.ContainsKey(targets[t].Name)
                    ? InputDataException.MissingColumn(name, source, header)
                    : new InputDataException($"{name}: no {targets[t].Name} column (found: {string.Join(", ", header)}). {table} needs {string.Join(", ", targets.Where(x => x.Required).Select(x => x.Name))}; map a column with --map 'source={targets[t].Name}'.");
            }

            columns[t] = new Column(targets[t], index);
        }

        var accounts = into.Accounts.AccountId.ToHashSet();
        var unique = new HashSet<long>();
        var rejections = new List<Rejection>();
        var values = new Value[targets.Length];
        long dataRow = -1;
        while (records.MoveNext())
        {
            dataRow++;
            var record = records.Current;
            void Reject(string column, string reason, string detail) =>
                rejections.Add(new Rejection(name, dataRow, column, reason, string.Create(CultureInfo.InvariantCulture, $"line {record.Line}: {detail}")));
            if (record.Error is not null || record.Fields.Count != header.Count)
            {
                Reject("", RejectionReasons.InvalidValue, record.Error ?? string.Create(CultureInfo.InvariantCulture, $"{record.Fields.Count} fields, the header has {header.Count}"));
                continue;
            }

            var problem = false;
            for (var t = 0; t < columns.Length && !problem; t++)
            {
                var column = columns[t];
                var cell = column.Index < 0 ? null : record.Fields[column.Index];
                var source = column.Index < 0 ? column.Target.Name : header[column.Index];
                if (Parse(column.Target, cell, out values[t]) is { } error)
                {
                    Reject(source, error.Reason, $"'{source}' = '{cell}': {error.Detail}; row dropped");
                    problem = true;
                }
                else if (column.Target.Account && !accounts.Contains(values[t].Number!.Value))
                {
                    Reject(source, RejectionReasons.UnknownAccount, string.Create(CultureInfo.InvariantCulture, $"{column.Target.Name} {values[t].Number} is not in the dataset's accounts; row dropped"));
                    problem = true;
                }
                else if (column.Target.Unique && !unique.Add(values[t].Number!.Value))
                {
                    Reject(source, RejectionReasons.InvalidValue, string.Create(CultureInfo.InvariantCulture, $"{column.Target.Name} {values[t].Number} appeared before; the first row is kept, this one dropped"));
                    problem = true;
                }
            }

            if (!problem)
            {
                for (var t = 0; t < columns.Length; t++)
                {
                    columns[t].Add(values[t]);
                }
            }
        }

        var built = table switch
        {
            "posts" => new AuditDataset(into.Accounts, into.Follows, BuildPosts(columns), into.Engagements, into.Snapshots, into.Rejections, into.ReferenceTime),
            "engagements" => new AuditDataset(into.Accounts, into.Follows, into.Posts, BuildEngagements(columns), into.Snapshots, into.Rejections, into.ReferenceTime),
            _ => new AuditDataset(into.Accounts, into.Follows, into.Posts, into.Engagements, BuildSnapshots(columns), into.Rejections, into.ReferenceTime),
        };
        return (built, rejections);
    }

    private static PostTable BuildPosts(Column[] c) => new()
    {
        PostId = c[0].Ids(),
        AuthorId = c[1].Ids(),
        PostedAt = c[2].Times(),
        LikeCount = c[3].CountsIfPresent(),
        ReplyCount = c[4].CountsIfPresent(),
        RepostCount = c[5].CountsIfPresent(),
        ViewCount = c[6].CountsIfPresent(),
    };

    private static EngagementTable BuildEngagements(Column[] c) => new()
    {
        PostId = c[0].Ids(),
        ActorId = c[1].Ids(),
        Kind = [.. c[2].Kinds],
        At = c[3].Index < 0 ? null : c[3].Times(),
    };

    private static SnapshotTable BuildSnapshots(Column[] c) => new()
    {
        AccountId = c[0].Ids(),
        At = [.. c[1].Times().Select(t => t!.Value)],
        FollowersCount = c[2].CountsIfPresent(),
        FollowingCount = c[3].CountsIfPresent(),
        PostsCount = c[4].CountsIfPresent(),
    };

    /// <returns>Null when the cell is valid for the target (an optional blank cell is valid and null).</returns>
    private static (string Reason, string Detail)? Parse(Target target, string? cell, out Value value)
    {
        value = default;
        if (CellParser.IsBlank(cell))
        {
            return target.Required ? (target.Kind == CellKind.Id ? RejectionReasons.NullId : RejectionReasons.InvalidValue, "empty") : null;
        }

        switch (target.Kind)
        {
            case CellKind.Time:
                if (!CellParser.TryTimestamp(cell, out var time))
                {
                    return (RejectionReasons.InvalidValue, "not a timestamp (ISO 8601 or Unix time)");
                }

                value = new Value(null, time, default);
                return null;
            case CellKind.Kind:
                if (ParseKind(cell!) is not { } kind)
                {
                    return (RejectionReasons.InvalidValue, "not like, reply, repost or quote");
                }

                value = new Value(null, null, kind);
                return null;
            default:
                if (!CellParser.TryLong(cell, out var number))
                {
                    return (target.Kind == CellKind.Id ? RejectionReasons.NullId : RejectionReasons.InvalidValue, "not an integer");
                }

                if (target.Kind == CellKind.Count && number < 0)
                {
                    return (RejectionReasons.NegativeCount, "a count cannot be negative");
                }

                value = new Value(number, null, default);
                return null;
        }
    }

    private static EngagementKind? ParseKind(string cell) => cell.Trim().ToLowerInvariant() switch
    {
        "like" or "likes" or "favorite" or "favourite" => EngagementKind.Like,
        "reply" or "replies" or "comment" => EngagementKind.Reply,
        "repost" or "reposts" or "retweet" or "share" => EngagementKind.Repost,
        "quote" or "quotes" => EngagementKind.Quote,
        _ => null,
    };

    private static Dictionary<string, string> ParseMapping(IEnumerable<string> mapping, string table, Target[] targets)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in mapping)
        {
            var at = entry.LastIndexOf('=');
            var target = at > 0 ? entry[(at + 1)..].Trim().ToLowerInvariant() : "";
            if (at <= 0 || targets.All(t => t.Name != target))
            {
                throw new ArgumentException($"Mapping entry '{entry}' must look like 'source_column=target' with a {table} target among {string.Join(", ", targets.Select(t => t.Name))}.", nameof(mapping));
            }

            result[target] = entry[..at].Trim();
        }

        return result;
    }

    /// <summary>One parsed cell: a number (id, count), a time or an engagement kind.</summary>
    private readonly record struct Value(long? Number, DateTime? Time, EngagementKind Kind);

    /// <summary>One target column: its values, kept as typed lists (one per column, not an object per row).</summary>
    private sealed class Column(Target target, int index)
    {
        private readonly List<long?> _numbers = [];
        private readonly List<DateTime?> _times = [];

        public Target Target { get; } = target;

        /// <summary>The CSV column, or -1 when the file does not have it (optional targets only).</summary>
        public int Index { get; } = index;

        public List<EngagementKind> Kinds { get; } = [];

        public void Add(Value value)
        {
            switch (Target.Kind)
            {
                case CellKind.Time:
                    _times.Add(value.Time);
                    break;
                case CellKind.Kind:
                    Kinds.Add(value.Kind);
                    break;
                default:
                    _numbers.Add(value.Number);
                    break;
            }
        }

        public long[] Ids() => [.. _numbers.Select(n => n!.Value)];

        public DateTime?[] Times() => [.. _times];

        public long?[]? CountsIfPresent() => Index < 0 ? null : [.. _numbers];
    }
}
