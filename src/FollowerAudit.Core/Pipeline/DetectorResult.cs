namespace FollowerAudit.Core.Pipeline;

/// <summary>How a detector's run ended.</summary>
public enum DetectorOutcome
{
    /// <summary>It ran; its findings (possibly none) are valid.</summary>
    Ran,

    /// <summary>The data lacks what it needs (e.g. no follow times); nothing to say either way.</summary>
    NotApplicable,

    /// <summary>It threw; the other detectors still ran.</summary>
    Failed,
}

/// <summary>The output of one detector for one account (or the whole dataset).</summary>
/// <param name="Detector">The detector's name.</param>
/// <param name="Outcome">How the run ended.</param>
/// <param name="Findings">Evidence found (what counts: report totals, <c>--fail-on</c>, the estimate when marked).</param>
/// <param name="Summary">One sentence on what it checked and what it saw, for the report.</param>
public sealed record DetectorResult(string Detector, DetectorOutcome Outcome, IReadOnlyList<Finding> Findings, string Summary)
{
    /// <summary>Named numbers (thresholds used, baselines, counts).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Context, not evidence: things the detector saw and judged innocent (e.g. an organic viral burst), shown in the
    /// report so a reader can check the judgement. They never count as findings, in the verdict or in the estimate.
    /// </summary>
    public IReadOnlyList<Finding> Context { get; init; } = [];

    /// <summary>Caveats for the report.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The error message when <see cref="Outcome"/> is <see cref="DetectorOutcome.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>A result saying the detector could not run on this data.</summary>
    /// <param name="detector">The detector's name.</param>
    /// <param name="why">What data was missing.</param>
    /// <returns>The result.</returns>
    public static DetectorResult NotApplicable(string detector, string why) => new(detector, DetectorOutcome.NotApplicable, [], why);
}
