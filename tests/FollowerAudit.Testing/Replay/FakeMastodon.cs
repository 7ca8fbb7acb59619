using System.Globalization;
using System.Text.Json;

namespace FollowerAudit.Testing.Replay;

/// <summary>
/// A Mastodon instance in miniature, answering <c>accounts/lookup</c>, <c>accounts/:id/followers</c> and
/// <c>accounts/:id/statuses</c> in the REST API's wire format: Account and Status entities, <c>Link</c> header paging
/// by <c>max_id</c>, <c>X-RateLimit-*</c> headers, <c>{"error": …}</c> bodies. Follower <c>i</c> is the i-th earliest.
/// </summary>
public sealed class FakeMastodon(int followers, int statuses = 30)
{
    public const string Instance = "example.social";
    public const string User = "target";
    public const string TargetId = "109000000000000001";
    private static readonly DateTime Epoch = new(2022, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly HashSet<int> _deleted = [];
    private readonly Lock _lock = new();

    public int FollowerCount { get; } = followers;

    /// <summary>The account hides its followers: the list is empty whatever its count.</summary>
    public bool HideFollowers { get; set; }

    /// <summary>The instance answers 401 to unauthenticated follower requests.</summary>
    public bool RequireSignIn { get; set; }

    public Func<ReplayRequest, ReplayResponse?>? Intercept { get; set; }

    public static long FollowerId(int i) => 110_000_000_000_000_000L + i;

    public void Delete(int follower)
    {
        lock (_lock)
        {
            _deleted.Add(follower);
        }
    }

    public ReplayResponse Respond(ReplayRequest request)
    {
        if (Intercept?.Invoke(request) is { } intercepted)
        {
            return intercepted;
        }

        var baseUri = "http://" + request.Headers["host"];
        if (request.Path == "/api/v1/accounts/lookup")
        {
            return request.One("acct") == User ? Ok(Target(), null) : new ReplayResponse(404, """{"error":"Record not found"}""");
        }

        if (request.Path == $"/api/v1/accounts/{TargetId}/followers")
        {
            return RequireSignIn ? new ReplayResponse(401, """{"error":"This API requires an authenticated user"}""") : Followers(request, baseUri);
        }

        if (request.Path == $"/api/v1/accounts/{TargetId}/statuses")
        {
            return Statuses(request, baseUri);
        }

        return new ReplayResponse(404, """{"error":"Record not found"}""");
    }

    private static ReplayResponse Ok(object body, string? link)
    {
        var headers = new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = "300",
            ["X-RateLimit-Remaining"] = "299",
            ["X-RateLimit-Reset"] = "2030-01-01T00:05:00.000Z",
        };
        if (link is not null)
        {
            headers["Link"] = link;
        }

        return ReplayResponse.Json(JsonSerializer.Serialize(body), headers);
    }

