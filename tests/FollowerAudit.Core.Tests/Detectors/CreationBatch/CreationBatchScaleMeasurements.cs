using System.Diagnostics;
using FollowerAudit.Core.Detectors.CreationBatch;

namespace FollowerAudit.Core.Tests.Detectors.CreationBatch;

// Scale measurement, not a unit test: run on purpose with
//   dotnet test tests/FollowerAudit.Core.Tests -c Release --filter "FullyQualifiedName~CreationBatchScaleMeasurements" --logger "console;verbosity=detailed"
[Explicit("Measurement: scans 10M followers.")]
[Category("Measure")]
public sealed class CreationBatchScaleMeasurements
{
    [TestCase(1_000_000)]
    [TestCase(10_000_000)]
    public void Scan_ManyFollowersWithOneBatch_TimeAndRecovery(int followers)
    {
        var random = new Random(7);
        var created = new double[followers];
        var followed = new double[followers];
        var start = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks / (double)TimeSpan.TicksPerDay;
        var platform = new DateTime(2008, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks / (double)TimeSpan.TicksPerDay;
        var batchFrom = followers / 2;
        for (var i = 0; i < followers; i++)
        {
            var follow = start + (3000.0 * i / followers);
            followed[i] = follow;
            created[i] = i >= batchFrom && i < batchFrom + 5000
                ? platform + 2000 + (3 * random.NextDouble())
                : random.NextDouble() < 0.25 ? follow - (5 * random.NextDouble()) : platform + ((follow - platform) * random.NextDouble());
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var scan = new CreationBatchScan(CreationBatchOptions.Default, created, followed);
        var runs = scan.Run(CancellationToken.None);
        watch.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

        var found = runs.Sum(r => r.Members.Count(j => j >= batchFrom && j < batchFrom + 5000));
        TestContext.Out.WriteLine($"followers={followers:N0} windows={scan.WindowCount:N0} wall={watch.Elapsed.TotalSeconds:0.00}s cpu={cpu:0.00}s runs={runs.Count} batch members found={found}/5000");
        Assert.That(found, Is.GreaterThan(4900));
    }
}
