using System.Globalization;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Cluster;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.IO;
using FollowerAudit.Reporting;
using Spectre.Console;

namespace FollowerAudit.Cli.Commands;

/// <summary>
/// <c>audit --cluster</c>: the client's side. It joins the cluster before the load (an unreachable cluster costs
/// nothing), asks the silos to load the dataset while it loads it too, runs the dataset-wide detectors once here, sends
/// each account with only its own dataset-wide findings to a silo, and returns the run a local audit would.
/// </summary>
internal sealed class ClusterAuditSession : IAsyncDisposable
{
    private readonly CliServices _services;
    private readonly IClusterConnection _connection;
    private readonly DatasetRef _dataset;
    private readonly PipelineSpec _spec;
    private readonly Task _warmUp;

    private ClusterAuditSession(CliServices services, IClusterConnection connection, DatasetRef dataset, PipelineSpec spec)
    {
        _services = services;
        _connection = connection;
        _dataset = dataset;
        _spec = spec;
        _warmUp = new ClusterAuditor(connection.Client).WarmUpAsync(dataset);
    }

    public static async Task<ClusterAuditSession> StartAsync(CliServices services, AuditSettings settings, string datasetPath, CancellationToken cancellationToken)
    {
        var address = ClusterAddress.Parse(settings.Cluster);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(datasetPath));
        var dataset = new DatasetRef(name, DatasetHashes.Combined(DatasetHashes.Compute(datasetPath)));
        var spec = AuditPipelineFactory.Spec(settings, services.CurrentDirectory);
        var connection = await services.ConnectCluster(address, cancellationToken).ConfigureAwait(false);
        services.Console.MarkupLineInterpolated($"Joined the cluster at {address.ToString()}; the silos load {Sanitize.ForTerminal(name)} from their --dataset-root.");
        return new ClusterAuditSession(services, connection, dataset, spec);
    }

    public async Task<AuditRun> RunAsync(AuditPipeline pipeline, AuditDataset dataset, IReadOnlyList<int> accountRows, AuditStages stages, CancellationToken cancellationToken)
    {
        var runner = new AuditRunner(pipeline);
        var datasetResults = await StageProgress.RunAsync(_services, stages, () => Task.FromResult(runner.RunDatasetDetectors(dataset, accountRows, stages, cancellationToken))).ConfigureAwait(false);

        // Largest accounts first, as locally, so a big account does not start last and leave silos idle at the end.
        var index = dataset.FollowerIndex;
        var work = Enumerable.Range(0, accountRows.Count)
            .OrderByDescending(i => index.FollowerCount(accountRows[i])).ThenBy(i => i)
            .Select(i => new AccountWork(i, dataset.Accounts.AccountId[accountRows[i]], AuditJson.Serialize(ResultsFor(datasetResults, dataset.Accounts.AccountId[accountRows[i]]))))
            .ToList();

        var progress = new ClusterProgress { AccountFinished = stages.AccountDone };
        stages.StartAccounts(work.Count);
        await _warmUp.ConfigureAwait(false);
        ClusterAuditResult result;
        using (stages.Begin("cluster/audit", "Auditing accounts on the cluster"))
        {
            result = await StageProgress.RunAsync(
                _services,
                stages,
                () => new ClusterAuditor(_connection.Client).RunAsync(_dataset with { ReferenceTime = dataset.ReferenceTime }, _spec, work, progress, cancellationToken),
                progress.Describe).ConfigureAwait(false);
        }

        PrintSummary(progress, result);
        var failed = result.Failures.Select(f =>
        {
            var handle = dataset.Accounts.DisplayHandle(accountRows[f.Index]);
            var message = $"The audit of account {handle} failed on silo {f.Silo}: {f.Error}";
            return new DetectorResult("cluster", DetectorOutcome.Failed, [], message) { Error = message };
        });
        return new AuditRun(dataset.Rejections, [.. result.Audits.OfType<AccountAudit>()], [.. datasetResults.Select(r => r.Overall), .. failed]);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>The dataset-wide results an account's audit reads: each detector's summary and this account's findings only.</summary>
    private static List<DatasetDetectorResult> ResultsFor(IReadOnlyList<DatasetDetectorResult> results, long accountId) =>
        [.. results.Select(r => new DatasetDetectorResult(
            r.Overall with { Findings = [] },
            r.ByAccount.TryGetValue(accountId, out var findings) ? new Dictionary<long, IReadOnlyList<Finding>> { [accountId] = findings } : new Dictionary<long, IReadOnlyList<Finding>>()))];

    private void PrintSummary(ClusterProgress progress, ClusterAuditResult result)
    {
        var console = _services.Console;
        foreach (var s in progress.Snapshot())
        {
            console.MarkupLineInterpolated($"  silo {s.Silo}{(s.Left ? " (left the cluster)" : "")}: {s.Done} done, {s.Failed} failed{(s.Lost > 0 ? $", {s.Lost} re-run elsewhere" : "")}");
        }

        if (result.CoordinationMilliseconds.Count > 0)
        {
            console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Coordination per account (round trip minus time on the silo): median {Quantile(result.CoordinationMilliseconds, 0.5):0} ms, p90 {Quantile(result.CoordinationMilliseconds, 0.9):0} ms, max {result.CoordinationMilliseconds.Max():0} ms; reading the returned audit: median {Quantile(result.DeserializeMilliseconds, 0.5):0} ms, max {result.DeserializeMilliseconds.Max():0} ms; time on the silo: median {Quantile(result.SiloMilliseconds, 0.5):0} ms, max {result.SiloMilliseconds.Max():0} ms."));
        }

        foreach (var f in result.Failures)
        {
            console.MarkupLineInterpolated($"[red]Account {f.AccountId} failed[/] on silo {f.Silo}: {Sanitize.ForTerminal(f.Error)}");
        }
    }

    /// <summary>The q-quantile, nearest rank (the median of an even count is the upper middle value).</summary>
    private static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
