using System.Globalization;
using System.Text;
using System.Text.Json;
using FollowerAudit.Core.Model;
using FollowerAudit.IO.Sources;
using static FollowerAudit.IO.Sources.JsonFields;

namespace FollowerAudit.IO.Import;

/// <summary>
/// Imports saved responses of the X API v2 followers endpoint (<c>GET /2/users/:id/followers</c>): each a JSON object
/// with <c>data</c> (user objects), optional <c>includes</c> and <c>meta</c> (<c>result_count</c>,
/// <c>next_token</c>), one per file or one per line (JSON lines). A user lookup response (<c>data</c> is one object,
/// from <c>GET /2/users/:id</c> or <c>/2/users/by/username/:username</c>) among them names the audited account.
/// </summary>
/// <remarks>
/// <para>
/// Pages are read in the order given (files, then lines), which must be the order they were fetched: the API lists
/// the newest follower first, so the last follower of the last page is the earliest (<c>follow_rank</c> 0). A page seen
/// twice (same followers and <c>next_token</c>) is skipped; a follower seen again is a <c>duplicate-edge</c> rejection.
/// </para>
/// <para>
/// User fields: <c>username</c>, <c>name</c>, <c>created_at</c>, <c>public_metrics</c> (<c>followers_count</c>,
/// <c>following_count</c>, <c>tweet_count</c>, <c>listed_count</c>, <c>like_count</c> = likes given),
/// <c>description</c>, <c>location</c>, <c>url</c>, <c>verified</c>, <c>protected</c> and <c>profile_image_url</c>
/// (<c>has_avatar</c> is false for the <c>default_profile_images/</c> picture). A field the request did not ask for
/// (<c>user.fields</c>) leaves its column empty. <c>includes</c> (pinned posts) is not used.
/// </para>
/// </remarks>
public static class XApiFollowersImporter
{
    private static readonly string[] Columns =
    [
        nameof(AccountTable.Handle), nameof(AccountTable.DisplayName), nameof(AccountTable.CreatedAt), nameof(AccountTable.FollowersCount),
        nameof(AccountTable.FollowingCount), nameof(AccountTable.PostsCount), nameof(AccountTable.LikesGivenCount), nameof(AccountTable.ListedCount),
        nameof(AccountTable.Bio), nameof(AccountTable.Location), nameof(AccountTable.Url), nameof(AccountTable.HasAvatar),
        nameof(AccountTable.Verified), nameof(AccountTable.Protected),
    ];

