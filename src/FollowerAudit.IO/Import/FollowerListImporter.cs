using System.Globalization;
using System.Text;
using FollowerAudit.Core.Model;

namespace FollowerAudit.IO.Import;

/// <summary>
/// Imports a plain follower list (CSV with a header) into the <c>follows</c> table, with an <c>accounts</c> table of
/// the ids it mentions. Columns map to <c>follower_id</c>, <c>followee_id</c>, <c>followed_at</c> (ISO-8601 or Unix
/// seconds) and <c>follow_rank</c>; a list of one account's followers may name the followee once instead.
/// </summary>
/// <remarks>
/// Without follow times or ranks, the file order is the follow order. Platforms list followers newest first, so by
/// default the list is reversed: the last row is the earliest follower (rank 0).
/// </remarks>
public static class FollowerListImporter
{
    private static readonly string[] Targets = ["follower_id", "followee_id", "followed_at", "follow_rank"];

    /// <summary>Imports a follower list.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="mapping">Entries <c>source_column=target</c>; header columns already named like a target map themselves.</param>
    /// <param name="followee">The followed account when the file has no followee column.</param>
    /// <param name="newestFirst">Whether the file lists followers newest first (the platforms' order) when ranks are derived from row order.</param>
    /// <returns>A dataset with <c>follows</c> and id-only <c>accounts</c>; bad rows are in its rejections.</returns>
    /// <exception cref="InputDataException">The file is missing or lacks the follower or followee column.</exception>
    /// <exception cref="ArgumentException">A mapping entry is malformed or names an unknown target.</exception>
    public static AuditDataset Import(string path, IEnumerable<string> mapping, long? followee = null, bool newestFirst = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mapping);
        if (!File.Exists(path))
        {
            throw InputDataException.Missing(path, "a CSV file with one follower per row");
        }

        var map = mapping.Select(Parse).ToList();
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var records = CsvRecordReader.Read(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InputDataException($"{path}: the file is empty; expected a CSV with a header row.");
        }

        var header = records.Current.Fields.Select(f => (f ?? "").Trim()).ToList();
        int Column(string target)
        {
            var source = map.FirstOrDefault(m => m.Target == target).Source ?? target;
            return header.FindIndex(h => string.Equals(h, source, StringComparison.OrdinalIgnoreCase));
        }

        var (followerColumn, followeeColumn, atColumn, rankColumn) = (Column("follower_id"), Column("followee_id"), Column("followed_at"), Column("follow_rank"));
        if (followerColumn < 0)
        {
            throw InputDataException.MissingColumn(path, map.FirstOrDefault(m => m.Target == "follower_id").Source ?? "follower_id", header);
        }

        if (followeeColumn < 0 && followee is null)
        {
            throw new InputDataException($"{path}: no followee column (found: {string.Join(", ", header)}). Map one ('col=followee_id') or name the followed account with --followee ID.");
        }

        var followers = new List<long>();
        var followees = new List<long>();
        var times = new List<DateTime?>();
        var ranks = new List<long?>();
        var rejections = new List<Rejection>();
        long dataRow = -1;
        while (records.MoveNext())
        {
            dataRow++;
            var record = records.Current;
            void Reject(string column, string reason, string detail) =>
                rejections.Add(new Rejection(path, dataRow, column, reason, string.Create(CultureInfo.InvariantCulture, $"line {record.Line}: {detail}")));
            if (record.Error is not null || record.Fields.Count != header.Count)
            {
                Reject("", RejectionReasons.InvalidValue, record.Error ?? $"{record.Fields.Count} fields, the header has {header.Count}");
                continue;
            }

            if (!CellParser.TryLong(record.Fields[followerColumn], out var follower) || follower is null)
            {
                Reject(header[followerColumn], RejectionReasons.NullId, $"follower id '{record.Fields[followerColumn]}' is empty or not an integer");
                continue;
            }

            long? target = followee;
            if (followeeColumn >= 0 && (!CellParser.TryLong(record.Fields[followeeColumn], out target) || target is null))
            {
                Reject(header[followeeColumn], RejectionReasons.NullId, $"followee id '{record.Fields[followeeColumn]}' is empty or not an integer");
                continue;
            }

            DateTime? at = null;
            if (atColumn >= 0 && !CellParser.TryTimestamp(record.Fields[atColumn], out at))
            {
                Reject(header[atColumn], RejectionReasons.InvalidValue, $"'{record.Fields[atColumn]}' is not an ISO-8601 or Unix time");
                continue;
            }

            long? rank = null;
            if (rankColumn >= 0 && !CellParser.TryLong(record.Fields[rankColumn], out rank))
            {
                Reject(header[rankColumn], RejectionReasons.InvalidValue, $"'{record.Fields[rankColumn]}' is not an integer");
                continue;
            }

            followers.Add(follower.Value);
            followees.Add(target!.Value);
            times.Add(at);
            ranks.Add(rank);
        }

