using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Testing;

namespace FollowerAudit.Cluster.Tests;

/// <summary>
/// A real cluster on loopback: redis-server for membership and 3 <c>followeraudit silo</c> processes audit a generated
/// world of more than 50 accounts; the reports are byte-identical to a single-process run, also when a silo is killed
/// (SIGKILL) mid-run while another joins. Every process is stopped by the fixture, even when a test fails.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class MultiProcessClusterTests
{
    private LocalProcesses _processes = null!;
    private string _root = null!;
    private string _world = null!;
    private string _local = null!;
    private int _redisPort;
    private readonly List<(Process Process, int Port)> _silos = [];

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        var redis = LocalProcesses.Find("redis-server");
        if (redis is null)
        {
            Assert.Ignore("redis-server is not installed (Debian: apt-get install redis-server; .ci/run installs it).");
        }

        _processes = new LocalProcesses();
        _root = TestTemp.NewFolder("cluster");
        _world = Path.Combine(_root, "datasets", "world");
        var (generated, generateOutput) = await ReportFolders.RunAsync(ReportFolders.Services(), "generate", "--preset", "demo", "--audited", "60", "--seed", "3", "--out", _world);
        Assert.That(generated, Is.Zero, generateOutput);

        // Single-process reference, with a sample per account so the slice's seeded sampling is compared too.
        _local = Path.Combine(_root, "local");
        var (exit, output) = await ReportFolders.RunAsync(ReportFolders.Services(), Audit(_local));
        Assert.That(exit, Is.Zero, output);
        Assert.That(ReportFolders.ReportJsons(_local).Count(k => k.Key.StartsWith("account-", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(50));

        _redisPort = await _processes.StartRedisAsync(redis!);
        for (var i = 1; i <= 3; i++)
        {
            _silos.Add(await _processes.StartSiloAsync($"silo{i}", Path.GetDirectoryName(_world)!, _redisPort));
        }
    }

    [OneTimeTearDown]
    public void StopCluster() => _processes?.Dispose();

    [Test]
    [Order(1)]
    public async Task AuditAll_ThreeSiloProcesses_ReportsByteIdenticalToSingleProcess()
    {
        var clustered = Path.Combine(_root, "cluster");
        var (exit, output) = await ReportFolders.RunAsync(ReportFolders.Services(), [.. Audit(clustered), "--cluster", Redis]).WaitAsync(TimeSpan.FromMinutes(5));

        Assert.That(exit, Is.Zero, output + _processes.Outputs());
        ReportFolders.AssertSameReports(_local, clustered, atLeast: 50);
    }

    [Test]
    [Order(2)]
    public async Task AuditAll_SiloKilledMidRunAndAnotherJoins_ReportsByteIdenticalToSingleProcess()
    {
        var clustered = Path.Combine(_root, "cluster-killed");
        var services = ReportFolders.Services() with { HeartbeatInterval = TimeSpan.FromMilliseconds(250) };
        var run = ReportFolders.RunAsync(services, [.. Audit(clustered), "--cluster", Redis]);

        // Driven by the client's progress, not by a guess of its timing: a fourth silo starts when the accounts start
        // going out, and the first is killed (SIGKILL, no goodbye) once a few accounts are done, with more in flight.
        await AuditedAtLeastAsync(services, run, 0);
        var joining = _processes.StartSiloAsync("silo4", Path.GetDirectoryName(_world)!, _redisPort);
        var (done, total) = await AuditedAtLeastAsync(services, run, 10);
        Assert.That(done, Is.LessThan(total - 10), "the run was nearly over before the silo could be killed");
        _silos[0].Process.Kill(entireProcessTree: true);
        _silos.Add(await joining);

        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(3))) != run)
        {
            Assert.Fail($"the client did not finish within 3 min after the kill:\n{ReportFolders.ConsoleOutput(services)}\n{_processes.Outputs()}");
        }

        var (exit, output) = await run;
        await TestContext.Out.WriteLineAsync($"killed silo 1 (port {_silos[0].Port}) after {done}/{total} accounts; client output:\n{output}");
        Assert.That(exit, Is.Zero, output + _processes.Outputs());
        Assert.That(output, Does.Match($@"silo S127\.0\.0\.1:{_silos[0].Port}:\d+ \(left the cluster\): \d+ done, 0 failed, \d+ re-run elsewhere"), "the killed silo's accounts were re-run elsewhere");
        ReportFolders.AssertSameReports(_local, clustered, atLeast: 50);
    }

    /// <summary>Waits until the client's progress line says at least <paramref name="done"/> accounts were audited on the cluster.</summary>
    private static async Task<(int Done, int Total)> AuditedAtLeastAsync(CliServices services, Task run, int done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var last = Regex.Matches(ReportFolders.ConsoleOutput(services), @"(\d+)/(\d+) accounts audited; Auditing accounts on the cluster").LastOrDefault();
            if (last is not null && int.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture) >= done)
            {
                return (int.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(last.Groups[2].Value, CultureInfo.InvariantCulture));
            }

            if (run.IsCompleted || deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                Assert.Fail($"the client never reported {done} accounts audited on the cluster:\n{ReportFolders.ConsoleOutput(services)}");
            }

            await Task.Delay(100);
        }
    }

    private string Redis => $"redis://127.0.0.1:{_redisPort.ToString(CultureInfo.InvariantCulture)}";

    private string[] Audit(string output) => ["audit", _world, "--all", "--model", "synthetic", "--sample", "1500", "--out", output];
}
