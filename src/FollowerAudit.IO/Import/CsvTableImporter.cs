using System.Globalization;
using System.Text;
using FollowerAudit.Core.Model;

namespace FollowerAudit.IO.Import;

/// <summary>
/// Imports any one-row-per-account CSV into an accounts-only <see cref="AuditDataset"/> through a column mapping
/// <c>"source=target"</c>, e.g. <c>"#followers=followers_count"</c>. Targets are the snake_case account columns
/// (<see cref="Targets"/>); a source column named like a target maps itself. Timestamps may be ISO 8601, Twitter's
/// format or Unix time (seconds or milliseconds). Without an <c>account_id</c> column, ids are the 1-based data row
/// numbers. Label values: 1/fake/bot/true = fake, 0/genuine/human/false = genuine, unknown = unlabelled; a label
/// mapping may translate a file's own codes first: <c>"class=label[r:genuine,a:fake,i:fake,s:unknown]"</c>.
/// </summary>
/// <remarks>
/// A mapping that names a source column the file lacks, or a file with none of the mapped columns, is an
/// <see cref="InputDataException"/>; a bad cell rejects its row (<see cref="Rejection"/>) and the import goes on.
/// </remarks>
public static class CsvTableImporter
{
    private static readonly Dictionary<string, Action<AccountRow, string?>> Setters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["account_id"] = (r, v) => r.Id = Cell.Long(v) ?? throw new FormatException("account_id is empty"),
        ["handle"] = (r, v) => r.Handle = v,
        ["display_name"] = (r, v) => r.DisplayName = v,
        ["created_at"] = (r, v) => r.CreatedAt = Cell.Time(v),
        ["followers_count"] = (r, v) => r.Followers = Cell.Count(v),
        ["following_count"] = (r, v) => r.Following = Cell.Count(v),
        ["posts_count"] = (r, v) => r.Posts = Cell.Count(v),
        ["likes_given_count"] = (r, v) => r.LikesGiven = Cell.Count(v),
        ["listed_count"] = (r, v) => r.Listed = Cell.Count(v),
        ["bio"] = (r, v) => r.Bio = v,
        ["location"] = (r, v) => r.Location = v,
        ["url"] = (r, v) => r.Url = v,
        ["has_avatar"] = (r, v) => r.HasAvatar = Cell.Bool(v),
        ["verified"] = (r, v) => r.Verified = Cell.Bool(v),
        ["protected"] = (r, v) => r.Protected = Cell.Bool(v),
        ["default_profile"] = (r, v) => r.DefaultProfile = Cell.Bool(v),
        ["last_post_at"] = (r, v) => r.LastPostAt = Cell.Time(v),
        ["lang"] = (r, v) => r.Lang = v,
        ["label"] = (r, v) => r.Label = Cell.Label(v),
        ["handle_length"] = (r, v) => r.HandleLength = (int?)Cell.Count(v),
        ["handle_digit_share"] = (r, v) => r.HandleDigitShare = Cell.Share(v),
        ["display_name_words"] = (r, v) => r.DisplayNameWords = (int?)Cell.Count(v),
        ["display_name_digit_share"] = (r, v) => r.DisplayNameDigitShare = Cell.Share(v),
        ["bio_length"] = (r, v) => r.BioLength = (int?)Cell.Count(v),
        ["has_url"] = (r, v) => r.HasUrl = Cell.Bool(v),
    };

    private static readonly Dictionary<string, string> TargetProperty = new(StringComparer.OrdinalIgnoreCase)
    {
        ["handle"] = nameof(AccountTable.Handle),
        ["display_name"] = nameof(AccountTable.DisplayName),
        ["created_at"] = nameof(AccountTable.CreatedAt),
        ["followers_count"] = nameof(AccountTable.FollowersCount),
        ["following_count"] = nameof(AccountTable.FollowingCount),
        ["posts_count"] = nameof(AccountTable.PostsCount),
        ["likes_given_count"] = nameof(AccountTable.LikesGivenCount),
        ["listed_count"] = nameof(AccountTable.ListedCount),
        ["bio"] = nameof(AccountTable.Bio),
        ["location"] = nameof(AccountTable.Location),
        ["url"] = nameof(AccountTable.Url),
        ["has_avatar"] = nameof(AccountTable.HasAvatar),
        ["verified"] = nameof(AccountTable.Verified),
        ["protected"] = nameof(AccountTable.Protected),
        ["default_profile"] = nameof(AccountTable.DefaultProfile),
        ["last_post_at"] = nameof(AccountTable.LastPostAt),
        ["lang"] = nameof(AccountTable.Lang),
        ["label"] = nameof(AccountTable.Label),
        ["handle_length"] = nameof(AccountTable.HandleLength),
        ["handle_digit_share"] = nameof(AccountTable.HandleDigitShare),
        ["display_name_words"] = nameof(AccountTable.DisplayNameWords),
        ["display_name_digit_share"] = nameof(AccountTable.DisplayNameDigitShare),
        ["bio_length"] = nameof(AccountTable.BioLength),
        ["has_url"] = nameof(AccountTable.HasUrl),
    };

    /// <summary>The target column names a mapping may use.</summary>
    public static IReadOnlyCollection<string> Targets => Setters.Keys;

    /// <summary>
    /// The mapping for the Kaggle "Instagram fake spammer genuine accounts" <c>train.csv</c> (share-of-digits columns
    /// become the derived handle/name columns, <c>fake</c> the label).
    /// </summary>
    public static IReadOnlyList<string> InstagramKaggleMapping { get; } =
    [
        "profile pic=has_avatar", "nums/length username=handle_digit_share", "fullname words=display_name_words",
        "nums/length fullname=display_name_digit_share", "description length=bio_length", "external URL=has_url",
        "private=protected", "#posts=posts_count", "#followers=followers_count", "#follows=following_count", "fake=label",
    ];

    /// <summary>
    /// The mapping for Purba et al.'s (IJECE 2020) Instagram <c>user_fake_authentic_4class.csv</c>: posts, followers,
    /// following, bio length, profile picture and external link; class <c>r</c> (authentic) is genuine, <c>a</c>
    /// (active fake) and <c>i</c> (inactive fake) are fake (bought), <c>s</c> (spammer) is left unlabelled because a
    /// spammer is not a bought follower. The per-post statistics (<c>cl</c>, <c>erl</c>, <c>pi</c> …) have no contract
    /// column and are not imported.
    /// </summary>
    public static IReadOnlyList<string> InstagramPurbaMapping { get; } =
    [
        "pos=posts_count", "flw=followers_count", "flg=following_count", "bl=bio_length", "pic=has_avatar", "lin=has_url",
        "class=label[r:genuine,a:fake,i:fake,s:unknown]",
    ];

    /// <summary>Ready-made mappings by name, for <c>import csv --map NAME</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Presets { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["instagram-kaggle"] = InstagramKaggleMapping,
        ["instagram-purba"] = InstagramPurbaMapping,
    };

    /// <summary>Imports a CSV file through a mapping.</summary>
    /// <param name="path">The CSV file (header row required).</param>
    /// <param name="mapping">Entries <c>"source=target"</c>.</param>
    /// <param name="referenceTime">The dataset's "now" (UTC); inferred from the data when null.</param>
    /// <returns>Accounts, empty follows, rejections.</returns>
    /// <exception cref="InputDataException">Missing file, mapped column absent, or nothing mappable.</exception>
    /// <exception cref="ArgumentException">A mapping entry is malformed or names an unknown target.</exception>
    public static AuditDataset Import(string path, IEnumerable<string> mapping, DateTime? referenceTime = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw InputDataException.Missing(path, "a CSV file with one account per row");
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Import(reader, path, mapping, referenceTime);
    }

    /// <summary>Imports CSV text through a mapping.</summary>
    /// <param name="reader">The CSV.</param>
    /// <param name="name">File name for messages.</param>
    /// <param name="mapping">Entries <c>"source=target"</c>.</param>
    /// <param name="referenceTime">The dataset's "now" (UTC); inferred when null.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="InputDataException">Mapped column absent or nothing mappable.</exception>
    /// <exception cref="ArgumentException">Malformed mapping.</exception>
    public static AuditDataset Import(TextReader reader, string name, IEnumerable<string> mapping, DateTime? referenceTime = null) =>
        Import(reader, name, mapping, referenceTime, missing: null);

    /// <summary>
    /// Imports a CSV file through a ready-made mapping (<see cref="Presets"/>). A preset column the file lacks is not an
    /// error: that contract column is left missing and named in <c>MissingColumns</c> ("fullname words →
    /// display_name_words"), so a file with only some of the preset's columns still imports.
    /// </summary>
    /// <param name="path">The CSV file (header row required).</param>
    /// <param name="preset">A key of <see cref="Presets"/>.</param>
    /// <param name="referenceTime">The dataset's "now" (UTC); inferred from the data when null.</param>
    /// <returns>The dataset and the preset's columns the file lacks, in the preset's order.</returns>
    /// <exception cref="InputDataException">Missing file, or none of the preset's columns is in the file.</exception>
    /// <exception cref="ArgumentException"><paramref name="preset"/> is not a preset.</exception>
    public static (AuditDataset Dataset, IReadOnlyList<string> MissingColumns) ImportPreset(string path, string preset, DateTime? referenceTime = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Presets.TryGetValue(preset, out var mapping))
        {
            throw new ArgumentException($"'{preset}' is not a preset (presets: {string.Join(", ", Presets.Keys)}).", nameof(preset));
        }

        if (!File.Exists(path))
        {
            throw InputDataException.Missing(path, "a CSV file with one account per row");
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var missing = new List<string>();
        var dataset = Import(reader, path, mapping, referenceTime, missing);
        return (dataset, missing);
    }

    // missing: null = a mapped column the file lacks is an error; else it is skipped and listed there.
    private static AuditDataset Import(TextReader reader, string name, IEnumerable<string> mapping, DateTime? referenceTime, List<string>? missing)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(mapping);
        var explicitMap = ParseMapping(mapping, out var labelCodes);
        using var records = CsvRecordReader.Read(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InputDataException($"{name}: the file is empty; expected a CSV with a header row.");
        }

        var header = records.Current.Fields.Select(f => (f ?? "").Trim()).ToList();
        var columns = new List<(int Index, string Source, string Target)>();
        foreach (var (source, target) in explicitMap)
        {
            var index = header.FindIndex(h => string.Equals(h, source, StringComparison.OrdinalIgnoreCase));
            if (index < 0 && missing is not null)
            {
                missing.Add($"{source} → {target}");
                continue;
            }

            if (index < 0)
            {
                throw InputDataException.MissingColumn(name, source, header);
            }

            columns.Add((index, source, target));
        }

        for (var i = 0; i < header.Count; i++)
        {
            if (Setters.ContainsKey(header[i]) && columns.All(c => c.Index != i) && columns.All(c => !string.Equals(c.Target, header[i], StringComparison.OrdinalIgnoreCase)))
            {
                columns.Add((i, header[i], header[i].ToLowerInvariant()));
            }
        }

        if (columns.Count == 0 || columns.All(c => c.Target is "account_id" or "label"))
        {
            throw new InputDataException(
                $"{name}: no account column could be mapped (found: {string.Join(", ", header)}). Pass a mapping such as '#followers=followers_count'; targets: {string.Join(", ", Setters.Keys)}.");
        }

        var buffer = new AccountRowBuffer();
        foreach (var c in columns.Where(c => TargetProperty.ContainsKey(c.Target)))
        {
            buffer.MarkPresent(TargetProperty[c.Target]);
        }

        long dataRow = -1;
        while (records.MoveNext())
        {
            dataRow++;
            var record = records.Current;
            void Reject(string column, string reason, string detail) =>
                buffer.Rejections.Add(new Rejection(name, dataRow, column, reason, string.Create(CultureInfo.InvariantCulture, $"line {record.Line}: {detail}")));
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

            var row = new AccountRow { Id = dataRow + 1 };
            var ok = true;
            foreach (var (index, source, target) in columns)
            {
                var value = record.Fields[index];
                try
                {
                    if (target == "label" && labelCodes is not null && value is not null)
                    {
                        value = labelCodes.TryGetValue(value.Trim(), out var translated)
                            ? translated
                            : throw new FormatException($"not one of the mapped label codes ({string.Join(", ", labelCodes.Keys)})");
                    }

                    Setters[target](row, value);
                }
                catch (FormatException ex)
                {
                    var reason = target == "account_id" && CellParser.IsBlank(value) ? RejectionReasons.NullId
                        : ex.Message.Contains("negative", StringComparison.Ordinal) ? RejectionReasons.NegativeCount : RejectionReasons.InvalidValue;
                    Reject(source, reason, $"'{source}' = '{value}': {ex.Message}");
                    ok = false;
                    break;
                }
            }

            if (ok)
            {
                buffer.Add(row, name, dataRow);
            }
        }


        var dataset = buffer.Build();
        return referenceTime is null ? dataset : new AuditDataset(dataset.Accounts, dataset.Follows, rejections: dataset.Rejections, referenceTime: referenceTime);
    }

    private static List<(string Source, string Target)> ParseMapping(IEnumerable<string> mapping, out Dictionary<string, string>? labelCodes)
    {
        var result = new List<(string, string)>();
        labelCodes = null;
        foreach (var raw in mapping)
        {
            var entry = raw;
            var bracket = entry.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0 && entry.EndsWith(']'))
            {
                // "class=label[r:genuine,a:fake]": the file's own label codes, translated before parsing.
                labelCodes = ParseLabelCodes(raw, entry[(bracket + 1)..^1]);
                entry = entry[..bracket];
                if (!entry.Trim().EndsWith("=label", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"Mapping entry '{raw}': only the label target takes codes in brackets.", nameof(mapping));
                }
            }

            var at = entry.LastIndexOf('=');
            if (at <= 0 || at == entry.Length - 1)
            {
                throw new ArgumentException($"Mapping entry '{entry}' must look like 'source_column=target' (e.g. '#followers=followers_count').", nameof(mapping));
            }

            var source = entry[..at].Trim();
            var target = entry[(at + 1)..].Trim().ToLowerInvariant();
            target = target switch { "friends_count" => "following_count", "statuses_count" => "posts_count", "id" => "account_id", _ => target };
            if (!Setters.ContainsKey(target))
            {
                throw new ArgumentException($"Mapping entry '{entry}': unknown target '{target}' (targets: {string.Join(", ", Setters.Keys)}).", nameof(mapping));
            }

            result.Add((source, target));
        }

        return result;
    }

    private static Dictionary<string, string> ParseLabelCodes(string entry, string codes)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in codes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            var label = colon > 0 ? pair[(colon + 1)..].Trim().ToLowerInvariant() : "";
            if (colon <= 0 || label is not ("genuine" or "fake" or "unknown"))
            {
                throw new ArgumentException($"Mapping entry '{entry}': '{pair}' must look like 'code:genuine', 'code:fake' or 'code:unknown'.", nameof(entry));
            }

            result[pair[..colon].Trim()] = label;
        }

        return result;
    }

    /// <summary>Typed cell parsing that throws <see cref="FormatException"/> with a short reason.</summary>
    private static class Cell
    {
        public static long? Long(string? v) => CellParser.TryLong(v, out var x) ? x : throw new FormatException("not an integer");

        public static long? Count(string? v)
        {
            var x = Long(v);
            return x < 0 ? throw new FormatException("negative count") : x;
        }

        public static double? Share(string? v)
        {
            if (!CellParser.TryDouble(v, out var x))
            {
                throw new FormatException("not a number");
            }

            return x is < 0 or > 1 ? throw new FormatException("a share must be in [0, 1]") : x;
        }

        public static bool? Bool(string? v) => CellParser.TryBool(v, null, out var x) ? x : throw new FormatException("not a boolean (1/0, true/false)");

        public static DateTime? Time(string? v) => CellParser.TryTimestamp(v, out var x) ? x : throw new FormatException("not a timestamp (ISO 8601 or Unix time)");

        public static AccountLabel Label(string? v) => (v ?? "").Trim().ToUpperInvariant() switch
        {
            "" or "UNKNOWN" => AccountLabel.Unknown,
            "1" or "FAKE" or "BOT" or "TRUE" or "SPAM" => AccountLabel.Fake,
            "0" or "GENUINE" or "HUMAN" or "FALSE" or "REAL" => AccountLabel.Genuine,
            _ => throw new FormatException("not a label (1/fake or 0/genuine)"),
        };
    }
}
