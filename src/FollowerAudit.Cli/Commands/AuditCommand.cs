using System.Globalization;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.IO;
using FollowerAudit.IO.Import;
using FollowerAudit.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary><c>followeraudit audit</c>: load, audit the chosen accounts, write the report.</summary>
internal sealed class AuditCommand(CliServices services) : AsyncCommand<AuditSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, AuditSettings settings, CancellationToken cancellationToken)
    {
        var console = services.Console;
        var started = services.Clock.GetUtcNow();
        var stages = new AuditStages();

        // Build the pipeline first: a wrong --detectors is a bad argument, found before any heavy work; a --model
        // file that is a pipe or a device is refused before it is opened.
        InputFiles.CheckModel(settings.Model);
        AuditPipeline pipeline;
        try
        {
            pipeline = AuditPipelineFactory.Create(settings);
        }
        catch (InvalidOperationException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {Sanitize.ForTerminal(ex.Message)}");
            return ExitCodes.BadArguments;
        }

        // The output is checked before the load: a refused, occupied or unwritable --out costs nothing.
        var datasetPath = services.FullPath(settings.Dataset);
        var protectedPaths = services.ProtectedPaths(settings.Dataset, settings.Labels);
        var output = OutputGuard.CheckFolder(services.FullPath(settings.Out), OutputKind.Report, settings.Force, protectedPaths);
        if (settings.Labels is not null)
        {
            InputFiles.Check(services.FullPath(settings.Labels), "the labels.csv written by 'followeraudit sample', with its label column filled in");
        }

        // run.json's SHA-256 of every input file (800 MB at 10M followers) is computed on the side while the audit runs,
        // instead of on the report's path; the files are the same ones, so the hashes are too. On a thread of its own, so
        // the thread pool, which the loader's parallel reads use, does not grow for it.
        var inputHashes = Task.Factory.StartNew(() => InputHashes.Compute(datasetPath), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // Joined before the load: an unreachable cluster is found before any heavy work, and the silos load the
        // dataset while this process does.
        await using var cluster = settings.Cluster is null ? null : await ClusterAuditSession.StartAsync(services, settings, datasetPath, cancellationToken).ConfigureAwait(false);

        // One named account (a celebrity's, say) is audited from a lean read: the follow graph, posts and creation
        // times of the whole dataset (what the dataset-wide detectors and the estimate need), then the whole rows of
        // that account's followers only, never every account's profile text. Same rows, rejections and report.
        var lean = cluster is null && settings.Accounts.Length == 1 && settings.Labels is null;
        var readOptions = new DatasetReadOptions { Clock = services.DataClock };
        AuditDataset dataset;
        using (stages.Begin("load", $"Loading {settings.Dataset}"))
        {
            dataset = await StageProgress.RunAsync(services, stages, () => lean
                ? DatasetReader.ReadFollowGraphAsync(datasetPath, AccountSelection.Names(settings.Accounts), readOptions, cancellationToken)
                : DatasetReader.ReadAsync(datasetPath, readOptions, cancellationToken)).ConfigureAwait(false);
        }

        console.MarkupLineInterpolated($"Loaded [bold]{dataset.Accounts.Count:N0}[/] accounts and [bold]{dataset.Follows.Count:N0}[/] follows from {Sanitize.ForTerminal(settings.Dataset)}.");

        var rejectRatio = AuditRunner.RejectRatio(dataset);
        if (dataset.Rejections.Count > 0)
        {
            var byReason = string.Join(", ", dataset.Rejections.GroupBy(r => r.Reason).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count():N0} {g.Key}"));
            console.MarkupLineInterpolated($"[yellow]Rejected {dataset.Rejections.Count:N0} bad rows[/] ({byReason}); they are listed in rejected-rows.csv.");
        }

        RunInfo Info() => new()
        {
            ToolVersion = ToolVersion.Current,
            Arguments = [.. context.Arguments],
            Inputs = inputHashes.GetAwaiter().GetResult(),
            Seed = settings.Seed,
            StartedAt = started,
            FinishedAt = services.Clock.GetUtcNow(),
            Stages = services.Reproducible ? [] : stages.Timings(),
        };

        if (rejectRatio > settings.MaxRejectRatio)
        {
            // No audit, but the list of bad rows is what the user needs to fix the export: write it (and run.json).
            string listed;
            try
            {
                listed = $"They are listed in {await ReportWriter.WriteRejectionsOnlyAsync(Info(), dataset.Rejections, output, settings.Force, protectedPaths, cancellationToken).ConfigureAwait(false)}.";
            }
            catch (ReportExistsException)
            {
                listed = $"{settings.Out} is not empty, so their list was not written; pass --force or another --out to get rejected-rows.csv.";
            }

            throw new InputDataException(
                $"{settings.Dataset}: {rejectRatio:P1} of the rows were rejected as bad, above --max-reject-ratio {settings.MaxRejectRatio:P1}. {listed} " +
                "Fix the export (see the reasons above and 'followeraudit schema'), or raise --max-reject-ratio.");
        }

        var accountRows = AccountSelection.Resolve(dataset, settings, console);
        if (accountRows.Count == 0)
        {
            if (dataset.Follows.Count == 0)
            {
                // Nothing to lower: an accounts table alone (a labelled export, say) has no follower lists to audit.
                console.MarkupLineInterpolated($"[red]error:[/] {settings.Dataset} has no follows, so no account has followers to audit. Add a follower list with 'followeraudit import csv LIST.csv --table follows --followee ID --out DATASET', or use 'evaluate' to measure scorers on labelled accounts.");
                return ExitCodes.BadInput;
            }

            console.MarkupLineInterpolated($"[red]error:[/] no account in {settings.Dataset} has at least {settings.MinFollowers:N0} followers in the data; lower --min-followers or name accounts with --account.");
            return ExitCodes.BadArguments;
        }

        if (settings.Labels is { } labelsFile)
        {
            // Checked before the audit: a labels file for another account or dataset is an error, and nothing is written.
            var labels = LabelsFileReader.Read(services.FullPath(labelsFile), dataset, accountRows, settings.LabelledBy ?? "");
            pipeline = AuditPipelineFactory.Create(settings, labels);
            console.MarkupLineInterpolated($"Read labels for {labels.Values.Sum(l => l.Labels.Count):N0} followers of {labels.Count:N0} account(s) from {labelsFile}.");
        }

        ReportOptions Options() => new(Info()) { Force = settings.Force, ProtectedPaths = protectedPaths };
        RunSummary summary;
        ReportFiles files;
        if (cluster is not null)
        {
            // The cluster writes the report itself: with several accounts the silos write the accounts' folders.
            (summary, files) = await cluster.RunAsync(pipeline, dataset, accountRows, stages, Options, output, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var runner = new AuditRunner(pipeline);
            AuditRun run;
            if (accountRows.Count == 1)
            {
                // One account: cut its slice, then let go of the dataset, so the scorers do not run with the whole dataset
                // in memory beside a slice of nearly all of it (a celebrity account's followers are most of its dataset).
                var prepared = await StageProgress.RunAsync(services, stages, () => Task.FromResult(runner.Prepare(dataset, accountRows, stages, cancellationToken))).ConfigureAwait(false);
                dataset = null!;
                using (stages.Begin("audit/release", "Returning the dataset's memory"))
                {
                    prepared.DatasetReleased();
                }

                if (lean)
                {
                    using (stages.Begin("audit/profiles", "Reading the followers' profiles"))
                    {
                        var withFeatures = pipeline.FeatureExtractors.Any(e => e is ProfileFeatureExtractor);
                        await StageProgress.RunAsync(services, stages, () => ReadProfilesAsync(datasetPath, prepared, withFeatures, pipeline.Options, readOptions, cancellationToken)).ConfigureAwait(false);
                    }
                }

                run = await StageProgress.RunAsync(services, stages, () => Task.FromResult(runner.Audit(prepared, stages, cancellationToken))).ConfigureAwait(false);
                prepared = null!;
            }
            else
            {
                run = await StageProgress.RunAsync(services, stages, () => Task.FromResult(runner.Run(dataset, accountRows, stages, cancellationToken))).ConfigureAwait(false);
            }

            // The report's own stage is timed too, but run.json is written inside it, so it records the stages before.
            using (stages.Begin("report", "Writing the report"))
            {
                files = await StageProgress.RunAsync(services, stages, () => ReportWriter.WriteAsync(run, Options(), output, cancellationToken)).ConfigureAwait(false);
            }

            summary = RunSummary.Of(run);
        }

        PrintSummary(console, summary);
        console.MarkupLineInterpolated($"Report written to [bold]{files.MainReport}[/]");

        if (summary.AnyDetectorFailed)
        {
            console.MarkupLine("[red]A detector failed;[/] the report says which. The other detectors' findings are complete.");
            return ExitCodes.DetectorFailed;
        }

        return settings.FailOn is { } failOn && summary.Accounts.Any(a => a.Estimate.FakeShare >= failOn)
            ? ExitCodes.FailOnThresholdMet
            : ExitCodes.Success;
    }

    // The lean read's slice has only ids and creation times of the followers: give it what the audit reads of their rows.
    // The rows come a row group at a time and are featurised as they come, so a million bios are never held at once.
    private static async Task<bool> ReadProfilesAsync(string datasetPath, PreparedRun prepared, bool withFeatures, AuditOptions auditOptions, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        var slice = prepared.Slice(0);
        var account = await DatasetReader.ReadAccountRowsAsync(datasetPath, [slice.AccountId], options, cancellationToken).ConfigureAwait(false);
        var followers = slice.ReceiveFollowerRows(account, withFeatures, auditOptions);
        await DatasetReader.ReadAccountRowsInChunksAsync(datasetPath, slice.Followers.AccountId, followers.Add, options, cancellationToken).ConfigureAwait(false);
        prepared.Replace(0, followers.Finish());
        return true;
    }

    private static void PrintSummary(IAnsiConsole console, RunSummary run)
    {
        var table = new Table().AddColumns("Account", "Verdict", "Followers", "Estimated fake", "95% interval", "Findings");
        foreach (var audit in run.Accounts)
        {
            var e = audit.Estimate;
            table.AddRow(
                Markup.Escape(Sanitize.ForTerminal(audit.Handle)),
                Markup.Escape(audit.Verdict.Headline),
                // A headline far above the followers in the data (a sample, or --sample) must not pass for a full audit.
                audit.FollowersAudited < e.FollowersTotal
                    ? $"{e.FollowersTotal.ToString("N0", CultureInfo.InvariantCulture)} (sample of {audit.FollowersAudited.ToString("N0", CultureInfo.InvariantCulture)})"
                    : e.FollowersTotal.ToString("N0", CultureInfo.InvariantCulture),
                e.IsEstimated ? $"{e.FakeShare.ToString("P1", CultureInfo.InvariantCulture)} ({e.EstimatedFake.ToString("N0", CultureInfo.InvariantCulture)})" : "not estimated",
                e.IsEstimated ? $"{e.FakeShareLower.ToString("P1", CultureInfo.InvariantCulture)} – {e.FakeShareUpper.ToString("P1", CultureInfo.InvariantCulture)}" : "–",
                audit.Findings.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }
}
