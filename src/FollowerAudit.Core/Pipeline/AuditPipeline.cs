using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Pipeline;

/// <summary>
/// An immutable, configured audit: features → follower scores → detectors → estimate. Build it with
/// <see cref="AuditPipelineBuilder"/>. Thread-safe: it keeps no state between runs.
/// </summary>
public sealed class AuditPipeline
{
    internal AuditPipeline(
        IReadOnlyList<IFeatureExtractor> featureExtractors,
        IReadOnlyList<IFollowerScorer> scorers,
        IReadOnlyList<IDetector> detectors,
        IReadOnlyList<IDatasetDetector> datasetDetectors,
        AuditOptions options)
    {
        FeatureExtractors = featureExtractors;
        Scorers = scorers;
        Detectors = detectors;
        DatasetDetectors = datasetDetectors;
        Options = options;
    }

    /// <summary>Followers from which an audit collects garbage once after feature extraction (see <see cref="AuditAccount(AccountSlice, IReadOnlyList{DatasetDetectorResult}, CancellationToken, AuditStages?)"/>).</summary>
    internal const int CollectAfterFeaturesFrom = 500_000;

    /// <summary>Feature extractors, in run order.</summary>
    public IReadOnlyList<IFeatureExtractor> FeatureExtractors { get; }

    /// <summary>Follower scorers, in run order.</summary>
    public IReadOnlyList<IFollowerScorer> Scorers { get; }

    /// <summary>Account-level detectors, in run order.</summary>
    public IReadOnlyList<IDetector> Detectors { get; }

    /// <summary>Dataset-wide detectors, in run order.</summary>
    public IReadOnlyList<IDatasetDetector> DatasetDetectors { get; }

    /// <summary>The options.</summary>
    public AuditOptions Options { get; }

    /// <summary>Audits several accounts of a dataset (<see cref="AuditRunner.Run"/> with this pipeline).</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="accountRows">Rows of the audited accounts.</param>
    /// <param name="stages">Receives the stages as they run; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's results.</returns>
    public AuditRun Run(AuditDataset dataset, IReadOnlyList<int> accountRows, AuditStages? stages, CancellationToken cancellationToken) =>
        new AuditRunner(this).Run(dataset, accountRows, stages, cancellationToken);

    /// <summary>
    /// Audits one account: a pure function of its slice, the options, and the dataset-wide results that concern it.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="accountRow">The audited account's row.</param>
    /// <param name="datasetResults">Results of <see cref="AuditRunner.RunDatasetDetectors"/> (may be empty).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The account's audit.</returns>
    public AccountAudit AuditAccount(AuditDataset dataset, int accountRow, IReadOnlyList<DatasetDetectorResult> datasetResults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return AuditAccount(AccountSlice.Create(dataset, accountRow, Options.SampleSize, Options.Seed), datasetResults, cancellationToken);
    }

