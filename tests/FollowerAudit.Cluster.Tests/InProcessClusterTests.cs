using System.Collections.Concurrent;
using FollowerAudit.Cli.Commands;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;
using Orleans.TestingHost;

namespace FollowerAudit.Cluster.Tests;

/// <summary>A 3-silo Orleans cluster in this process (Orleans' test host, in-memory membership) audits the demo.</summary>
[TestFixture]
[NonParallelizable]
public sealed class InProcessClusterTests
{
    private TestCluster _cluster = null!;

    /// <summary>Accounts whose slice throws on the silos (a grain that fails), set by a test.</summary>
    internal static ConcurrentDictionary<long, bool> Failing { get; } = new();

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Test]
    public async Task AuditAll_Demo_ReportsByteIdenticalToSingleProcess()
    {
        var demo = Path.Combine(ReportFolders.RepoRoot(), "data-samples", "demo");
        var root = TestTemp.ForCurrentTest();
        var local = Path.Combine(root, "local");
        var clustered = Path.Combine(root, "cluster");

        var (localExit, _) = await ReportFolders.RunAsync(ReportFolders.Services(), "audit", demo, "--all", "--model", "synthetic", "--out", local);
        var (clusterExit, output) = await ReportFolders.RunAsync(Connected(), "audit", demo, "--all", "--model", "synthetic", "--out", clustered, "--cluster", "redis://127.0.0.1:6379");

        Assert.That(localExit, Is.Zero);
        Assert.That(clusterExit, Is.Zero, output);
        ReportFolders.AssertSameReports(local, clustered, atLeast: 3);
        Assert.That(output, Does.Contain("Coordination per account"));
        Assert.That(output, Does.Match(@"Account report folders written on the silos: (\d+) of \1\."), "every account's folder was written on a silo");

        // The accounts were spread: more than one silo did work.
        var busy = output.Split('\n').Count(l => l.TrimStart().StartsWith("silo ", StringComparison.Ordinal) && !l.Contains(": 0 done", StringComparison.Ordinal));
        Assert.That(busy, Is.GreaterThan(1), output);
    }

    [Test]
    public async Task AuditAll_GrainThrows_AccountFailedExitFourOthersReported()
    {
        var demo = Path.Combine(ReportFolders.RepoRoot(), "data-samples", "demo");
        var dataset = await IO.DatasetReader.ReadAsync(demo);
        var victim = dataset.Accounts.AccountId[dataset.Accounts.FindHandle("influencer_02")];
        var output = Path.Combine(TestTemp.ForCurrentTest(), "out");
        Failing[victim] = true;
        try
        {
            var (exit, console) = await ReportFolders.RunAsync(Connected(), "audit", demo, "--all", "--model", "synthetic", "--out", output, "--cluster", "redis://127.0.0.1:6379");

            Assert.That(exit, Is.EqualTo(ExitCodes.DetectorFailed), console);
            Assert.That(console, Does.Contain($"Account {victim} failed"));
            var reports = ReportFolders.ReportJsons(output);
            Assert.That(reports.Keys, Has.None.StartsWith($"account-{victim}/"), "no report for the failed account");
            Assert.That(reports.Keys.Count(k => k.StartsWith("account-", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(3), "the other accounts are reported");
            Assert.That(File.ReadAllText(Path.Combine(output, "report.json")), Does.Contain("injected failure"));
        }
        finally
        {
            Failing.Clear();
        }
    }

    private Cli.Infrastructure.CliServices Connected() =>
        ReportFolders.Services((_, _) => Task.FromResult<IClusterConnection>(new TestConnection(_cluster.Client)));

    private sealed class TestConnection(IClusterClient client) : IClusterConnection
    {
        public IClusterClient Client => client;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ClusterHosting.ConfigureSilo(siloBuilder);
            var root = Path.Combine(ReportFolders.RepoRoot(), "data-samples");
            siloBuilder.Services.AddAuditSilo(new FailingSliceSource(new DatasetRootSliceSource(root)), new CliPipelineFactory());
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) => ClusterHosting.ConfigureClient(clientBuilder);
    }

    private sealed class FailingSliceSource(ISliceSource inner) : ISliceSource
    {
        public Task PrepareAsync(DatasetRef dataset, CancellationToken cancellationToken) => inner.PrepareAsync(dataset, cancellationToken);

        public void Prefetch(DatasetRef dataset, long accountId, int? sampleSize, int seed) => inner.Prefetch(dataset, accountId, sampleSize, seed);

        public Task<AccountSlice> GetSliceAsync(DatasetRef dataset, long accountId, int? sampleSize, int seed, CancellationToken cancellationToken) =>
            Failing.ContainsKey(accountId)
                ? throw new InputDataException($"injected failure for account {accountId}")
                : inner.GetSliceAsync(dataset, accountId, sampleSize, seed, cancellationToken);
    }
}
