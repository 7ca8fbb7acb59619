namespace FollowerAudit.Core.Pipeline;

/// <summary>
/// One piece of evidence a detector found, in plain words and with the followers it concerns.
/// </summary>
/// <param name="Detector">The detector's <see cref="IDetector.Name"/>.</param>
/// <param name="Kind">A stable kebab-case kind, e.g. <c>follower-burst</c>.</param>
/// <param name="Title">One line for a person, e.g. "Burst of 1,240 followers on 2024-03-02".</param>
/// <param name="Explanation">Why it is suspicious, with the numbers.</param>
/// <param name="Strength">How strong the evidence is, in [0, 1]; higher = more suspicious.</param>
/// <param name="FollowerIds">Account ids of the followers it concerns (may be empty).</param>
public sealed record Finding(string Detector, string Kind, string Title, string Explanation, double Strength, IReadOnlyList<long> FollowerIds)
{
    /// <summary>Start of the time range it concerns (UTC), if any.</summary>
    public DateTime? Start { get; init; }

    /// <summary>End of the time range it concerns (UTC, exclusive), if any.</summary>
    public DateTime? End { get; init; }

    /// <summary>First follow-order position (0-based, inclusive) it concerns, if any.</summary>
    public int? FirstPosition { get; init; }

    /// <summary>Last follow-order position (0-based, inclusive) it concerns, if any.</summary>
    public int? LastPosition { get; init; }

    /// <summary>Named numbers behind the finding (observed, expected, excess, …).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Whether the followers in <see cref="FollowerIds"/> are themselves evidence of purchase (a batch) and may be
    /// counted as fake by the estimate, rather than a context signal.
    /// </summary>
    public bool MarksFollowersAsFake { get; init; }
}
