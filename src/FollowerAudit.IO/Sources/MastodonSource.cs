using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FollowerAudit.Core.Model;
using static FollowerAudit.IO.Sources.JsonFields;

namespace FollowerAudit.IO.Sources;

/// <summary>
/// Fetches a Mastodon account through its instance's public API, no login: <c>GET /api/v1/accounts/lookup</c>,
/// <c>GET /api/v1/accounts/:id/followers</c> (80 a page, newest follow first, paged by the <c>Link</c> header's
/// <c>rel="next"</c>) and <c>GET /api/v1/accounts/:id/statuses</c> (<c>exclude_reblogs</c>) for its recent posts.
/// </summary>
/// <remarks>
/// Ids are the instance's numeric account and status ids. Handles are <c>acct</c>, qualified with the instance for
/// local accounts (<c>alice@example.social</c>). <c>bio</c> is the note without HTML; <c>url</c> is the first link
/// among the profile fields; <c>has_avatar</c> is false for the default <c>avatars/original/missing.png</c>;
/// <c>protected</c> is <c>locked</c>; <c>last_post_at</c> is <c>last_status_at</c> (a date). <c>bot</c> has no
/// contract column (it is counted in the fetch summary). An account that hides its followers (an empty list while
/// its count is not zero) or an instance that requires sign-in is refused with a message saying so.
/// </remarks>
public sealed partial class MastodonSource : FollowerSource
{
    /// <summary>Followers per page (the API's maximum).</summary>
    public const int PageSize = 80;

    private readonly string _user;
    private readonly string _instance;

    /// <summary>Creates the source.</summary>
    /// <param name="http">The client.</param>
    /// <param name="service">The instance's address (null: <c>https://INSTANCE</c>).</param>
    /// <param name="account">The account as <c>@user@instance</c> (or <c>user@instance</c>).</param>
    /// <exception cref="ArgumentException">The account is not of that form.</exception>
    public MastodonSource(PoliteHttpClient http, Uri? service, string account)
        : base(http, service ?? ServiceFor(account))
    {
        (_user, _instance) = Split(account);
    }

    /// <inheritdoc/>
    public override string Name => "mastodon";

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> Columns { get; } =
    [
        nameof(AccountTable.Handle), nameof(AccountTable.DisplayName), nameof(AccountTable.CreatedAt), nameof(AccountTable.FollowersCount),
        nameof(AccountTable.FollowingCount), nameof(AccountTable.PostsCount), nameof(AccountTable.Bio), nameof(AccountTable.Url),
        nameof(AccountTable.HasAvatar), nameof(AccountTable.Protected), nameof(AccountTable.LastPostAt),
    ];

    /// <summary>The instance's default address for an account: <c>https://INSTANCE</c>.</summary>
    /// <param name="account">The account as <c>@user@instance</c>.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentException">The account is not of that form.</exception>
    public static Uri ServiceFor(string account) => new("https://" + Split(account).Instance);

    /// <inheritdoc/>
    protected override async Task<FetchedAccount> FetchAccountAsync(CancellationToken cancellationToken)
    {
        var uri = On("/api/v1/accounts/lookup?acct=" + Uri.EscapeDataString(_user));
        var (response, json) = await GetJsonAsync(uri, cancellationToken).ConfigureAwait(false);
        using (json)
        {
            if (response.Status == HttpStatusCode.NotFound || response.Status == HttpStatusCode.Gone)
            {
                throw new InputDataException($"{_instance} has no account '{_user}' (HTTP {(int)response.Status}). Check the handle: @user@instance, with the instance where the account lives.");
            }

            Refused(uri, response, json);
            return Account(uri, json!.RootElement);
        }
    }

    /// <inheritdoc/>
    protected override async Task<FetchedPage> FetchFollowerPageAsync(FetchedAccount audited, string? cursor, bool first, CancellationToken cancellationToken)
    {
        var uri = cursor is null ? On($"/api/v1/accounts/{Uri.EscapeDataString(audited.Key)}/followers?limit={PageSize}") : new Uri(cursor);
        var (response, json) = await GetJsonAsync(uri, cancellationToken).ConfigureAwait(false);
        using (json)
        {
            if (response.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new InputDataException($"{_instance} lists followers only to signed-in users (HTTP {(int)response.Status}), so the followers of @{_user}@{_instance} cannot be fetched without an account there. Ask the account owner for an export, or audit another platform.");
            }

            Refused(uri, response, json);
            if (json!.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(uri, "the followers answer is not a list");
            }

            var accounts = json.RootElement.EnumerateArray().Select(a => Account(uri, a)).ToList();
            if (first && accounts.Count == 0 && audited.Followers > 0)
            {
                throw new InputDataException($"@{_user}@{_instance} hides its follower list (it has {audited.Followers:N0} followers but the instance lists none), so its followers cannot be audited from the API. Ask the account owner for an export of their followers.");
            }

            return new FetchedPage(accounts.Count == 0 ? null : NextLink(response), accounts);
        }
    }

