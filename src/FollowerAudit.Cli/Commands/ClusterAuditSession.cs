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
    private readonly ClusterAuditor _auditor;
    private readonly Task _warmUp;

    private ClusterAuditSession(CliServices services, IClusterConnection connection, DatasetRef dataset, PipelineSpec spec)
    {
        _services = services;
        _connection = connection;
        _dataset = dataset;
        _spec = spec;
        _auditor = new ClusterAuditor(connection.Client);

        // The silos check their copy and read what every slice shares (the accounts table, the population) while the
        // client loads the dataset: none of it needs the reference time.
        _warmUp = _auditor.WarmUpAsync(dataset);
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

    /// <summary>
    /// Audits the accounts on the cluster and writes the report. With two or more accounts the silos write each
    /// account's folder into the staged report folder when they see it (a shared output folder), and only summaries
    /// come back; an account whose silo does not see it comes back whole and its folder is written here.
    /// </summary>
    public async Task<(RunSummary Run, ReportFiles Files)> RunAsync(AuditPipeline pipeline, AuditDataset dataset, IReadOnlyList<int> accountRows, AuditStages stages, Func<ReportOptions> options, string output, CancellationToken cancellationToken)
    {
        var ids = accountRows.Select(r => dataset.Accounts.AccountId[r]).ToList();

        // Largest accounts first, as locally, so a big account does not start last and leave silos idle at the end.
        // The silos start cutting the largest accounts' slices now, while the dataset-wide detectors run here.
        var index = dataset.FollowerIndex;
        var order = Enumerable.Range(0, accountRows.Count).OrderByDescending(i => index.FollowerCount(accountRows[i])).ThenBy(i => i).ToList();
        await _warmUp.ConfigureAwait(false);
        var datasetRef = _dataset with { ReferenceTime = dataset.ReferenceTime };
        await _auditor.PrefetchAsync(datasetRef, _spec, [.. order.Select(i => ids[i])]).ConfigureAwait(false);
        var runner = new AuditRunner(pipeline);
        var datasetResults = await StageProgress.RunAsync(_services, stages, () => Task.FromResult(runner.RunDatasetDetectors(dataset, accountRows, stages, cancellationToken))).ConfigureAwait(false);

        // One account's report is the folder itself (no index), written here from the returned audit.
        var first = options();
        using var staged = ids.Count < 2 ? null : OutputGuard.StageFolder(output, OutputKind.Report, first.Force, first.ProtectedPaths);
        var folders = ReportWriter.AccountFolders(ids);
        var rejections = RejectionSummary.Of(dataset.Rejections);

        // What every account page shows: the run's start (its end is not known yet: pages written on silos leave it
        // out, unless the clock is fixed, where it is the same instant), the inputs and the rejected rows, counted.
        var pageOptions = first with { Run = first.Run with { FinishedAt = _services.Reproducible ? first.Run.FinishedAt : null, Stages = [] } };
        Func<int, ReportTarget?> target = _ => null;
        if (staged is not null)
        {
            var token = Guid.NewGuid().ToString("N");
            await File.WriteAllTextAsync(Path.Combine(staged.TempPath, ReportTarget.TokenFileName), token, cancellationToken).ConfigureAwait(false);
            var page = AuditJson.Serialize(new AccountPage(pageOptions.Run, pageOptions.Title, rejections));
            target = i => new ReportTarget(staged.TempPath, token, folders[i], page);
        }

        var work = order
            .Select(i => new AccountWork(i, ids[i], AuditJson.Serialize(ResultsFor(datasetResults, ids[i])), target(i)))
            .ToList();

        var progress = new ClusterProgress { AccountFinished = stages.AccountDone };
        stages.StartAccounts(work.Count);
        ClusterAuditResult result;
        using (stages.Begin("cluster/audit", "Auditing accounts on the cluster"))
        {
            result = await StageProgress.RunAsync(
                _services,
                stages,
                () => _auditor.RunAsync(datasetRef, _spec, work, progress, cancellationToken),
                progress.Describe).ConfigureAwait(false);
        }

        PrintSummary(progress, result);
        var failed = result.Failures.Select(f =>
        {
            var handle = dataset.Accounts.DisplayHandle(accountRows[f.Index]);
            var message = $"The audit of account {handle} failed on silo {f.Silo}: {f.Error}";
            return new DetectorResult("cluster", DetectorOutcome.Failed, [], message) { Error = message };
        });
        List<DetectorResult> overall = [.. datasetResults.Select(r => r.Overall), .. failed];

        using (stages.Begin("report", "Writing the report"))
        {
            if (staged is null)
            {
                var run = new AuditRun(dataset.Rejections, [.. result.Audits.OfType<AccountAudit>()], overall);
                var files = await StageProgress.RunAsync(_services, stages, () => ReportWriter.WriteAsync(run, options(), output, cancellationToken)).ConfigureAwait(false);
                return (RunSummary.Of(run), files);
            }

            // Each account's folder takes its place once: the finished attempt's folder is renamed; an account that
            // came back whole (its silo does not see the output) is written here.
            var summaries = new List<AccountSummary>();
            var kept = new List<string>();
            for (var i = 0; i < ids.Count; i++)
            {
                var folder = Path.Combine(staged.TempPath, folders[i]);
                if (result.Written[i] is { } onSilo)
                {
                    Directory.Move(Path.Combine(staged.TempPath, onSilo.Folder), folder);
                    summaries.Add(onSilo.Summary);
                }
                else if (result.Audits[i] is { } audit)
                {
                    summaries.Add(await ReportWriter.WriteAccountFolderAsync(audit, pageOptions, rejections, folder, cancellationToken).ConfigureAwait(false));
                }
                else
                {
                    continue;
                }

                kept.Add(folders[i]);
            }

            var summary = new RunSummary(rejections, summaries, overall);
            var indexFiles = await StageProgress.RunAsync(_services, stages, () => ReportWriter.WriteIndexAsync(summary, kept, dataset.Rejections, options(), staged, cancellationToken)).ConfigureAwait(false);
            return (summary, indexFiles);
        }
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

        var onSilos = result.Written.Count(w => w is not null);
        var here = result.Audits.Count(a => a is not null);
        if (onSilos + here > 1)
        {
            console.MarkupLineInterpolated($"Account report folders written on the silos: {onSilos} of {onSilos + here}{(here > 0 ? " (the others came back whole and were written here: their silos do not see the output folder at the same path)" : "")}.");
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
