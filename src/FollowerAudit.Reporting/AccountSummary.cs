using FollowerAudit.Core.Detectors.Engagement;
using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting;

/// <summary>
/// What a multi-account report's index (league table, charts, <c>report.json</c>), <c>run.json</c> and the console table
/// say about one audited account: a few numbers, no follower data. It is all a client needs of an account whose report
/// folder was written elsewhere (on a cluster's silo). Immutable.
/// </summary>
/// <param name="AccountId">The account's id.</param>
/// <param name="Handle">Its handle for display (attacker-controlled text: escape it).</param>
/// <param name="Verdict">The verdict, without its evidence (the account's own report lists that).</param>
/// <param name="Estimate">The fake-share estimate.</param>
/// <param name="FollowersAudited">Followers in the audited slice (fewer than the estimate's total for a sample).</param>
/// <param name="Findings">How many findings the account's report lists.</param>
/// <param name="FailedDetectors">The detectors that failed on this account, without findings.</param>
/// <param name="Engagement">The engagement detector's result without findings (its rate metric), or null when it did not run.</param>
public sealed record AccountSummary(
    long AccountId,
    string Handle,
    Verdict Verdict,
    InflationEstimate Estimate,
    int FollowersAudited,
    int Findings,
    IReadOnlyList<DetectorResult> FailedDetectors,
    DetectorResult? Engagement)
{
    /// <summary>The summary of an audit.</summary>
    /// <param name="audit">The audit.</param>
    /// <returns>Its summary.</returns>
    public static AccountSummary Of(AccountAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return new AccountSummary(
            audit.AccountId,
            audit.Handle,
            audit.Verdict with { Evidence = [] },
            audit.Estimate,
            audit.Slice.Count,
            audit.Findings.Count,
            [.. audit.DetectorResults.Where(r => r.Outcome == DetectorOutcome.Failed).Select(r => r with { Findings = [], Context = [] })],
            audit.DetectorResults.FirstOrDefault(r => r.Detector == EngagementDivergenceDetector.DetectorName) is { } e ? e with { Findings = [], Context = [] } : null);
    }
}

/// <summary>Rejected input rows counted by reason: what a report page says about them (the rows are in <c>rejected-rows.csv</c>). Immutable.</summary>
/// <param name="Total">Rows rejected.</param>
/// <param name="ByReason">Rows per reason, reasons sorted ordinally.</param>
public sealed record RejectionSummary(long Total, IReadOnlyList<KeyValuePair<string, long>> ByReason)
{
    /// <summary>No rejected rows.</summary>
    public static RejectionSummary None { get; } = new(0, []);

    /// <summary>Counts the rejections.</summary>
    /// <param name="rejections">The rejected rows.</param>
    /// <returns>Their summary.</returns>
    public static RejectionSummary Of(IReadOnlyList<Rejection> rejections)
    {
        ArgumentNullException.ThrowIfNull(rejections);
        return new RejectionSummary(rejections.Count, ReportContent.RejectionCounts(rejections));
    }
}

/// <summary>A run as its index pages, <c>run.json</c> and the console table see it. Immutable.</summary>
/// <param name="Rejections">The rejected input rows, counted.</param>
/// <param name="Accounts">The audited accounts, in output order.</param>
/// <param name="DatasetResults">The dataset-wide detectors' results (and accounts that failed as a whole, e.g. on a cluster).</param>
public sealed record RunSummary(RejectionSummary Rejections, IReadOnlyList<AccountSummary> Accounts, IReadOnlyList<DetectorResult> DatasetResults)
{
    /// <summary>Whether any detector failed (exit code 4), as <see cref="AuditRun.AnyDetectorFailed"/>.</summary>
    public bool AnyDetectorFailed => DatasetResults.Any(r => r.Outcome == DetectorOutcome.Failed) || Accounts.Any(a => a.FailedDetectors.Count > 0);

    /// <summary>The summary of a run.</summary>
    /// <param name="run">The run.</param>
    /// <returns>Its summary.</returns>
    public static RunSummary Of(AuditRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunSummary(RejectionSummary.Of(run.Rejections), [.. run.Accounts.Select(AccountSummary.Of)], run.DatasetResults);
    }
}
