using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FollowerAudit.Core.Model;
using FollowerAudit.IO.Sources;
using static FollowerAudit.IO.Sources.JsonFields;

namespace FollowerAudit.IO.Import;

/// <summary>
/// Imports the followers of an Instagram account from its owner's "Download your information" export: the files
/// <c>followers_1.json</c>, <c>followers_2.json</c>, … (under <c>connections/followers_and_following/</c>), each a list
/// of entries whose <c>string_list_data</c> holds <c>{href, value, timestamp}</c>: the follower's profile link,
/// username and the Unix time the follow happened. The HTML variant of the export (<c>followers_1.html</c>: a link per
/// follower followed by the date) is read too.
/// </summary>
/// <remarks>
/// Instagram exports no ids, so <c>account_id</c> is <see cref="FetchedDataset.StableId"/> of
/// <c>instagram:USERNAME</c>; only <c>handle</c> is filled in <c>accounts</c>, and <c>followed_at</c> and
/// <c>follow_rank</c> in <c>follows</c>: enough for follower bursts and arrival timing, not for profile scoring.
/// The audited account is the export's owner: named with <c>account</c>, else read from
/// <c>personal_information/personal_information.json</c>. The HTML dates are in the export's local time zone, which
/// the file does not name: they are read as UTC.
/// </remarks>
public static partial class InstagramExportImporter
{
    private const int MaxDepth = 4;

    /// <summary>The followers files of an export folder, in part order (followers_1, followers_2, …).</summary>
    /// <param name="folder">The export folder (or the folder holding the followers files).</param>
    /// <returns>Their paths.</returns>
    /// <exception cref="InputDataException">The folder is missing or holds no followers file.</exception>
    public static IReadOnlyList<string> FindFollowerFiles(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw InputDataException.Missing(folder, "the folder of an Instagram 'Download your information' export");
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = MaxDepth, AttributesToSkip = FileAttributes.ReparsePoint };
        var files = Directory.EnumerateFiles(folder, "followers*.*", options)
            .Where(f => FollowersFile().IsMatch(Path.GetFileName(f)))
            .ToList();