    /// <inheritdoc/>
    protected override async Task<FetchedPage> FetchPostPageAsync(FetchedAccount audited, string? cursor, CancellationToken cancellationToken)
    {
        var uri = cursor is null ? On($"/api/v1/accounts/{Uri.EscapeDataString(audited.Key)}/statuses?limit=40&exclude_reblogs=true") : new Uri(cursor);
        var (response, json) = await GetJsonAsync(uri, cancellationToken).ConfigureAwait(false);
        using (json)
        {
            Refused(uri, response, json);
            if (json!.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(uri, "the statuses answer is not a list");
            }

            var posts = new List<FetchedPost>();
            foreach (var s in json.RootElement.EnumerateArray())
            {
                if (Text(s, "id") is not { } key || !long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    || (s.TryGetProperty("reblog", out var reblog) && reblog.ValueKind == JsonValueKind.Object))
                {
                    continue;
                }

                posts.Add(new FetchedPost(key, id, Time(Text(s, "created_at")), Count(s, "favourites_count"), Count(s, "replies_count"), Count(s, "reblogs_count")));
            }

            return new FetchedPage(posts.Count == 0 ? null : NextLink(response), Posts: posts);
        }
    }

    private static void Refused(Uri uri, FetchResponse response, JsonDocument? json)
    {
        if (!response.IsSuccess || json is null)
        {
            var error = json is { RootElement.ValueKind: JsonValueKind.Object } ? ": " + Text(json.RootElement, "error") : "";
            throw Malformed(uri, $"HTTP {(int)response.Status}{error}");
        }
    }

    // Link: <https://host/api/v1/accounts/1/followers?max_id=7>; rel="next", <…>; rel="prev". Only a next page on the
    // same service is followed: an answer can never send the fetch to another host.
    private string? NextLink(FetchResponse response)
    {
        if (response.Link is null)
        {
            return null;
        }

        foreach (Match match in LinkPart().Matches(response.Link))
        {
            if (match.Groups["rel"].Value.Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase)
                && Uri.TryCreate(match.Groups["uri"].Value, UriKind.Absolute, out var next))
            {
                return IsOnService(next) ? next.AbsoluteUri : throw Malformed(response.Uri, $"the next page is on another host ({next.GetLeftPart(UriPartial.Authority)})");
            }
        }

        return null;
    }

    private FetchedAccount Account(Uri uri, JsonElement a)
    {
        var id = Text(a, "id");
        if (a.ValueKind != JsonValueKind.Object || id is null || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw Malformed(uri, "an account without a numeric 'id'");
        }

        var acct = Text(a, "acct");
        return new FetchedAccount(id, number)
        {
            Handle = acct is null ? null : acct.Contains('@', StringComparison.Ordinal) ? acct : acct + "@" + _instance,
            DisplayName = Text(a, "display_name"),
            CreatedAt = Time(Text(a, "created_at")),
            Followers = Count(a, "followers_count"),
            Following = Count(a, "following_count"),
            Posts = Count(a, "statuses_count"),
            Bio = PlainText(Text(a, "note")),
            Url = FieldLink(a),
            HasAvatar = Text(a, "avatar") is { } avatar ? !avatar.EndsWith("/avatars/original/missing.png", StringComparison.Ordinal) : null,
            Protected = Flag(a, "locked"),
            LastPostAt = Time(Text(a, "last_status_at")),
            Bot = Flag(a, "bot"),
        };
    }

    private static string? FieldLink(JsonElement a)
    {
        if (!a.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var field in fields.EnumerateArray())
        {
            if (Text(field, "value") is { } value && Href().Match(value) is { Success: true } href)
            {
                return WebUtility.HtmlDecode(href.Groups[1].Value);
            }
        }

        return "";
    }

    private static string? PlainText(string? html) =>
        html is null ? null : WebUtility.HtmlDecode(Tag().Replace(LineBreak().Replace(html, "\n"), "")).Trim();

    private static (string User, string Instance) Split(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var parts = account.Trim().TrimStart('@').Split('@');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0 || Uri.CheckHostName(parts[1]) == UriHostNameType.Unknown)
        {
            throw new ArgumentException($"'{account}' is not a Mastodon account: write it as @user@instance, e.g. @Gargron@mastodon.social.", nameof(account));
        }

        return (parts[0], parts[1].ToLowerInvariant());
    }

    [GeneratedRegex("<(?<uri>[^>]*)>\\s*;[^,]*?rel=\"?(?<rel>[^\",;]+)\"?", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPart();

    [GeneratedRegex("href=\"([^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Href();

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex("<br\\s*/?>|</p>\\s*<p>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();
}