    /// <summary>Audits one account from its slice alone (cut with the options' sample size and seed).</summary>
    /// <param name="slice">The account's slice.</param>
    /// <param name="datasetResults">Results of <see cref="AuditRunner.RunDatasetDetectors"/> (may be empty).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The account's audit.</returns>
    /// <param name="stages">Receives the stages as they run; may be <see langword="null"/>.</param>
    /// <remarks>The caller's reference keeps the followers' whole rows alive for the whole audit; a caller with a big slice
    /// hands it over instead (<see cref="AuditAccount(SliceHandOver, IReadOnlyList{DatasetDetectorResult}, CancellationToken, AuditStages?)"/>).</remarks>
    public AccountAudit AuditAccount(AccountSlice slice, IReadOnlyList<DatasetDetectorResult> datasetResults, CancellationToken cancellationToken, AuditStages? stages = null)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return AuditAccount(new SliceHandOver(slice), datasetResults, cancellationToken, stages);
    }

    /// <summary>Audits one account from a slice handed over: only the audit holds it, so the followers' profile text is freed after feature extraction.</summary>
    /// <param name="handOver">The account's slice, taken out once.</param>
    /// <param name="datasetResults">Results of <see cref="AuditRunner.RunDatasetDetectors"/> (may be empty).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <param name="stages">Receives the stages as they run; may be <see langword="null"/>.</param>
    /// <returns>The account's audit.</returns>
    public AccountAudit AuditAccount(SliceHandOver handOver, IReadOnlyList<DatasetDetectorResult> datasetResults, CancellationToken cancellationToken, AuditStages? stages = null)
    {
        ArgumentNullException.ThrowIfNull(handOver);
        ArgumentNullException.ThrowIfNull(datasetResults);
        stages ??= AuditStages.None;
        var slice = handOver.Take();
        var handle = slice.Handle;
        var context = new AuditContext(slice, Options) { Cancellation = cancellationToken };
        foreach (var extractor in FeatureExtractors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (stages.Begin("audit/features/" + extractor.Name, $"{handle}: features ({extractor.Name}) of {slice.Count:N0} followers"))
            {
                extractor.Extract(context);
            }
        }

        // The profile text is read by the extractors only: let it go before the scorers allocate. For a big account,
        // one compacting collection here lets the scorers reuse that memory instead of growing the process (1M
        // followers: peak RSS 60-170 MB lower, same results; docs/performance.md).
        slice = slice.WithoutProfileText(Options);
        context.Slice = slice;
        var big = slice.Count >= CollectAfterFeaturesFrom;
        if (big)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        // Then, for a big account, a plain full collection after a scorer once the scorers have allocated 64 bytes a
        // follower since the last one: their working arrays are large objects, which only a full collection frees, and
        // without it the process grew by the next scorer's arrays instead of reusing the last one's (1M followers:
        // peak RSS ~1.3-1.6 GB without, ~1.2 GB with, for ~2 s of collections; docs/performance.md).
        var allocatedAtCollection = GC.GetTotalAllocatedBytes();

        // Only the combined score's reasons reach the report. Every other scorer's per-follower reasons are dropped as
        // soon as no later scorer reads them (IReadsEarlierScores), so a million-follower audit does not hold millions
        // of small arrays per scorer at its peak.
        var primaryIndex = Options.PrimaryScorer is { } primary ? Scorers.ToList().FindIndex(s => s.Name == primary) : Scorers.Count - 1;
        var outputs = new List<FollowerScores>(Scorers.Count);
        context.ScorerOutputs = outputs;
        for (var i = 0; i < Scorers.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (stages.Begin("audit/scorer/" + Scorers[i].Name, $"{handle}: scorer {Scorers[i].Name} on {slice.Count:N0} followers"))
            {
                outputs.Add(Scorers[i].Score(context));
            }

            var stillRead = Scorers.Skip(i + 1).OfType<IReadsEarlierScores>().SelectMany(s => s.ReadsReasonsOf).ToHashSet(StringComparer.Ordinal);
            for (var j = 0; j <= i; j++)
            {
                if (j != primaryIndex && outputs[j].Reasons is not null && !stillRead.Contains(outputs[j].Scorer))
                {
                    outputs[j] = outputs[j] with { Reasons = null };
                }
            }

            if (big && GC.GetTotalAllocatedBytes() - allocatedAtCollection > 64L * slice.Count)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
                allocatedAtCollection = GC.GetTotalAllocatedBytes();
            }
        }

        context.FollowerScores = primaryIndex >= 0 && primaryIndex < outputs.Count
            ? outputs[primaryIndex]
            : new FollowerScores("none", new double[slice.Count], 1.0, null);

        var results = new List<DetectorResult>(Detectors.Count + datasetResults.Count);
        foreach (var detector in Detectors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (stages.Begin("audit/detector/" + detector.Name, $"{handle}: detector {detector.Name}"))
            {
                results.Add(Guard(detector.Name, () => detector.Run(context, cancellationToken), error => error));
            }
        }

        foreach (var datasetResult in datasetResults)
        {
            var overall = datasetResult.Overall;
            var findings = datasetResult.ByAccount.TryGetValue(slice.AccountId, out var f) ? f : [];
            results.Add(overall with { Findings = findings });
        }

        using (stages.Begin("audit/estimate", $"{handle}: estimate and verdict"))
        {
            var estimate = InflationEstimator.Estimate(context, results);
            var quality = AudienceQuality.Measure(context, Options);
            var timeline = AccountTimeline.Build(slice);
            return new AccountAudit(slice, context.FollowerScores, [.. outputs], results, estimate, quality, timeline);
        }
    }

    // One place turns a detector's exception into a Failed outcome, so one broken detector never sinks a report.
    internal static T Guard<T>(string name, Func<T> run, Func<DetectorResult, T> onError)
    {
        try
        {
            return run();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing detector is reported as Failed (exit code 4); the others still run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return onError(new DetectorResult(name, DetectorOutcome.Failed, [], $"{name} failed: {ex.Message}") { Error = ex.ToString() });
        }
    }
}
