using System.Diagnostics;
using FollowerAudit.Core.Detectors.FollowerBurst;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Synthetic;

namespace FollowerAudit.Core.Tests.Detectors.FollowerBurst;

// Scale measurement, not a unit test: run on purpose with
//   dotnet test tests/FollowerAudit.Core.Tests -c Release --filter "FullyQualifiedName~FollowerBurstScaleMeasurements" --logger "console;verbosity=detailed"
[Explicit("Measurement: generates and scans accounts of 1M and 10M followers.")]
[Category("Measure")]
public sealed class FollowerBurstScaleMeasurements
{
    [TestCase(1_000_000)]
    [TestCase(10_000_000)]
    public void Run_OneAccountWithACheapPurchase_TimeAndRecovery(int followers)
    {
        var world = WorldGenerator.Generate(WorldOptions.SingleAccount(followers));
        var truth = world.Truth.AuditedAccounts[0];
        Assert.That(world.Dataset.Accounts.TryGetRow(truth.AccountId, out var row), Is.True);
        var context = new AuditContext(AccountSlice.Create(world.Dataset, row), AuditOptions.Default);
        // The arrival-composition check reads a follower score; a constant one keeps the measurement about the scan.
        context.FollowerScores = new FollowerScores("none", new double[context.Slice.Count], 1.0, null);

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = new FollowerBurstDetector(FollowerBurstOptions.Default).Run(context, CancellationToken.None);
        watch.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

        var bought = world.Truth.Purchases.SelectMany(p => p.FollowerIds).ToHashSet();
        var found = result.Findings.SelectMany(f => f.FollowerIds).Count(bought.Contains);
        TestContext.Out.WriteLine($"followers={context.Slice.Count:N0} wall={watch.Elapsed.TotalSeconds:0.00}s cpu={cpu:0.00}s findings={result.Findings.Count} bought followers in them={found:N0}/{bought.Count:N0}");
        Assert.That(found, Is.GreaterThan(bought.Count / 2));
    }
}
