using System.Diagnostics;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting.Tests;

public sealed class LargeAccountTests
{
    /// <summary>An account with <paramref name="followers"/> followers, built column by column (GraphBuilder is for small data).</summary>
    internal static AuditRun BigRun(int followers)
    {
        var ids = new long[followers + 1];
        var created = new DateTime?[followers + 1];
        var followerIds = new long[followers];
        var followeeIds = new long[followers];
        var followedAt = new DateTime?[followers];
        var t0 = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        ids[0] = 1;
        created[0] = new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < followers; i++)
        {
            ids[i + 1] = 1000 + i;
            // Deterministic spread without a random source: a multiplicative hash of the position.
            var spread = (uint)((i + 1) * 2654435761u) / (double)uint.MaxValue;
            created[i + 1] = new DateTime(2008, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(spread * 5000);
            followerIds[i] = 1000 + i;
            followeeIds[i] = 1;
            followedAt[i] = t0.AddSeconds(i * 60.0);
        }

        var dataset = new AuditDataset(
            new AccountTable { AccountId = ids, CreatedAt = created },
            new FollowTable { FollowerId = followerIds, FolloweeId = followeeIds, FollowedAt = followedAt });
        return TestAudits.Audit(dataset, [0]);
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task WriteAsync_TwoHundredThousandFollowers_ThinsMapAndFinishes(CancellationToken cancellationToken)
    {
        var run = BigRun(200_000);
        var output = Path.Combine(TestAudits.TempFolder(), "big");
        var watch = Stopwatch.StartNew();

        var files = await ReportWriter.WriteAsync(run, TestAudits.Options(), output, cancellationToken);

        watch.Stop();
        var map = ChartData.FollowerMap(run.Accounts[0]).Data!;
        Assert.That(map.Step, Is.EqualTo(2));
        Assert.That(map.Positions, Has.Length.EqualTo(100_000));
        Assert.That(files.Files, Does.Contain("charts/follower-map.png").And.Not.Contain("charts/follower-map.svg"));
        Assert.That(File.ReadLines(Path.Combine(output, "followers.csv")).Count(), Is.EqualTo(200_001));
        Assert.That(new FileInfo(Path.Combine(output, "report.html")).Length, Is.LessThan(5_000_000));
        TestContext.Out.WriteLine($"200k followers: report written in {watch.Elapsed.TotalSeconds:0.0} s");
        ChartRendererTests.AssertLooksLikeAChart(await File.ReadAllBytesAsync(Path.Combine(output, "charts", "follower-map.png"), cancellationToken));
        Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
    }
}
