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
        var datasetResults = IndexAndDetect(dataset, accountRows, stages, cancellationToken);

        // Each slice is cut when its audit starts and dropped when it ends, so many accounts never hold all slices at once.
        var index = dataset.FollowerIndex;
        return AuditSlices(
            accountRows.Count,
            i => index.FollowerCount(accountRows[i]),
            i => CutSlice(dataset, accountRows[i], stages),
            datasetResults,
            dataset.Rejections,
            stages,
            cancellationToken);
    }

    /// <summary>
    /// The first half of <see cref="Run"/> for a few accounts: indexes, runs the dataset-wide detectors and cuts every
    /// slice now. The result holds no reference to the dataset, so a caller that lets go of it (an audit of one big
    /// account) does not keep the whole dataset in memory beside the slice while the scorers run.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="accountRows">Rows of the audited accounts.</param>
    /// <param name="stages">Receives the stages as they run; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The slices and the dataset-wide results, for <see cref="Audit"/>.</returns>
    public PreparedRun Prepare(AuditDataset dataset, IReadOnlyList<int> accountRows, AuditStages? stages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(accountRows);
        stages ??= AuditStages.None;
        var datasetResults = IndexAndDetect(dataset, accountRows, stages, cancellationToken);
        var slices = accountRows.Select(row => CutSlice(dataset, row, stages)).ToArray();
        return new PreparedRun(slices, datasetResults, dataset.Rejections) { DatasetFollows = dataset.Follows.Count };
    }

    /// <summary>
    /// The second half of <see cref="Run"/>: audits prepared slices, in parallel. Each slice is taken out of
    /// <paramref name="prepared"/> when its audit starts, so a prepared run is audited once.
    /// </summary>
    /// <param name="prepared">The output of <see cref="Prepare"/>.</param>
    /// <param name="stages">Receives the stages as they run; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The audits, in the order of the slices.</returns>
    public AuditRun Audit(PreparedRun prepared, AuditStages? stages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        return AuditSlices(prepared.Count, prepared.SizeOf, prepared.Take, prepared.DatasetResults, prepared.Rejections, stages ?? AuditStages.None, cancellationToken);
    }

    private IReadOnlyList<DatasetDetectorResult> IndexAndDetect(AuditDataset dataset, IReadOnlyList<int> accountRows, AuditStages stages, CancellationToken cancellationToken)
    {
        using (stages.Begin("index", "Indexing follows and activity by account"))
        {
            // Built once here, before the parallel audits, instead of lazily by whichever audit comes first.
            _ = dataset.FollowerIndex;
            _ = dataset.ActivityIndex;
            _ = dataset.CreationTicksSorted;
        }

        return RunDatasetDetectors(dataset, accountRows, stages, cancellationToken);
    }

    private AccountSlice CutSlice(AuditDataset dataset, int row, AuditStages stages)
    {
        using (stages.Begin("audit/slice", $"Cutting the slice of account {dataset.Accounts.DisplayHandle(row)}"))
        {
            return AccountSlice.Create(dataset, row, Pipeline.Options.SampleSize, Pipeline.Options.Seed);
        }
    }

    private AuditRun AuditSlices(
        int count, Func<int, long> size, Func<int, AccountSlice> slice, IReadOnlyList<DatasetDetectorResult> datasetResults,
        IReadOnlyList<Rejection> rejections, AuditStages stages, CancellationToken cancellationToken)
    {
        var audits = new AccountAudit[count];
        stages.StartAccounts(count);

        // Largest accounts first, so a big account does not start last and leave the other cores idle at the end.
        var order = Enumerable.Range(0, count).OrderByDescending(size).ThenBy(i => i).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxParallelAccounts), CancellationToken = cancellationToken };
        try
        {
            Parallel.ForEach(order, options, i =>
            {
                audits[i] = Pipeline.AuditAccount(new SliceHandOver(() => slice(i)), datasetResults, cancellationToken, stages);
                stages.AccountDone();
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            throw new OperationCanceledException(cancellationToken);
        }

        return new AuditRun(rejections, audits, [.. datasetResults.Select(r => r.Overall)]);
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

}

/// <summary>
/// Slices cut and dataset-wide detectors run: everything the audits need, without the dataset. Audited once: each slice
/// is let go when its audit starts (<see cref="AuditRunner.Audit"/>), so the audit can drop what it no longer needs of it.
/// </summary>
public sealed class PreparedRun
{
    private readonly AccountSlice?[] _slices;
    private readonly int[] _sizes;

    /// <summary>Creates a prepared run.</summary>
    /// <param name="slices">One slice per audited account, in the order asked for.</param>
    /// <param name="datasetResults">Results of the dataset-wide detectors.</param>
    /// <param name="rejections">Rows of the dataset the loader rejected.</param>
    public PreparedRun(IReadOnlyList<AccountSlice> slices, IReadOnlyList<DatasetDetectorResult> datasetResults, IReadOnlyList<Rejection> rejections)
    {
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(datasetResults);
        ArgumentNullException.ThrowIfNull(rejections);
        _slices = [.. slices];
        _sizes = [.. slices.Select(s => s.Count)];
        DatasetResults = datasetResults;
        Rejections = rejections;
    }

    /// <summary>Number of audited accounts.</summary>
    public int Count => _slices.Length;

    /// <summary>Results of the dataset-wide detectors.</summary>
    public IReadOnlyList<DatasetDetectorResult> DatasetResults { get; }

    /// <summary>Rows of the dataset the loader rejected.</summary>
    public IReadOnlyList<Rejection> Rejections { get; }

    /// <summary>Number of follows of the dataset the slices were cut from (0 when not known).</summary>
    public long DatasetFollows { get; init; }

    /// <summary>
    /// Called by a caller that has let go of the dataset (nothing else refers to it): for a big dataset or slice, one
    /// compacting collection that hands the dataset's memory back to the system before the audit allocates its own.
    /// </summary>
    /// <remarks>
    /// Why: the dataset (follow table, account ids and creation times, the id map, the follower index) and the garbage
    /// of the load and the dataset-wide detectors are dead once the slices are cut, but the garbage collector kept the
    /// memory committed, and reading the followers' rows and the scorers grew the process on top of it (10M followers:
    /// 3.3 GB before any follower was scored). A small run skips it (≈ 0.1–0.5 s at 1M follows).
    /// </remarks>
    /// <returns>Whether a collection ran.</returns>
    public bool DatasetReleased()
    {
        if (DatasetFollows < AuditPipeline.CollectAfterFeaturesFrom && _sizes.All(s => s < AuditPipeline.CollectAfterFeaturesFrom))
        {
            return false;
        }

        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return true;
    }

    /// <summary>The slice of account <paramref name="index"/>, until it is audited.</summary>
    /// <param name="index">0-based, in the order asked for.</param>
    /// <returns>The slice.</returns>
    /// <exception cref="InvalidOperationException">It was audited already.</exception>
    public AccountSlice Slice(int index) => _slices[index] ?? throw AlreadyAudited();

    /// <summary>Replaces the slice of account <paramref name="index"/> before the audit (e.g. with its followers' whole rows).</summary>
    /// <param name="index">0-based, in the order asked for.</param>
    /// <param name="slice">The new slice, of the same account and size.</param>
    public void Replace(int index, AccountSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var old = Slice(index);
        if (old.AccountId != slice.AccountId || old.Count != slice.Count)
        {
            throw new ArgumentException("A replacement slice must be of the same account and size.", nameof(slice));
        }

        _slices[index] = slice;
    }

    internal long SizeOf(int index) => _sizes[index];

    internal AccountSlice Take(int index) => Interlocked.Exchange(ref _slices[index], null) ?? throw AlreadyAudited();

    private static InvalidOperationException AlreadyAudited() => new("This prepared run was audited already; prepare it again.");
}
