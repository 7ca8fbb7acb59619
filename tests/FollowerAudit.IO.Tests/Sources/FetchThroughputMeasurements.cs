using System.Diagnostics;
using FollowerAudit.IO.Sources;
using FollowerAudit.Testing;
using FollowerAudit.Testing.Replay;

namespace FollowerAudit.IO.Tests.Sources;

// Measurement, not a unit test:
//   dotnet test tests/FollowerAudit.IO.Tests -c Release --filter "Name~Fetch_ReplayServer" --logger "console;verbosity=detailed"
[Explicit("Measurement: fetches up to 100k followers from the loopback replay server.")]
[Category("Measure")]
public sealed class FetchThroughputMeasurements
{
    [TestCase(10_000, 0.0)]
    [TestCase(100_000, 0.0)]
    [TestCase(5_000, 50.0)]
    public async Task Fetch_ReplayServer_RequestsPerSecondAndPeakMemory(int followers, double rate)
    {
        var fake = new FakeBluesky(followers, posts: 100);
        await using var server = new ReplayServer(fake.Respond) { Record = false };
        using var http = new PoliteHttpClient(new FetchOptions { UserAgent = "followeraudit-measure", RequestsPerSecond = rate });
        var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var before = process.WorkingSet64;
        var watch = Stopwatch.StartNew();

        var dataset = await new BlueskySource(http, server.BaseUri, FakeBluesky.TargetHandle).FetchAsync(new FetchCheckpoint(TestTemp.NewFolder("measure")), new FetchLimits(null, 100), null, CancellationToken.None);

        watch.Stop();
        process.Refresh();
        TestContext.Out.WriteLine($"followers={followers:N0} rate={(rate == 0 ? "off" : rate.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/s")}: requests={http.RequestCount:N0} in {watch.Elapsed.TotalSeconds:0.0} s = {http.RequestCount / watch.Elapsed.TotalSeconds:0} req/s; working set {before >> 20} -> {process.WorkingSet64 >> 20} MB (peak {process.PeakWorkingSet64 >> 20} MB)");
        Assert.That(dataset.Follows.Count, Is.EqualTo(followers));
    }
}