        var derivedRanks = rankColumn < 0 && atColumn < 0 ? RanksFromFileOrder(followees, newestFirst) : null;
        var ids = followers.Concat(followees).Distinct().Order().ToArray();
        var accounts = new AccountTable { AccountId = ids };
        var follows = new FollowTable
        {
            FollowerId = [.. followers],
            FolloweeId = [.. followees],
            FollowedAt = atColumn >= 0 ? [.. times] : null,
            FollowRank = derivedRanks ?? (rankColumn >= 0 ? [.. ranks] : null),
        };
        return new AuditDataset(accounts, follows, rejections: rejections);
    }

    /// <summary>
    /// Imports a follower list into an existing dataset (e.g. one imported from an accounts file with profiles): its
    /// accounts keep their profile rows, an id-only row is added for every id of the list they lack, and the list
    /// becomes the dataset's <c>follows</c>. Posts, engagements and snapshots are kept.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="mapping">As in <see cref="Import(string, IEnumerable{string}, long?, bool)"/>.</param>
    /// <param name="existing">The dataset the list goes into.</param>
    /// <param name="followee">The followed account when the file has no followee column.</param>
    /// <param name="newestFirst">Whether the file lists followers newest first.</param>
    /// <returns>The merged dataset; the list's bad rows are its rejections.</returns>
    /// <exception cref="InputDataException">The file is missing or lacks the follower or followee column.</exception>
    /// <exception cref="ArgumentException">A mapping entry is malformed or names an unknown target.</exception>
    public static AuditDataset ImportInto(string path, IEnumerable<string> mapping, AuditDataset existing, long? followee = null, bool newestFirst = true)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var list = Import(path, mapping, followee, newestFirst);
        long[] missing = [.. list.Accounts.AccountId.Where(id => !existing.Accounts.TryGetRow(id, out _))];
        return new AuditDataset(WithIdOnlyRows(existing.Accounts, missing), list.Follows, existing.Posts, existing.Engagements, existing.Snapshots, list.Rejections, existing.ReferenceTime);
    }

    /// <summary>The table with one row per id in <paramref name="ids"/> appended, every column but the id missing (null).</summary>
    private static AccountTable WithIdOnlyRows(AccountTable t, long[] ids)
    {
        if (ids.Length == 0)
        {
            return t;
        }

        T[]? Pad<T>(T[]? column) => column is null ? null : [.. column, .. new T[ids.Length]];
        return new AccountTable
        {
            AccountId = [.. t.AccountId, .. ids],
            Handle = Pad(t.Handle),
            DisplayName = Pad(t.DisplayName),
            CreatedAt = Pad(t.CreatedAt),
            FollowersCount = Pad(t.FollowersCount),
            FollowingCount = Pad(t.FollowingCount),
            PostsCount = Pad(t.PostsCount),
            LikesGivenCount = Pad(t.LikesGivenCount),
            ListedCount = Pad(t.ListedCount),
            Bio = Pad(t.Bio),
            Location = Pad(t.Location),
            Url = Pad(t.Url),
            HasAvatar = Pad(t.HasAvatar),
            Verified = Pad(t.Verified),
            Protected = Pad(t.Protected),
            DefaultProfile = Pad(t.DefaultProfile),
            LastPostAt = Pad(t.LastPostAt),
            Lang = Pad(t.Lang),

            // default(AccountLabel) is Unknown: an added account is unlabelled.
            Label = Pad(t.Label),
            HandleLength = Pad(t.HandleLength),
            HandleDigitShare = Pad(t.HandleDigitShare),
            DisplayNameWords = Pad(t.DisplayNameWords),
            DisplayNameDigitShare = Pad(t.DisplayNameDigitShare),
            BioLength = Pad(t.BioLength),
            HasUrl = Pad(t.HasUrl),
        };
    }

    private static long?[] RanksFromFileOrder(List<long> followees, bool newestFirst)
    {
        var total = followees.GroupBy(f => f).ToDictionary(g => g.Key, g => (long)g.Count());
        var seen = new Dictionary<long, long>();
        var ranks = new long?[followees.Count];
        for (var i = 0; i < followees.Count; i++)
        {
            var position = seen.TryGetValue(followees[i], out var p) ? p : 0;
            seen[followees[i]] = position + 1;
            ranks[i] = newestFirst ? total[followees[i]] - 1 - position : position;
        }

        return ranks;
    }

    private static (string Source, string Target) Parse(string entry)
    {
        var at = entry.LastIndexOf('=');
        var target = at > 0 ? entry[(at + 1)..].Trim().ToLowerInvariant() : "";
        if (at <= 0 || !Targets.Contains(target))
        {
            throw new ArgumentException($"Mapping entry '{entry}' must look like 'source_column=target' with a target among {string.Join(", ", Targets)}.", nameof(entry));
        }

        return (entry[..at].Trim(), target);
    }
}
