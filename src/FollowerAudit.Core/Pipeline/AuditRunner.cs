using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Pipeline;

/// <summary>
/// Runs an audit of several accounts of a loaded dataset: indexes the dataset once, runs the dataset-wide detectors
/// once, then cuts each account's slice once and audits it, on every core. The command line calls it; a cluster
/// client can call <see cref="RunDatasetDetectors"/> here and <see cref="AuditPipeline.AuditAccount(AccountSlice, IReadOnlyList{DatasetDetectorResult}, CancellationToken, AuditStages?)"/>
/// wherever a slice is.
/// </summary>
/// <param name="pipeline">The configured pipeline.</param>
public sealed class AuditRunner(AuditPipeline pipeline)
{
    /// <summary>The pipeline.</summary>
    public AuditPipeline Pipeline { get; } = pipeline ?? throw new ArgumentNullException(nameof(pipeline));

    /// <summary>
    /// Most accounts audited at once. Accounts are independent, so they run in parallel; results do not depend on it
    /// (each audit is a pure function of its slice and keeps its place in the output).
    /// </summary>
    public int MaxParallelAccounts { get; init; } = Environment.ProcessorCount;

    /// <summary>Share of rejected rows among all rows read (rejected included).</summary>
    /// <param name="dataset">The dataset.</param>
    /// <returns>A share in [0, 1].</returns>
    public static double RejectRatio(AuditDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var rows = (double)dataset.Accounts.Count + dataset.Follows.Count + dataset.Posts.Count + dataset.Engagements.Count + dataset.Snapshots.Count;
        return rows + dataset.Rejections.Count == 0 ? 0 : dataset.Rejections.Count / (rows + dataset.Rejections.Count);
    }

    /// <summary>Audits the accounts: dataset-wide detectors once, then each account from its own slice.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="accountRows">Rows of the audited accounts.</param>
    /// <param name="stages">Receives the stages as they run; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The audits, in the order of <paramref name="accountRows"/>.</returns>
    public AuditRun Run(AuditDataset dataset, IReadOnlyList<int> accountRows, AuditStages? stages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(accountRows);
        stages ??= AuditStages.None;
        using (stages.Begin("index", "Indexing follows and activity by account"))
        {
            // Built once here, before the parallel audits, instead of lazily by whichever audit comes first.
            _ = dataset.FollowerIndex;
            _ = dataset.ActivityIndex;
            _ = dataset.CreationTicksSorted;
        }

        var datasetResults = RunDatasetDetectors(dataset, accountRows, stages, cancellationToken);
        var audits = new AccountAudit[accountRows.Count];
        stages.StartAccounts(accountRows.Count);

        // Largest accounts first, so a big account does not start last and leave the other cores idle at the end.
        var index = dataset.FollowerIndex;
        var order = Enumerable.Range(0, accountRows.Count).OrderByDescending(i => index.FollowerCount(accountRows[i])).ThenBy(i => i).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxParallelAccounts), CancellationToken = cancellationToken };
        try
        {
            Parallel.ForEach(order, options, i =>
            {
                AccountSlice slice;
                using (stages.Begin("audit/slice", $"Cutting the slice of account {Handle(dataset, accountRows[i])}"))
                {
                    slice = AccountSlice.Create(dataset, accountRows[i], Pipeline.Options.SampleSize, Pipeline.Options.Seed);
                }

                audits[i] = Pipeline.AuditAccount(slice, datasetResults, cancellationToken, stages);
                stages.AccountDone();
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            throw new OperationCanceledException(cancellationToken);
        }

        return new AuditRun(dataset.Rejections, audits, [.. datasetResults.Select(r => r.Overall)]);
    }

    /// <summary>Runs the dataset-wide detectors once.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="accountRows">Rows of the audited accounts.</param>
    /// <param name="stages">Receives the stages as they run; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Their results, a failed detector as <see cref="DetectorOutcome.Failed"/>.</returns>
    public IReadOnlyList<DatasetDetectorResult> RunDatasetDetectors(AuditDataset dataset, IReadOnlyList<int> accountRows, AuditStages? stages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(accountRows);
        stages ??= AuditStages.None;
        var results = new List<DatasetDetectorResult>(Pipeline.DatasetDetectors.Count);
        foreach (var detector in Pipeline.DatasetDetectors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (stages.Begin("dataset/" + detector.Name, $"Dataset-wide detector {detector.Name}"))
            {
                results.Add(AuditPipeline.Guard(detector.Name, () => detector.Run(dataset, accountRows, cancellationToken), error =>
                    new DatasetDetectorResult(error, new Dictionary<long, IReadOnlyList<Finding>>())));
            }
        }

        return results;
    }

    private static string Handle(AuditDataset dataset, int row) => dataset.Accounts.DisplayHandle(row);
}
