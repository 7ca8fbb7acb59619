using System.Globalization;
using System.Text;
using System.Text.Json;
using FollowerAudit.Core.Model;

namespace FollowerAudit.IO.Import;

/// <summary>
/// Imports Twitter API v1.1 user objects into an accounts-only <see cref="AuditDataset"/> (no follows): either the
/// flattened CSV of the Cresci et al. MIB datasets (<c>id, name, screen_name, statuses_count, followers_count,
/// friends_count, favourites_count, listed_count, created_at, url, lang, location, default_profile,
/// default_profile_image, protected, verified, description, updated, …</c>) or JSON lines (one user object per line).
/// </summary>
/// <remarks>
/// Empty cells are missing values, except the profile flags, where empty means false (as in the MIB CSVs).
/// <c>has_avatar</c> is <c>!default_profile_image</c>. The dataset's reference time is the latest <c>updated</c>
/// (crawl) time, else the latest timestamp in the data. A bad row is a <see cref="Rejection"/> and is left out;
/// a file without the required columns is an <see cref="InputDataException"/>.
/// </remarks>
public static class TwitterUsersImporter
{
    /// <summary>Columns a Twitter users CSV must have.</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } = ["id", "screen_name", "followers_count", "friends_count"];

    /// <summary>Imports one file (CSV, or JSON lines when it ends in <c>.jsonl</c>/<c>.json</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="label">Label given to every account of the file (evaluation data), or <see cref="AccountLabel.Unknown"/>.</param>
    /// <returns>Accounts, empty follows, and the rejected rows in <see cref="AuditDataset.Rejections"/>.</returns>
    /// <exception cref="InputDataException">Missing file, or required columns absent.</exception>
    public static AuditDataset Import(string path, AccountLabel label) => Import([(path, label)]);

    /// <summary>Imports several files into one dataset (e.g. genuine and fake accounts with their labels).</summary>
    /// <param name="files">Files and the label of their accounts.</param>
    /// <returns>The combined dataset; a later duplicate id is rejected.</returns>
    /// <exception cref="InputDataException">A file is missing or of the wrong kind.</exception>
    public static AuditDataset Import(IEnumerable<(string Path, AccountLabel Label)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var buffer = new AccountRowBuffer();
        foreach (var (path, label) in files)
        {
            if (!File.Exists(path))
            {
                throw InputDataException.Missing(path, "a Twitter users file (CSV or JSON lines)");
            }

            if (label != AccountLabel.Unknown)
            {
                buffer.MarkPresent(nameof(AccountTable.Label));
            }

            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                ReadJsonLines(reader, path, label, buffer);
            }
            else
            {
                ReadCsv(reader, path, label, buffer);
            }
        }

