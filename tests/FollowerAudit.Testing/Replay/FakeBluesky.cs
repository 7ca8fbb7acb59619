using System.Globalization;
using System.Text.Json;

namespace FollowerAudit.Testing.Replay;

/// <summary>
/// A Bluesky AppView in miniature, answering the four XRPC queries the fetch uses in their wire format (the
/// app.bsky.actor / graph / feed lexicons): one audited account with <see cref="FollowerCount"/> followers, listed newest
/// follow first with keyset cursors, and its posts. Follower <c>i</c> is the i-th earliest follower. Tests can delete
/// followers, or intercept any request to answer with an error.
/// </summary>
public sealed class FakeBluesky(int followers, int posts = 30, int seed = 1)
{
    public const string TargetHandle = "target.bsky.social";
    public const string Did = "did:plc:targetaaaaaaaaaaaaaaaaaa";
    private static readonly DateTime Epoch = new(2023, 2, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly HashSet<int> _deleted = [];
    private readonly Lock _lock = new();

    public int FollowerCount { get; } = followers;

    /// <summary>Answers a request before the fake does, when it returns non-null (errors, delays, cancellation).</summary>
    public Func<ReplayRequest, ReplayResponse?>? Intercept { get; set; }

    /// <summary>The follower indexes bought in one batch: accounts created within one day, following in a row.</summary>
    public (int Start, int End) Batch => ((int)(FollowerCount * 0.4), (int)(FollowerCount * 0.45));

    public static string FollowerDid(int i)
    {
        Span<char> letters = stackalloc char[24];
        for (var k = 23; k >= 0; k--)
        {
            letters[k] = (char)('a' + (i % 26));
            i /= 26;
        }

        return "did:plc:" + new string(letters);
    }

    public static string FollowerHandle(int i) => string.Create(CultureInfo.InvariantCulture, $"user{i}.bsky.social");

    public void Delete(int follower)
    {
        lock (_lock)
        {
            _deleted.Add(follower);
        }
    }

    public DateTime CreatedAt(int i)
    {
        var (start, end) = Batch;
        if (i >= start && i < end)
        {
            return Epoch.AddDays(300).AddMinutes(i - start);
        }

        var random = new Random(HashCode.Combine(seed, i));
        return Epoch.AddDays(400.0 * i / Math.Max(1, FollowerCount)).AddDays(-random.NextDouble() * 300);
    }

    public ReplayResponse Respond(ReplayRequest request)
    {
        if (Intercept?.Invoke(request) is { } intercepted)
        {
            return intercepted;
        }

        return request.Path switch
        {
            "/xrpc/app.bsky.actor.getProfile" => request.One("actor") is TargetHandle or Did ? Ok(Detailed(Target())) : NotFound(),
            "/xrpc/app.bsky.graph.getFollowers" => request.One("actor") is TargetHandle or Did ? Followers(request) : NotFound(),
            "/xrpc/app.bsky.actor.getProfiles" => Profiles(request),
            "/xrpc/app.bsky.feed.getAuthorFeed" => request.One("actor") is TargetHandle or Did ? Feed(request) : NotFound(),
            _ => new ReplayResponse(501, """{"error":"MethodNotImplemented","message":"Method Not Implemented"}"""),
        };
    }

    private static ReplayResponse NotFound() => new(400, """{"error":"InvalidRequest","message":"Profile not found"}""");

    private static ReplayResponse Ok(object body) => ReplayResponse.Json(JsonSerializer.Serialize(body), new Dictionary<string, string>
    {
        ["RateLimit-Limit"] = "3000",
        ["RateLimit-Remaining"] = "2999",
        ["RateLimit-Reset"] = "1900000000",
        ["RateLimit-Policy"] = "3000;w=300",
    });

    private bool IsDeleted(int i)
    {
        lock (_lock)
        {
            return _deleted.Contains(i);
        }
    }

    private ReplayResponse Followers(ReplayRequest request)
    {
        var limit = Math.Clamp(int.Parse(request.One("limit") ?? "50", CultureInfo.InvariantCulture), 1, 100);

        // Keyset cursor "sortAt::cid" of the last follow served: deleting a follow never shifts the next page.
        var below = request.One("cursor") is { } cursor ? int.Parse(cursor.Split("::")[1][7..], CultureInfo.InvariantCulture) : FollowerCount;
        var page = new List<Dictionary<string, object?>>();
        var i = below - 1;
        for (; i >= 0 && page.Count < limit; i--)
        {
            if (!IsDeleted(i))
            {
                page.Add(View(Follower(i)));
            }
        }

        var last = i + 1;
        var body = new Dictionary<string, object?> { ["subject"] = View(Target()), ["followers"] = page };
        if (last > 0)
        {
            body["cursor"] = string.Create(CultureInfo.InvariantCulture, $"{1_700_000_000_000L + last}::bafyrei{last}");
        }

        return Ok(body);
    }

    private ReplayResponse Profiles(ReplayRequest request)
    {
        var actors = request.Query("actors");
        if (actors.Count > 25)
        {
            return new ReplayResponse(400, """{"error":"InvalidRequest","message":"Error: params/actors must not have more than 25 elements"}""");
        }

        var profiles = actors.Select(a => a == Did ? Target() : Index(a) is { } i && !IsDeleted(i) ? Follower(i) : null)
            .OfType<Dictionary<string, object?>>().Select(Detailed).ToList();
        return Ok(new Dictionary<string, object?> { ["profiles"] = profiles });
    }

    private ReplayResponse Feed(ReplayRequest request)
    {
        var limit = Math.Clamp(int.Parse(request.One("limit") ?? "50", CultureInfo.InvariantCulture), 1, 100);
        var start = request.One("cursor") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : 0;
        var items = new List<Dictionary<string, object?>>();
        var k = start;
        for (; k < posts && items.Count < limit; k++)
        {
            var uri = string.Create(CultureInfo.InvariantCulture, $"at://{Did}/app.bsky.feed.post/3k{k:D11}");
            var author = k % 10 == 9 ? Follower(0) : Target();
            var item = new Dictionary<string, object?>
            {
                ["post"] = new Dictionary<string, object?>
                {
                    ["uri"] = k % 10 == 9 ? uri.Replace(Did, (string)author["did"]!, StringComparison.Ordinal) : uri,
                    ["cid"] = "bafyreipost" + k.ToString(CultureInfo.InvariantCulture),
                    ["author"] = View(author),
                    ["record"] = new Dictionary<string, object?>
                    {
                        ["$type"] = "app.bsky.feed.post",
                        ["text"] = "post " + k.ToString(CultureInfo.InvariantCulture),
                        ["createdAt"] = Iso(Epoch.AddDays(500).AddHours(-12 * k)),
                    },
                    ["replyCount"] = k % 4,
                    ["repostCount"] = k % 7,
                    ["likeCount"] = 10 + (3 * k),
                    ["quoteCount"] = k % 3,
                    ["indexedAt"] = Iso(Epoch.AddDays(500).AddHours(-12 * k)),
                    ["labels"] = Array.Empty<object>(),
                },
            };
            if (k % 10 == 9)
            {
                item["reason"] = new Dictionary<string, object?> { ["$type"] = "app.bsky.feed.defs#reasonRepost", ["by"] = View(Target()), ["indexedAt"] = Iso(Epoch.AddDays(500)) };
            }

            items.Add(item);
        }

        var body = new Dictionary<string, object?> { ["feed"] = items };
        if (k < posts)
        {
            body["cursor"] = k.ToString(CultureInfo.InvariantCulture);
        }

        return Ok(body);
    }

    private int? Index(string did)
    {
        if (!did.StartsWith("did:plc:", StringComparison.Ordinal) || did.Length != 32)
        {
            return null;
        }

        var i = 0;
        foreach (var ch in did[8..])
        {
            i = (i * 26) + (ch - 'a');
        }

        return i < FollowerCount && FollowerDid(i) == did ? i : null;
    }

    private Dictionary<string, object?> Target() => new()
    {
        ["did"] = Did,
        ["handle"] = TargetHandle,
        ["displayName"] = "Target Account",
        ["description"] = "The account being audited.",
        ["avatar"] = "https://cdn.bsky.app/img/avatar/plain/" + Did + "/bafkreitarget@jpeg",
        ["createdAt"] = Iso(Epoch.AddDays(-100)),
        ["followersCount"] = FollowerCount,
        ["followsCount"] = 321,
        ["postsCount"] = posts,
    };

    private Dictionary<string, object?> Follower(int i)
    {
        var random = new Random(HashCode.Combine(seed, i, 7));
        var (start, end) = Batch;
        var bought = i >= start && i < end;
        var profile = new Dictionary<string, object?>
        {
            ["did"] = FollowerDid(i),
            ["handle"] = FollowerHandle(i),
            ["displayName"] = bought ? "" : "User " + i.ToString(CultureInfo.InvariantCulture),
            ["createdAt"] = Iso(CreatedAt(i)),
            ["followersCount"] = bought ? random.Next(0, 3) : random.Next(5, 2_000),
            ["followsCount"] = bought ? random.Next(500, 3_000) : random.Next(20, 800),
            ["postsCount"] = bought ? 0 : random.Next(1, 5_000),
        };
        if (!bought)
        {
            profile["description"] = "Bio of user " + i.ToString(CultureInfo.InvariantCulture);
            profile["avatar"] = "https://cdn.bsky.app/img/avatar/plain/" + FollowerDid(i) + "/bafkreiavatar@jpeg";
        }

        return profile;
    }

    // app.bsky.actor.defs#profileView: no counts.
    private static Dictionary<string, object?> View(Dictionary<string, object?> p)
    {
        var view = p.Where(kv => !kv.Key.EndsWith("Count", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        view["indexedAt"] = p["createdAt"];
        view["labels"] = Array.Empty<object>();
        return view;
    }

    // app.bsky.actor.defs#profileViewDetailed: with counts.
    private static Dictionary<string, object?> Detailed(Dictionary<string, object?> p)
    {
        var detailed = new Dictionary<string, object?>(p) { ["indexedAt"] = p["createdAt"], ["labels"] = Array.Empty<object>() };
        return detailed;
    }

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