    /// <summary>Imports the pages.</summary>
    /// <param name="paths">The saved responses, in the order they were fetched.</param>
    /// <param name="followee">The audited account's numeric user id, when no user lookup response is among the files.</param>
    /// <returns>The dataset: the audited account, its followers with ranks, and the rejected duplicates.</returns>
    /// <exception cref="InputDataException">A file is missing, not JSON, cut short, or a response of another endpoint; or the audited account is unknown.</exception>
    public static AuditDataset Import(IReadOnlyList<string> paths, long? followee)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var followers = new List<FetchedAccount>();
        var seenFollowers = new HashSet<long>();
        var seenPages = new HashSet<string>(StringComparer.Ordinal);
        var rejections = new List<Rejection>();
        FetchedAccount? audited = null;
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw InputDataException.Missing(path, "a saved X API v2 followers response (JSON or JSON lines)");
            }

            foreach (var (line, root) in Responses(path))
            {
                var where = line is null ? path : string.Create(CultureInfo.InvariantCulture, $"{path} line {line}");
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data))
                {
                    if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out _) && root.TryGetProperty("meta", out _))
                    {
                        // An error-only page (e.g. every follower suspended): nothing to import.
                        continue;
                    }

                    throw new InputDataException($"{where}: not an X API v2 response (no 'data'). Save the body of GET /2/users/:id/followers as it came.");
                }

                if (data.ValueKind == JsonValueKind.Object)
                {
                    audited = User(where, data);
                    continue;
                }

                if (data.ValueKind != JsonValueKind.Array)
                {
                    throw new InputDataException($"{where}: 'data' is neither a list of users nor one user.");
                }

                var users = data.EnumerateArray().Select(u => User(where, u)).ToList();
                var next = root.TryGetProperty("meta", out var meta) ? Text(meta, "next_token") : null;
                if (users.Count > 0 && !seenPages.Add($"{users[0].Id}/{users[^1].Id}/{users.Count}/{next}"))
                {
                    continue;
                }

                foreach (var user in users)
                {
                    if (!seenFollowers.Add(user.Id))
                    {
                        rejections.Add(new Rejection(path, followers.Count, "id", RejectionReasons.DuplicateEdge, $"{(line is null ? "" : $"line {line}: ")}follower {user.Id} appears again; the first (newest) place is kept"));
                        continue;
                    }

                    followers.Add(user);
                }
            }
        }

        audited ??= followee is { } id
            ? new FetchedAccount(id.ToString(CultureInfo.InvariantCulture), id)
            : throw new InputDataException("The pages do not say whose followers they are: give the audited account's numeric user id with --followee ID, or add the saved response of GET /2/users/:id for it.");
        if (followee is { } given && given != audited.Id)
        {
            throw new InputDataException($"--followee {given} differs from the user lookup response among the files (id {audited.Id}); give one or the other.");
        }

        return FetchedDataset.Build(audited, followers, null, [], Columns, rejections);
    }

    private static List<(long? Line, JsonElement Root)> Responses(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        JsonElement whole;
        try
        {
            using var document = JsonDocument.Parse(text);
            whole = document.RootElement.Clone();
        }
        catch (JsonException ex) when (text.TrimEnd().Contains('\n', StringComparison.Ordinal) && text.TrimStart().StartsWith('{'))
        {
            // Not one document: JSON lines, one response per line.
            return Lines(path, text, ex);
        }
        catch (JsonException ex)
        {
            throw Truncated(path, null, ex);
        }

        return [(null, whole)];
    }

    private static List<(long? Line, JsonElement Root)> Lines(string path, string text, JsonException wholeError)
    {
        var lines = text.Split('\n');
        var result = new List<(long? Line, JsonElement Root)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(lines[i]);
                result.Add((i + 1, document.RootElement.Clone()));
            }
            catch (JsonException ex)
            {
                // A pretty-printed document cut short reads as bad "lines": report the whole file's error then.
                throw result.Count == 0 ? Truncated(path, null, wholeError) : Truncated(path, i + 1, ex);
            }
        }

        return result;
    }

    private static InputDataException Truncated(string path, long? line, JsonException ex) =>
        new($"{path}{(line is null ? "" : string.Create(CultureInfo.InvariantCulture, $" line {line}"))}: not valid JSON ({ex.Message.Split('.')[0]}); the file may be cut short. Save the response again.", ex);

    private static FetchedAccount User(string where, JsonElement u)
    {
        if (Text(u, "id") is not { } key || !long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new InputDataException($"{where}: an item without a numeric 'id'; expected X API v2 user objects.");
        }

        if (Text(u, "username") is not { } username)
        {
            var kind = u.TryGetProperty("text", out _) ? " (its items have 'text': posts, not users)" : "";
            throw new InputDataException($"{where}: item {key} has no 'username': this is not a response of the followers endpoint{kind}. Save the pages of GET /2/users/:id/followers.");
        }

        var metrics = u.TryGetProperty("public_metrics", out var m) ? m : default;
        return new FetchedAccount(key, id)
        {
            Handle = username,
            DisplayName = Text(u, "name"),
            CreatedAt = DateTimeOffset.TryParse(Text(u, "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime : null,
            Followers = Count(metrics, "followers_count"),
            Following = Count(metrics, "following_count"),
            Posts = Count(metrics, "tweet_count"),
            Listed = Count(metrics, "listed_count"),
            LikesGiven = Count(metrics, "like_count"),
            Bio = Text(u, "description"),
            Location = Text(u, "location"),
            Url = Text(u, "url"),
            HasAvatar = Text(u, "profile_image_url") is { } image ? !image.Contains("default_profile_images/", StringComparison.Ordinal) : null,
            Verified = Flag(u, "verified"),
            Protected = Flag(u, "protected"),
        };
    }
}