        // JSON when the export has it; the HTML variant otherwise.
        var json = files.Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).ToList();
        var chosen = json.Count > 0 ? json : files;
        if (chosen.Count == 0)
        {
            throw new InputDataException($"{folder}: no followers_1.json (or followers_1.html) found. Request 'Followers and following' in Instagram's 'Download your information', unzip it, and give the unzipped folder.");
        }

        return [.. chosen.OrderBy(f => Part(f)).ThenBy(f => f, StringComparer.Ordinal)];
    }

    /// <summary>Imports the export.</summary>
    /// <param name="folder">The export folder.</param>
    /// <param name="account">The owner's username, or null to read it from the export.</param>
    /// <returns>The dataset: the owner, its followers with follow times and ranks, and the rejected rows.</returns>
    /// <exception cref="InputDataException">No followers file, a file that is not valid JSON or not a followers list, or no owner name.</exception>
    public static AuditDataset Import(string folder, string? account)
    {
        var files = FindFollowerFiles(folder);
        var owner = account?.Trim().TrimStart('@') ?? OwnerFromExport(folder)
            ?? throw new InputDataException($"{folder}: the export does not name its owner (no personal_information/personal_information.json). Name the account with --account USERNAME.");
        var entries = new List<(string User, DateTime? At)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rejections = new List<Rejection>();
        foreach (var file in files)
        {
            var read = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(file) : ReadHtml(file);
            for (var i = 0; i < read.Count; i++)
            {
                var (user, at) = read[i];
                if (!seen.Add(user))
                {
                    rejections.Add(new Rejection(file, i, "value", RejectionReasons.DuplicateEdge, $"follower {user} appears again; the first is kept"));
                    continue;
                }

                entries.Add((user, at));
            }
        }

        // Newest follow first, as the platforms list them; entries without a time keep their place at the end.
        var ordered = entries.Select((e, i) => (e.User, e.At, Index: i))
            .OrderByDescending(e => e.At ?? DateTime.MinValue).ThenBy(e => e.Index).ToList();
        var audited = Account(owner);
        var followers = ordered.Select(e => Account(e.User)).ToList();
        return FetchedDataset.Build(audited, followers, [.. ordered.Select(e => e.At)], [], [nameof(AccountTable.Handle)], rejections);
    }

    private static FetchedAccount Account(string username) =>
        new("instagram:" + username.ToLowerInvariant(), FetchedDataset.StableId("instagram:" + username.ToLowerInvariant())) { Handle = username };

    private static List<(string User, DateTime? At)> ReadJson(string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file, Encoding.UTF8));
        }
        catch (JsonException ex)
        {
            throw new InputDataException($"{file}: not valid JSON ({ex.Message.Split('.')[0]}); the file may be cut short. Unzip the export again.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var list = root.ValueKind == JsonValueKind.Array ? root
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("relationships_followers", out var r) ? r
                : throw new InputDataException($"{file}: not a followers list (expected a list of entries with string_list_data, or 'relationships_followers'). Is it the 'following' file?");
            var result = new List<(string User, DateTime? At)>();
            foreach (var entry in list.EnumerateArray())
            {
                if (!entry.TryGetProperty("string_list_data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
                {
                    throw new InputDataException($"{file}: entry {result.Count + 1} has no string_list_data; this is not Instagram's followers export.");
                }

                var item = data[0];
                var user = Text(item, "value") ?? (Text(entry, "title") is { Length: > 0 } title ? title : null) ?? UserFromLink(Text(item, "href"));
                if (string.IsNullOrWhiteSpace(user))
                {
                    continue;
                }

                var at = item.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
                    : (DateTime?)null;
                result.Add((user, at));
            }

            return result;
        }
    }

    private static List<(string User, DateTime? At)> ReadHtml(string file)
    {
        var html = File.ReadAllText(file, Encoding.UTF8);
        var result = new List<(string User, DateTime? At)>();
        foreach (Match match in HtmlEntry().Matches(html))
        {
            var user = WebUtility.HtmlDecode(match.Groups["text"].Value).Trim();
            if (user.Length == 0)
            {
                user = UserFromLink(match.Groups["href"].Value) ?? "";
            }

            var date = WebUtility.HtmlDecode(match.Groups["date"].Value).Trim();
            DateTime? at = DateTime.TryParseExact(date, ["MMM dd, yyyy, h:mm tt", "MMM d, yyyy, h:mm tt", "MMM dd, yyyy h:mm tt", "MMM d, yyyy h:mm tt"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
                ? parsed
                : null;
            if (user.Length > 0)
            {
                result.Add((user, at));
            }
        }

        if (result.Count == 0 && html.Contains("instagram.com", StringComparison.Ordinal) is false)
        {
            throw new InputDataException($"{file}: no follower links found; this is not Instagram's followers export.");
        }

        return result;
    }

    private static string? UserFromLink(string? href)
    {
        if (href is null || !Uri.TryCreate(href, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        return segments[^1] is { Length: > 0 } last ? last : null;
    }

    private static string? OwnerFromExport(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = MaxDepth, AttributesToSkip = FileAttributes.ReparsePoint };
        var file = Directory.EnumerateFiles(folder, "personal_information.json", options).FirstOrDefault();
        if (file is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file, Encoding.UTF8));
            return document.RootElement.TryGetProperty("profile_user", out var users) && users.ValueKind == JsonValueKind.Array && users.GetArrayLength() > 0
                && users[0].TryGetProperty("string_map_data", out var map) && map.TryGetProperty("Username", out var name)
                ? Text(name, "value")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int Part(string file) =>
        FollowersFile().Match(Path.GetFileName(file)) is { Success: true } m && m.Groups["n"].Success ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("^followers(_(?<n>[0-9]{1,6}))?\\.(json|html)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FollowersFile();

    [GeneratedRegex("<a[^>]*href=\"(?<href>https?://(www\\.)?instagram\\.com/[^\"]*)\"[^>]*>(?<text>[^<]*)</a>\\s*(</div>\\s*)?<div>(?<date>[^<]*)</div>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HtmlEntry();
}
