using System.Diagnostics;
using FollowerAudit.Core.Model;
using FollowerAudit.IO.Sources;
using FollowerAudit.Testing;
using FollowerAudit.Testing.Replay;

namespace FollowerAudit.IO.Tests.Sources;

public sealed partial class FollowerSourceTests
{
    private static readonly FetchOptions Fast = new() { UserAgent = "followeraudit-tests/1.0 (+https://example.invalid)", RequestsPerSecond = 0, Backoff = TimeSpan.FromMilliseconds(20), MaxRetries = 3 };

    [Test]
    public async Task FetchAsync_BlueskyThreePages_EveryFollowerRankedEarliestFirstWithProfiles()
    {
        var fake = new FakeBluesky(followers: 250, posts: 30);
        await using var server = new ReplayServer(fake.Respond);

        var dataset = await FetchBlueskyAsync(server, NewCheckpoint());

        Assert.That(dataset.Follows.Count, Is.EqualTo(250));
        Assert.That(dataset.Accounts.Count, Is.EqualTo(251));
        var rank0 = Array.IndexOf(dataset.Follows.FollowRank!, 0L);
        Assert.That(dataset.Follows.FollowerId[rank0], Is.EqualTo(FetchedDataset.StableId(FakeBluesky.FollowerDid(0))), "rank 0 is the earliest follower, the last one listed");
        Assert.That(dataset.Follows.FollowRank, Is.EquivalentTo(Enumerable.Range(0, 250).Select(i => (long?)i)));
        Assert.That(dataset.Follows.FollowedAt, Is.Null, "Bluesky has no follow times");
        Assert.That(dataset.Accounts.FollowersCount!.Count(c => c is not null), Is.EqualTo(251), "every follower completed by getProfiles");
        Assert.That(dataset.Accounts.TryGetRow(FetchedDataset.StableId(FakeBluesky.FollowerDid(7)), out var row), Is.True);
        Assert.That(dataset.Accounts.Handle![row], Is.EqualTo(FakeBluesky.FollowerHandle(7)));
        Assert.That(dataset.Accounts.CreatedAt![row], Is.EqualTo(fake.CreatedAt(7)).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(dataset.Posts.Count, Is.EqualTo(27), "30 feed items of which 3 are reposts of others' posts");
        Assert.That(dataset.Posts.RepostCount![0], Is.EqualTo(0), "post 0 has 0 reposts and 0 quotes");
        Assert.That(dataset.Posts.RepostCount![5], Is.EqualTo((5 % 7) + (5 % 3)), "reposts plus quotes");
        var requests = server.Requests;
        Assert.That(requests.Count(r => r.Path.EndsWith("getFollowers", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(requests.Count(r => r.Path.EndsWith("getProfiles", StringComparison.Ordinal)), Is.EqualTo(10));
        Assert.That(requests.Select(r => r.Headers["user-agent"]).Distinct(), Is.EqualTo(new[] { Fast.UserAgent }));
    }

    [Test]
    public async Task FetchAsync_BlueskyNoFollowers_DatasetWithTheAccountOnly()
    {
        await using var server = new ReplayServer(new FakeBluesky(followers: 0, posts: 0).Respond);

        var dataset = await FetchBlueskyAsync(server, NewCheckpoint());

        Assert.That(dataset.Accounts.Count, Is.EqualTo(1));
        Assert.That(dataset.Follows.Count, Is.Zero);
        Assert.That(dataset.Posts.Count, Is.Zero);
    }

    [Test]
    public async Task FetchAsync_429WithRetryAfter_WaitsThenContinues()
    {
        var fake = new FakeBluesky(followers: 120, posts: 0);
        var refused = 0;
        fake.Intercept = r => r.Path.EndsWith("getFollowers", StringComparison.Ordinal) && r.One("cursor") is not null && Interlocked.Increment(ref refused) == 1
            ? new ReplayResponse(429, """{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}""", new Dictionary<string, string> { ["Retry-After"] = "1" })
            : null;
        await using var server = new ReplayServer(fake.Respond);
        using var http = new PoliteHttpClient(Fast);
        var watch = Stopwatch.StartNew();

        var dataset = await new BlueskySource(http, server.BaseUri, FakeBluesky.TargetHandle).FetchDatasetAsync(NewCheckpoint(), new FetchLimits(null, 0), null, CancellationToken.None);

        Assert.That(dataset.Follows.Count, Is.EqualTo(120));
        Assert.That(http.RetryCount, Is.EqualTo(1));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95)), "Retry-After: 1 is honoured, not the 20 ms backoff");
    }

    [Test]
    public async Task FetchAsync_500ThenSuccess_RetriedWithBackoff()
    {
        var fake = new FakeBluesky(followers: 30, posts: 5);
        var failures = 0;
        fake.Intercept = r => r.Path.EndsWith("getProfiles", StringComparison.Ordinal) && Interlocked.Increment(ref failures) <= 2
            ? new ReplayResponse(500, """{"error":"InternalServerError","message":"Internal Server Error"}""")
            : null;
        await using var server = new ReplayServer(fake.Respond);
        using var http = new PoliteHttpClient(Fast);

        var dataset = await new BlueskySource(http, server.BaseUri, FakeBluesky.TargetHandle).FetchDatasetAsync(NewCheckpoint(), new FetchLimits(null, 5), null, CancellationToken.None);

        Assert.That(dataset.Accounts.FollowersCount!.All(c => c is not null), Is.True);
        Assert.That(http.RetryCount, Is.EqualTo(2));
    }

    [Test]
    public async Task FetchAsync_500Always_ServiceUnavailableAndCheckpointKept()
    {
        var fake = new FakeBluesky(followers: 150, posts: 0);
        fake.Intercept = r => r.One("cursor") is not null ? new ReplayResponse(503, "<html>down</html>") : null;
        await using var server = new ReplayServer(fake.Respond);
        var checkpoint = NewCheckpoint();

        var error = Assert.ThrowsAsync<ServiceUnavailableException>(() => FetchBlueskyAsync(server, checkpoint));

        Assert.That(error!.Message, Does.Contain("getFollowers").And.Contain("HTTP 503").And.Contain("run the same command again"));
        Assert.That(checkpoint.ReadLog<FetchedPage>("followers"), Has.Count.EqualTo(1), "the first page is kept");
    }

    [Test]
    public async Task FetchAsync_MalformedJson_InputDataExceptionNamingTheAddress()
    {
        var fake = new FakeBluesky(followers: 150, posts: 0);
        fake.Intercept = r => r.One("cursor") is not null ? ReplayResponse.Json("""{"subject":{"did":"x"},"followers":[{"did":""") : null;
        await using var server = new ReplayServer(fake.Respond);

        var error = Assert.ThrowsAsync<InputDataException>(() => FetchBlueskyAsync(server, NewCheckpoint()));

        Assert.That(error!.Message, Does.Contain("app.bsky.graph.getFollowers").And.Contain("not valid JSON"));
    }

    [Test]
    public async Task FetchAsync_BlueskyUnknownHandle_SaysSo()
    {
        await using var server = new ReplayServer(new FakeBluesky(10).Respond);
        using var http = new PoliteHttpClient(Fast);

        var error = Assert.ThrowsAsync<InputDataException>(() => new BlueskySource(http, server.BaseUri, "@nobody.bsky.social").FetchDatasetAsync(NewCheckpoint(), new FetchLimits(null, 0), null, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("no account 'nobody.bsky.social'").And.Contain("Profile not found"));
    }

    [Test]
    public async Task FetchAsync_BlueskyFollowerDeletedBetweenPages_LeftOutNoDuplicates()
    {
        var fake = new FakeBluesky(followers: 250, posts: 0);
        fake.Intercept = r =>
        {
            if (r.Path.EndsWith("getFollowers", StringComparison.Ordinal) && r.One("cursor") is not null)
            {
                fake.Delete(200); // already served on the first page: getProfiles no longer knows it
                fake.Delete(20);  // on a later page: never listed
            }

            return null;
        };
        await using var server = new ReplayServer(fake.Respond);

        var dataset = await FetchBlueskyAsync(server, NewCheckpoint());

        Assert.That(dataset.Follows.Count, Is.EqualTo(249));
        Assert.That(dataset.Follows.FollowerId.Distinct().Count(), Is.EqualTo(249));
        Assert.That(dataset.Accounts.TryGetRow(FetchedDataset.StableId(FakeBluesky.FollowerDid(200)), out var row), Is.True, "kept with what the list said");
        Assert.That(dataset.Accounts.FollowersCount![row], Is.Null);
        Assert.That(dataset.Accounts.Handle![row], Is.EqualTo(FakeBluesky.FollowerHandle(200)));
    }

    [Test]
    public async Task FetchAsync_CancelledMidRunThenResumed_SameDatasetAsUninterrupted()
    {
        var fake = new FakeBluesky(followers: 450, posts: 120);
        await using var server = new ReplayServer(fake.Respond);
        var expected = await FetchBlueskyAsync(server, NewCheckpoint());
        var uninterruptedRequests = server.RequestCount;

        var checkpoint = NewCheckpoint();
        foreach (var stopAfter in new[] { 3, 6, 9 })
        {
            using var cancel = new CancellationTokenSource();
            var seen = 0;
            fake.Intercept = r =>
            {
                if (Interlocked.Increment(ref seen) == stopAfter)
                {
                    cancel.Cancel();
                }

                return null;
            };
            Assert.That(() => FetchBlueskyAsync(server, checkpoint, cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        }

        // A kill in the middle of writing a line leaves half a record: it is dropped and fetched again.
        File.AppendAllText(Path.Combine(checkpoint.Folder, "profiles.jsonl"), "{\"next\":null,\"accounts\":[{\"key\":\"did:pl");
        fake.Intercept = null;
        var before = server.RequestCount;
        var resumed = await FetchBlueskyAsync(server, checkpoint);

        AssertSameDataset(resumed, expected);
        Assert.That(server.RequestCount - before, Is.LessThan(uninterruptedRequests - 10), "the resumed run does not start over");
    }

    [Test]
    public async Task FetchAsync_MastodonPagesByLinkHeader_MapsAccounts()
    {
        var fake = new FakeMastodon(followers: 170, statuses: 45);
        await using var server = new ReplayServer(fake.Respond);

        var dataset = await FetchMastodonAsync(server, NewCheckpoint(), posts: 45);

        Assert.That(dataset.Follows.Count, Is.EqualTo(170));
        Assert.That(server.Requests.Count(r => r.Path.EndsWith("/followers", StringComparison.Ordinal)), Is.EqualTo(3));
        var rank0 = Array.IndexOf(dataset.Follows.FollowRank!, 0L);
        Assert.That(dataset.Follows.FollowerId[rank0], Is.EqualTo(FakeMastodon.FollowerId(0)));
        Assert.That(dataset.Accounts.TryGetRow(FakeMastodon.FollowerId(4), out var local), Is.True);
        Assert.That(dataset.Accounts.Handle![local], Is.EqualTo("user4@example.social"));
        Assert.That(dataset.Accounts.Bio![local], Is.EqualTo("Hi, I'm user 4\nI post <things>"));
        Assert.That(dataset.Accounts.Url![local], Is.EqualTo("https://example.org/user4"));
        Assert.That(dataset.Accounts.HasAvatar![local], Is.True);
        Assert.That(dataset.Accounts.TryGetRow(FakeMastodon.FollowerId(13), out var bought), Is.True);
        Assert.That(dataset.Accounts.Handle![bought], Is.EqualTo("user13@remote.example"));
        Assert.That(dataset.Accounts.HasAvatar![bought], Is.False, "avatars/original/missing.png is the default avatar");
        Assert.That(dataset.Accounts.LastPostAt![local], Is.EqualTo(new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.That(dataset.Posts.Count, Is.EqualTo(45));
        Assert.That(dataset.Posts.LikeCount![0], Is.EqualTo(20));
    }

    [Test]
    public async Task FetchAsync_MastodonHiddenFollowers_SaysSo()
    {
        await using var server = new ReplayServer(new FakeMastodon(followers: 40) { HideFollowers = true }.Respond);

        var error = Assert.ThrowsAsync<InputDataException>(() => FetchMastodonAsync(server, NewCheckpoint()));

        Assert.That(error!.Message, Does.Contain("hides its follower list").And.Contain("40 followers"));
    }

    [Test]
    public async Task FetchAsync_MastodonSignInRequired_SaysSo()
    {
        await using var server = new ReplayServer(new FakeMastodon(followers: 40) { RequireSignIn = true }.Respond);

        var error = Assert.ThrowsAsync<InputDataException>(() => FetchMastodonAsync(server, NewCheckpoint()));

        Assert.That(error!.Message, Does.Contain("only to signed-in users"));
    }

    [Test]
    public async Task FetchAsync_MastodonUnknownAccount_SaysSo()
    {
        await using var server = new ReplayServer(new FakeMastodon(followers: 40).Respond);
        using var http = new PoliteHttpClient(Fast);

        var error = Assert.ThrowsAsync<InputDataException>(() => new MastodonSource(http, server.BaseUri, "@nobody@example.social").FetchDatasetAsync(NewCheckpoint(), new FetchLimits(null, 0), null, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("has no account 'nobody'"));
    }

    [Test]
    public async Task FetchAsync_MastodonFollowerDeletedBetweenPages_LeftOut()
    {
        var fake = new FakeMastodon(followers: 170, statuses: 0);
        fake.Intercept = r =>
        {
            if (r.One("max_id") is not null)
            {
                fake.Delete(5);
            }

            return null;
        };
        await using var server = new ReplayServer(fake.Respond);

        var dataset = await FetchMastodonAsync(server, NewCheckpoint());

        Assert.That(dataset.Follows.Count, Is.EqualTo(169));
        Assert.That(dataset.Follows.FollowerId, Does.Not.Contain(FakeMastodon.FollowerId(5)));
        Assert.That(dataset.Follows.FollowRank, Is.EquivalentTo(Enumerable.Range(0, 169).Select(i => (long?)i)));
    }

    [Test]
    public async Task FetchAsync_LinkToAnotherHost_Refused()
    {
        var fake = new FakeMastodon(followers: 100);
        fake.Intercept = r => r.Path.EndsWith("/followers", StringComparison.Ordinal)
            ? ReplayResponse.Json("[]", new Dictionary<string, string> { ["Link"] = "<https://elsewhere.example/api/v1/accounts/1/followers?max_id=1>; rel=\"next\"" })
            : null;
        await using var server = new ReplayServer(fake.Respond);

        var error = Assert.ThrowsAsync<InputDataException>(() => FetchMastodonAsync(server, NewCheckpoint()));

        Assert.That(error!.Message, Does.Contain("hides").Or.Contain("another host"));
    }

    [Test]
    public async Task GetAsync_RateLimit_RequestsSpacedByTheRate()
    {
        await using var server = new ReplayServer(_ => ReplayResponse.Json("{}"));
        using var http = new PoliteHttpClient(Fast with { RequestsPerSecond = 20 });
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 21; i++)
        {
            await http.GetAsync(server.BaseUri, CancellationToken.None);
        }

        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95)), "21 requests at 20/s take at least 1 s");
    }

    [Test]
    public async Task GetAsync_RemainingZero_WaitsForTheReset()
    {
        var calls = 0;
        await using var server = new ReplayServer(_ => Interlocked.Increment(ref calls) == 1
            ? ReplayResponse.Json("{}", new Dictionary<string, string> { ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(1.5).ToString("O") })
            : ReplayResponse.Json("{}"));
        using var http = new PoliteHttpClient(Fast);
        await http.GetAsync(server.BaseUri, CancellationToken.None);
        var watch = Stopwatch.StartNew();

        await http.GetAsync(server.BaseUri, CancellationToken.None);

        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)));
    }