        return buffer.Build();
    }

    /// <summary>Imports a CSV from a reader (for tests and streams).</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="name">File name used in messages and rejections.</param>
    /// <param name="label">Label of every account.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="InputDataException">Required columns absent.</exception>
    public static AuditDataset ImportCsv(TextReader reader, string name, AccountLabel label)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var buffer = new AccountRowBuffer();
        if (label != AccountLabel.Unknown)
        {
            buffer.MarkPresent(nameof(AccountTable.Label));
        }

        ReadCsv(reader, name, label, buffer);
        return buffer.Build();
    }

    private static void ReadCsv(TextReader reader, string path, AccountLabel label, AccountRowBuffer buffer)
    {
        using var records = CsvRecordReader.Read(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InputDataException($"{path}: the file is empty; expected a CSV of Twitter users with a header row ({string.Join(", ", RequiredColumns)}, …).");
        }

        var header = records.Current.Fields.Select(f => (f ?? "").Trim()).ToList();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            index.TryAdd(header[i], i);
        }

        foreach (var required in RequiredColumns)
        {
            if (!index.ContainsKey(required))
            {
                throw InputDataException.MissingColumn(path, required, header);
            }
        }

        var has = (string c) => index.ContainsKey(c);
        buffer.MarkPresent(nameof(AccountTable.Handle), nameof(AccountTable.FollowersCount), nameof(AccountTable.FollowingCount));
        MarkIf(buffer, has("name"), nameof(AccountTable.DisplayName));
        MarkIf(buffer, has("statuses_count"), nameof(AccountTable.PostsCount));
        MarkIf(buffer, has("favourites_count"), nameof(AccountTable.LikesGivenCount));
        MarkIf(buffer, has("listed_count"), nameof(AccountTable.ListedCount));
        MarkIf(buffer, has("created_at"), nameof(AccountTable.CreatedAt));
        MarkIf(buffer, has("url"), nameof(AccountTable.Url));
        MarkIf(buffer, has("lang"), nameof(AccountTable.Lang));
        MarkIf(buffer, has("location"), nameof(AccountTable.Location));
        MarkIf(buffer, has("description"), nameof(AccountTable.Bio));
        MarkIf(buffer, has("default_profile"), nameof(AccountTable.DefaultProfile));
        MarkIf(buffer, has("default_profile_image"), nameof(AccountTable.HasAvatar));
        MarkIf(buffer, has("protected"), nameof(AccountTable.Protected));
        MarkIf(buffer, has("verified"), nameof(AccountTable.Verified));

        long dataRow = -1;
        while (records.MoveNext())
        {
            dataRow++;
            var record = records.Current;
            string? Cell(string column) => index.TryGetValue(column, out var i) && i < record.Fields.Count ? record.Fields[i] : null;
            void Reject(string column, string reason, string detail) =>
                buffer.Rejections.Add(new Rejection(path, dataRow, column, reason, string.Create(CultureInfo.InvariantCulture, $"line {record.Line}: {detail}")));

            if (record.Error is not null)
            {
                Reject("", RejectionReasons.InvalidValue, record.Error);
                continue;
            }

            if (record.Fields.Count != header.Count)
            {
                Reject("", RejectionReasons.InvalidValue, string.Create(CultureInfo.InvariantCulture, $"{record.Fields.Count} fields, the header has {header.Count}"));
                continue;
            }

            var row = new AccountRow { Label = label };
            if (!TryFill(row, Cell, out var badColumn, out var why))
            {
                Reject(badColumn, badColumn == "id" && CellParser.IsBlank(Cell("id")) ? RejectionReasons.NullId : RejectionReasons.InvalidValue, why);
                continue;
            }

            if (CellParser.TryTimestamp(Cell("updated"), out var crawled) && crawled is { } c)
            {
                buffer.SeeCrawlTime(c);
            }

            if (new[] { row.Followers, row.Following, row.Posts, row.LikesGiven, row.Listed }.Any(v => v < 0))
            {
                Reject("", RejectionReasons.NegativeCount, "a count is negative");
                continue;
            }

            buffer.Add(row, path, dataRow);
        }
    }

    private static bool TryFill(AccountRow row, Func<string, string?> cell, out string badColumn, out string why)
    {
        badColumn = "";
        why = "";
        bool Fail(string column, out string b, out string w)
        {
            b = column;
            w = $"'{column}' = '{cell(column)}' is not valid";
            return false;
        }

        if (!CellParser.TryLong(cell("id"), out var id) || id is null)
        {
            return Fail("id", out badColumn, out why);
        }

        row.Id = id.Value;
        row.Handle = cell("screen_name");
        row.DisplayName = cell("name");
        row.Url = cell("url");
        row.Lang = cell("lang");
        row.Location = cell("location");
        row.Bio = cell("description");
        foreach (var (column, set) in new (string, Action<long?>)[]
                 {
                     ("followers_count", v => row.Followers = v), ("friends_count", v => row.Following = v),
                     ("statuses_count", v => row.Posts = v), ("favourites_count", v => row.LikesGiven = v),
                     ("listed_count", v => row.Listed = v),
                 })
        {
            if (!CellParser.TryLong(cell(column), out var v))
            {
                return Fail(column, out badColumn, out why);
            }

            set(v);
        }

        foreach (var (column, set) in new (string, Action<bool?>)[]
                 {
                     ("default_profile", v => row.DefaultProfile = v), ("default_profile_image", v => row.HasAvatar = !v),
                     ("protected", v => row.Protected = v), ("verified", v => row.Verified = v),
                 })
        {
            if (!CellParser.TryBool(cell(column), false, out var v))
            {
                return Fail(column, out badColumn, out why);
            }

            set(v);
        }

        if (!CellParser.TryTimestamp(cell("created_at"), out var created))
        {
            return Fail("created_at", out badColumn, out why);
        }

        row.CreatedAt = created;
        return true;
    }

    private static void ReadJsonLines(TextReader reader, string path, AccountLabel label, AccountRowBuffer buffer)
    {
        buffer.MarkPresent(
            nameof(AccountTable.Handle), nameof(AccountTable.DisplayName), nameof(AccountTable.FollowersCount), nameof(AccountTable.FollowingCount),
            nameof(AccountTable.PostsCount), nameof(AccountTable.LikesGivenCount), nameof(AccountTable.ListedCount), nameof(AccountTable.CreatedAt),
            nameof(AccountTable.Url), nameof(AccountTable.Lang), nameof(AccountTable.Location), nameof(AccountTable.Bio),
            nameof(AccountTable.DefaultProfile), nameof(AccountTable.HasAvatar), nameof(AccountTable.Protected), nameof(AccountTable.Verified),
            nameof(AccountTable.LastPostAt));
        string? text;
        long line = 0, dataRow = -1;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            dataRow++;
            var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new JsonException("not a JSON object");
                }

                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    cells[p.Name] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.Number => p.Value.GetRawText(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => null,
                    };
                }

                if (doc.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object &&
                    status.TryGetProperty("created_at", out var statusAt) && statusAt.ValueKind == JsonValueKind.String)
                {
                    cells["status.created_at"] = statusAt.GetString();
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // InvalidOperationException: a string escape that is not valid UTF-16 (a lone "\ud800"), which
                // GetString cannot decode; one bad line, not a bad file.
                buffer.Rejections.Add(new Rejection(path, dataRow, "", RejectionReasons.InvalidValue, string.Create(CultureInfo.InvariantCulture, $"line {line}: not a JSON user object ({ex.Message})")));
                continue;
            }

            // id_str is exact where a JSON number might have been rounded by the producer.
            if (cells.TryGetValue("id_str", out var idStr) && idStr is not null)
            {
                cells["id"] = idStr;
            }

            var row = new AccountRow { Label = label };
            string? Cell(string column) => cells.GetValueOrDefault(column);
            if (!TryFill(row, Cell, out var badColumn, out var why) || !CellParser.TryTimestamp(Cell("status.created_at"), out var lastPost))
            {
                buffer.Rejections.Add(new Rejection(path, dataRow, badColumn, badColumn == "id" && Cell("id") is null ? RejectionReasons.NullId : RejectionReasons.InvalidValue, string.Create(CultureInfo.InvariantCulture, $"line {line}: {why}")));
                continue;
            }

            row.LastPostAt = lastPost;
            buffer.Add(row, path, dataRow);
        }
    }

    private static void MarkIf(AccountRowBuffer buffer, bool present, string column)
    {
        if (present)
        {
            buffer.MarkPresent(column);
        }
    }
}
