using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Pipeline;

/// <summary>The results of auditing several accounts of one dataset.</summary>
/// <param name="Rejections">Rows of the dataset the loader rejected.</param>
/// <param name="Accounts">One audit per audited account, in the order asked for.</param>
/// <param name="DatasetResults">Results of the dataset-wide detectors.</param>
public sealed record AuditRun(IReadOnlyList<Rejection> Rejections, IReadOnlyList<AccountAudit> Accounts, IReadOnlyList<DetectorResult> DatasetResults)
{
    /// <summary>Whether any detector failed (exit code 4).</summary>
    public bool AnyDetectorFailed =>
        DatasetResults.Any(r => r.Outcome == DetectorOutcome.Failed) ||
        Accounts.Any(a => a.DetectorResults.Any(r => r.Outcome == DetectorOutcome.Failed));
}

/// <summary>The audit of one account: a plain record of its slice and what the pipeline found, with no reference to the dataset.</summary>
/// <param name="Slice">The audited slice (followers in follow order).</param>
/// <param name="FollowerScores">The combined follower score.</param>
/// <param name="ScorerOutputs">Every scorer's output.</param>
/// <param name="DetectorResults">Every detector's result, account-level first, then dataset-wide.</param>
/// <param name="Estimate">Estimated fake and genuine followers.</param>
/// <param name="Quality">Audience-quality shares.</param>
/// <param name="Timeline">Daily followers and engagement.</param>
public sealed record AccountAudit(
    AccountSlice Slice,
    FollowerScores FollowerScores,
    IReadOnlyList<FollowerScores> ScorerOutputs,
    IReadOnlyList<DetectorResult> DetectorResults,
    InflationEstimate Estimate,
    AudienceQuality Quality,
    AccountTimeline Timeline)
{
    /// <summary>The audited account's id.</summary>
    public long AccountId => Slice.AccountId;

    /// <summary>The audited account's handle for display (attacker-controlled text: escape it).</summary>
    public string Handle => Slice.Handle;

    /// <summary>The plain-words verdict, decided once when the audit is built (a deserialised audit keeps its own).</summary>
    public Verdict Verdict { get; init; } = Verdict.Decide(Slice, Estimate, DetectorResults);

    /// <summary>All findings of all detectors, strongest first.</summary>
    public IReadOnlyList<Finding> Findings =>
        [.. DetectorResults.SelectMany(r => r.Findings).OrderByDescending(f => f.Strength).ThenBy(f => f.Title, StringComparer.Ordinal)];
}