    private ReplayResponse Followers(ReplayRequest request, string baseUri)
    {
        var limit = Math.Clamp(int.Parse(request.One("limit") ?? "40", CultureInfo.InvariantCulture), 1, 80);

        // Pages are keyed by the follow relationship's id (max_id): newest follow first.
        var maxId = request.One("max_id") is { } m ? long.Parse(m, CultureInfo.InvariantCulture) : long.MaxValue;
        var page = new List<(int Index, long FollowId)>();
        if (!HideFollowers)
        {
            for (var i = FollowerCount - 1; i >= 0 && page.Count < limit; i--)
            {
                var followId = 5_000 + i;
                bool deleted;
                lock (_lock)
                {
                    deleted = _deleted.Contains(i);
                }

                if (followId < maxId && !deleted)
                {
                    page.Add((i, followId));
                }
            }
        }

        var path = $"{baseUri}/api/v1/accounts/{TargetId}/followers";
        var link = page.Count == limit
            ? string.Create(CultureInfo.InvariantCulture, $"<{path}?limit={limit}&max_id={page[^1].FollowId}>; rel=\"next\", <{path}?limit={limit}&since_id={page[0].FollowId}>; rel=\"prev\"")
            : page.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"<{path}?limit={limit}&since_id={page[0].FollowId}>; rel=\"prev\"") : null;
        return Ok(page.Select(p => Follower(p.Index)).ToList(), link);
    }

    private ReplayResponse Statuses(ReplayRequest request, string baseUri)
    {
        var limit = Math.Clamp(int.Parse(request.One("limit") ?? "20", CultureInfo.InvariantCulture), 1, 40);
        var maxId = request.One("max_id") is { } m ? long.Parse(m, CultureInfo.InvariantCulture) : long.MaxValue;
        var page = Enumerable.Range(0, statuses).Select(k => (K: k, Id: 111_000_000_000_000_000L + statuses - k)).Where(s => s.Id < maxId).Take(limit).ToList();
        var body = page.Select(s => new Dictionary<string, object?>
        {
            ["id"] = s.Id.ToString(CultureInfo.InvariantCulture),
            ["created_at"] = Iso(Epoch.AddDays(600).AddHours(-20 * s.K)),
            ["in_reply_to_id"] = null,
            ["sensitive"] = false,
            ["visibility"] = "public",
            ["uri"] = $"https://{Instance}/users/{User}/statuses/{s.Id}",
            ["replies_count"] = s.K % 5,
            ["reblogs_count"] = s.K % 6,
            ["favourites_count"] = 20 + s.K,
            ["content"] = "<p>status</p>",
            ["reblog"] = null,
            ["account"] = Target(),
        }).ToList();
        var path = $"{baseUri}/api/v1/accounts/{TargetId}/statuses";
        var link = page.Count == limit ? string.Create(CultureInfo.InvariantCulture, $"<{path}?limit={limit}&exclude_reblogs=true&max_id={page[^1].Id}>; rel=\"next\"") : null;
        return Ok(body, link);
    }

    private Dictionary<string, object?> Target() => Account(TargetId, User, User, "Target", Epoch.AddDays(-400), FollowerCount, 150, statuses, bot: false, avatar: true, "<p>Audited &amp; fetched.</p>");

    private Dictionary<string, object?> Follower(int i)
    {
        var random = new Random(HashCode.Combine(i, 11));
        var bought = i % 10 == 3;
        var username = "user" + i.ToString(CultureInfo.InvariantCulture);
        var acct = i % 2 == 0 ? username : username + "@remote.example";
        return Account(
            FollowerId(i).ToString(CultureInfo.InvariantCulture),
            username,
            acct,
            bought ? "" : "User " + i.ToString(CultureInfo.InvariantCulture),
            Epoch.AddDays(500.0 * i / Math.Max(1, FollowerCount)).AddDays(-random.Next(0, 200)).Date,
            bought ? 0 : random.Next(3, 900),
            bought ? random.Next(800, 2_000) : random.Next(10, 400),
            bought ? 0 : random.Next(1, 3_000),
            bot: i % 50 == 7,
            avatar: !bought,
            bought ? "" : "<p>Hi, I'm user " + i.ToString(CultureInfo.InvariantCulture) + "<br>I post &lt;things&gt;</p>");
    }

    private static Dictionary<string, object?> Account(string id, string username, string acct, string name, DateTime created, long followers, long following, long statuses, bool bot, bool avatar, string note) => new()
    {
        ["id"] = id,
        ["username"] = username,
        ["acct"] = acct,
        ["display_name"] = name,
        ["locked"] = false,
        ["bot"] = bot,
        ["discoverable"] = true,
        ["group"] = false,
        ["created_at"] = Iso(created),
        ["note"] = note,
        ["url"] = $"https://{Instance}/@{username}",
        ["avatar"] = avatar ? $"https://files.{Instance}/accounts/avatars/000/000/{id[^3..]}/original/a.png" : $"https://{Instance}/avatars/original/missing.png",
        ["avatar_static"] = avatar ? $"https://files.{Instance}/accounts/avatars/000/000/{id[^3..]}/original/a.png" : $"https://{Instance}/avatars/original/missing.png",
        ["header"] = $"https://{Instance}/headers/original/missing.png",
        ["header_static"] = $"https://{Instance}/headers/original/missing.png",
        ["followers_count"] = followers,
        ["following_count"] = following,
        ["statuses_count"] = statuses,
        ["last_status_at"] = statuses > 0 ? "2024-05-01" : null,
        ["emojis"] = Array.Empty<object>(),
        ["fields"] = statuses > 0
            ? new object[] { new Dictionary<string, object?> { ["name"] = "Web", ["value"] = "<a href=\"https://example.org/" + username + "\" rel=\"nofollow noopener noreferrer me\" target=\"_blank\">example.org</a>", ["verified_at"] = null } }
            : Array.Empty<object>(),
    };

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