    internal static void AssertSameDataset(AuditDataset actual, AuditDataset expected)
    {
        Assert.That(actual.Accounts.AccountId, Is.EqualTo(expected.Accounts.AccountId));
        Assert.That(actual.Accounts.Handle, Is.EqualTo(expected.Accounts.Handle));
        Assert.That(actual.Accounts.CreatedAt, Is.EqualTo(expected.Accounts.CreatedAt));
        Assert.That(actual.Accounts.FollowersCount, Is.EqualTo(expected.Accounts.FollowersCount));
        Assert.That(actual.Accounts.Bio, Is.EqualTo(expected.Accounts.Bio));
        Assert.That(actual.Follows.FollowerId, Is.EqualTo(expected.Follows.FollowerId));
        Assert.That(actual.Follows.FollowRank, Is.EqualTo(expected.Follows.FollowRank));
        Assert.That(actual.Posts.PostId, Is.EqualTo(expected.Posts.PostId));
        Assert.That(actual.Posts.LikeCount, Is.EqualTo(expected.Posts.LikeCount));
    }

    private static FetchCheckpoint NewCheckpoint() => new(TestTemp.NewFolder("checkpoint"));

    private static async Task<AuditDataset> FetchBlueskyAsync(ReplayServer server, FetchCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        using var http = new PoliteHttpClient(Fast);
        return await new BlueskySource(http, server.BaseUri, FakeBluesky.TargetHandle).FetchDatasetAsync(checkpoint, new FetchLimits(null, 100), null, cancellationToken);
    }

    private static async Task<AuditDataset> FetchMastodonAsync(ReplayServer server, FetchCheckpoint checkpoint, int posts = 0)
    {
        using var http = new PoliteHttpClient(Fast);
        return await new MastodonSource(http, server.BaseUri, "@target@example.social").FetchDatasetAsync(checkpoint, new FetchLimits(null, posts), null, CancellationToken.None);
    }
}
