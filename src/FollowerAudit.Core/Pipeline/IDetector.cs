namespace FollowerAudit.Core.Pipeline;

/// <summary>
/// An account-level pattern detector (bursts, batches, lockstep, …). Pure: it reads the context and returns a
/// result; no IO, no console, no static state.
/// </summary>
public interface IDetector
{
    /// <summary>Stable kebab-case id (e.g. <c>follower-burst</c>), used by <c>--detectors</c>, JSON keys and report anchors.</summary>
    string Name { get; }

    /// <summary>Runs the detector on one account.</summary>
    /// <param name="context">The account's slice, features and scores.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result.</returns>
    DetectorResult Run(AuditContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A detector that needs the whole dataset (e.g. dense subgraphs across many audited accounts). It runs once per
/// dataset, not per account; its findings are attached to the audited accounts they concern.
/// </summary>
public interface IDatasetDetector
{
    /// <summary>Stable kebab-case id.</summary>
    string Name { get; }

    /// <summary>Runs over the dataset.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="auditedRows">Rows of the accounts being audited in this run (some patterns are sought among them).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Findings per audited account id (the followee the evidence concerns) and an overall result.</returns>
    DatasetDetectorResult Run(Model.AuditDataset dataset, IReadOnlyList<int> auditedRows, CancellationToken cancellationToken);
}

/// <summary>The output of an <see cref="IDatasetDetector"/>.</summary>
/// <param name="Overall">The dataset-level result (all findings).</param>
/// <param name="ByAccount">The findings that concern each followee account id.</param>
public sealed record DatasetDetectorResult(DetectorResult Overall, IReadOnlyDictionary<long, IReadOnlyList<Finding>> ByAccount);
