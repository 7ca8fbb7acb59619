using FollowerAudit.Testing.Replay;

namespace FollowerAudit.Cli.Tests;

public sealed class FetchCommandTests
{
    [Test]
    public async Task Fetch_BlueskyFromReplayThenAudit_ReportWritten()
    {
        await using var server = new ReplayServer(new FakeBluesky(followers: 600, posts: 40).Respond);
        var root = CliRunner.TempFolder();
        var dataset = Path.Combine(root, "bsky");
        var report = Path.Combine(root, "report");

        var (fetchCode, fetchOutput) = await CliRunner.RunAsync("fetch", "bluesky", "@" + FakeBluesky.TargetHandle, "--out", dataset, "--service", server.BaseUri.ToString(), "--rate", "0");
        var (auditCode, auditOutput) = await CliRunner.RunAsync("audit", dataset, "--account", FakeBluesky.TargetHandle, "--out", report);

        Assert.That(fetchCode, Is.Zero, fetchOutput);
        Assert.That(fetchOutput, Does.Contain("Fetched 600 followers and 36 posts"));
        Assert.That(Directory.Exists(dataset + ".fetch-checkpoint"), Is.False, "the checkpoint is removed once the dataset is in place");
        Assert.That(server.Requests.Select(r => r.Headers["user-agent"]).Distinct().Single(), Does.Match(@"^followeraudit/\S+$"), "no contact given: the tool and its version, no made-up link");
        Assert.That(auditCode, Is.Zero.Or.EqualTo(4), auditOutput);
        Assert.That(Directory.EnumerateFiles(report, "report.html", SearchOption.AllDirectories), Is.Not.Empty);
    }

    [Test]
    public async Task Fetch_Contact_SentInTheUserAgent()
    {
        await using var server = new ReplayServer(new FakeBluesky(followers: 30, posts: 0).Respond);
        var root = CliRunner.TempFolder();
        string[] Args(string output, params string[] more) => ["fetch", "bluesky", FakeBluesky.TargetHandle, "--out", Path.Combine(root, output), "--service", server.BaseUri.ToString(), "--rate", "0", "--posts", "0", .. more];
        var fromEnvironment = CliRunner.Services() with { EnvironmentVariable = name => name == "FOLLOWERAUDIT_CONTACT" ? "https://ops.example.org/crawler" : null };

        var (optionCode, optionOutput) = await CliRunner.RunAsync(Args("a", "--contact", "audits@example.org"));
        var optionAgents = server.Requests.Select(r => r.Headers["user-agent"]).Distinct().ToList();
        var before = server.Requests.Count;
        var (environmentCode, environmentOutput) = await CliRunner.RunAsync(fromEnvironment, Args("b"));
        var environmentAgents = server.Requests.Skip(before).Select(r => r.Headers["user-agent"]).Distinct().ToList();
        var (badCode, badOutput) = await CliRunner.RunAsync(Args("c", "--contact", "me (at) example.org"));

        Assert.That(optionCode, Is.Zero, optionOutput);
        Assert.That(optionAgents.Single(), Does.Match(@"^followeraudit/\S+ \(audits@example\.org\)$"));
        Assert.That(environmentCode, Is.Zero, environmentOutput);
        Assert.That(environmentAgents.Single(), Does.EndWith(" (https://ops.example.org/crawler)"));
        Assert.That(badCode, Is.EqualTo(2));
        Assert.That(badOutput, Does.Contain("--contact may hold only printable ASCII without parentheses"));
    }

    [Test]
    public async Task Fetch_MastodonCancelledThenRerun_SameFilesAsUninterrupted()
    {
        var fake = new FakeMastodon(followers: 400, statuses: 50);
        await using var server = new ReplayServer(fake.Respond);
        var root = CliRunner.TempFolder();
        string[] Args(string output) => ["fetch", "mastodon", "@target@example.social", "--out", output, "--service", server.BaseUri.ToString(), "--rate", "0", "--posts", "50"];
        var (code, output) = await CliRunner.RunAsync(Args(Path.Combine(root, "whole")));
        Assert.That(code, Is.Zero, output);

        var resumed = Path.Combine(root, "resumed");
        using (var cancel = new CancellationTokenSource())
        {
            var seen = 0;
            fake.Intercept = _ =>
            {
                if (Interlocked.Increment(ref seen) == 4)
                {
                    cancel.Cancel();
                }

                return null;
            };
            var services = CliRunner.Services();
            var cancelledCode = await CliApp.RunAsync(Args(resumed), services, cancel.Token);
            Assert.That(cancelledCode, Is.EqualTo(130));
            Assert.That(((Spectre.Console.Testing.TestConsole)services.Console).Output, Does.Contain("Run the same command to resume"));
        }

        Assert.That(Directory.Exists(resumed), Is.False, "--out never holds a half-written dataset");
        Assert.That(Directory.Exists(resumed + ".fetch-checkpoint"), Is.True);
        fake.Intercept = null;
        var (resumedCode, resumedOutput) = await CliRunner.RunAsync(Args(resumed));

        Assert.That(resumedCode, Is.Zero, resumedOutput);
        foreach (var table in new[] { "accounts.parquet", "follows.parquet", "posts.parquet" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(resumed, table)), Is.EqualTo(File.ReadAllBytes(Path.Combine(root, "whole", table))), table);
        }
    }

    [Test]
    public async Task Fetch_MastodonHiddenFollowers_Exit3WithReason()
    {
        await using var server = new ReplayServer(new FakeMastodon(followers: 30) { HideFollowers = true }.Respond);

        var (code, output) = await CliRunner.RunAsync("fetch", "mastodon", "@target@example.social", "--out", Path.Combine(CliRunner.TempFolder(), "m"), "--service", server.BaseUri.ToString(), "--rate", "0");

        Assert.That(code, Is.EqualTo(3));
        Assert.That(output, Does.Contain("hides its follower list"));
    }

    [Test]
    public async Task Fetch_BadArguments_Exit2()
    {
        var (badAccount, output) = await CliRunner.RunAsync("fetch", "mastodon", "target", "--out", Path.Combine(CliRunner.TempFolder(), "m"));
        var (badRate, _) = await CliRunner.RunAsync("fetch", "bluesky", "a.bsky.social", "--out", Path.Combine(CliRunner.TempFolder(), "m"), "--rate", "-1");

        Assert.That(badAccount, Is.EqualTo(2));
        Assert.That(output, Does.Contain("@user@instance"));
        Assert.That(badRate, Is.EqualTo(2));
    }
}
