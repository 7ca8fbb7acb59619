using System.Diagnostics;
using FollowerAudit.Core.Detectors.Lockstep;

namespace FollowerAudit.Core.Tests.Detectors.Lockstep;

// Scale measurement, not a unit test: run on purpose with
//   dotnet test tests/FollowerAudit.Core.Tests -c Release --filter "FullyQualifiedName~LockstepScaleMeasurements" --logger "console;verbosity=detailed"
[Explicit("Measurement: searches up to 10M timed follows.")]
[Category("Measure")]
public sealed class LockstepScaleMeasurements
{
    [TestCase(1_000_000)]
    [TestCase(10_000_000)]
    public void Find_ManyOrganicFollowsWithOneGroup_TimeAndRecovery(int edges)
    {
        // Organic: edges/5 followers, 5 follows each, to 100 accounts (Zipf-like), at random times over 90 days.
        // Planted: 500 followers following accounts 0..4, each account within 30 minutes.
        var random = new Random(11);
        var followers = edges / 5;
        var follower = new int[edges + 2500];
        var followee = new int[edges + 2500];
        var ticks = new long[edges + 2500];
        var origin = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        for (var e = 0; e < edges; e++)
        {
            follower[e] = e / 5;
            followee[e] = (int)(100 * Math.Pow(random.NextDouble(), 2));
            ticks[e] = origin + (long)(random.NextDouble() * TimeSpan.FromDays(90).Ticks);
        }

        for (var k = 0; k < 2500; k++)
        {
            follower[edges + k] = followers + (k / 5);
            followee[edges + k] = k % 5;
            ticks[edges + k] = origin + TimeSpan.FromDays(10 + (k % 5)).Ticks + (long)(random.NextDouble() * TimeSpan.FromMinutes(30).Ticks);
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var groups = LockstepSearch.Find(followers + 500, follower, followee, ticks, LockstepOptions.Default, CancellationToken.None);
        watch.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

        var planted = groups.Sum(g => g.Members.Count(u => u >= followers));
        var other = groups.Sum(g => g.Members.Count(u => u < followers));
        TestContext.Out.WriteLine($"edges={follower.Length:N0} wall={watch.Elapsed.TotalSeconds:0.00}s cpu={cpu:0.00}s groups={groups.Count} planted members found={planted}/500 organic members in groups={other}");
        Assert.That(planted, Is.GreaterThan(490));
    }
}
