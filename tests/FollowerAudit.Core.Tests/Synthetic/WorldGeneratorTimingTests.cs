using System.Diagnostics;
using System.Globalization;
using FollowerAudit.Core.Synthetic;

namespace FollowerAudit.Core.Tests.Synthetic;

/// <summary>Generation times, for the record; run with <c>dotnet test --filter "FullyQualifiedName~WorldGeneratorTimingTests"</c>.</summary>
[Explicit("timing measurement, not a check")]
public sealed class WorldGeneratorTimingTests
{
    [TestCase("default")]
    [TestCase("demo")]
    [TestCase("1m")]
    public void Generate_Preset_ReportsTime(string preset)
    {
        var options = preset switch
        {
            "default" => WorldOptions.Default,
            "demo" => WorldOptions.Demo,
            _ => WorldOptions.SingleAccount(1_000_000),
        };

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var world = WorldGenerator.Generate(options);
        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;

        var data = world.Dataset;
        TestContext.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{preset}: wall {watch.Elapsed.TotalSeconds:F2} s, CPU {cpu.TotalSeconds:F2} s; accounts {data.Accounts.Count}, follows {data.Follows.Count}, posts {data.Posts.Count}, engagements {data.Engagements.Count}, snapshots {data.Snapshots.Count}, managed {GC.GetTotalMemory(false) / (1 << 20)} MB"));
        Assert.That(data.Accounts.Count, Is.Positive);
    }
}
