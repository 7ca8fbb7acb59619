namespace FollowerAudit.Core.Pipeline;

/// <summary>Gives every follower of a slice a fake score in [0, 1] (higher = more likely fake) with reasons.</summary>
public interface IFollowerScorer
{
    /// <summary>Stable kebab-case id, e.g. <c>profile-rules</c>.</summary>
    string Name { get; }

    /// <summary>Scores the followers; reads <see cref="AuditContext.Features"/>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>Scores in follow order.</returns>
    FollowerScores Score(AuditContext context);
}

/// <summary>
/// A scorer that reads the outputs of scorers that ran before it in the same pipeline
/// (<see cref="AuditContext.ScorerOutputs"/>); the pipeline keeps their per-follower reasons until it has run.
/// </summary>
public interface IReadsEarlierScores
{
    /// <summary>Names of the earlier scorers whose reasons it reads.</summary>
    IReadOnlyCollection<string> ReadsReasonsOf { get; }
}

/// <summary>Per-follower scores of one scorer, in the slice's follow order.</summary>
/// <param name="Scorer">The scorer's name.</param>
/// <param name="Scores">Scores in [0, 1]; higher = more likely fake.</param>
/// <param name="Threshold">Score at or above which a follower counts as flagged.</param>
/// <param name="Reasons">Per follower, the top reasons (short phrases, strongest first), or <see langword="null"/>.</param>
public sealed record FollowerScores(string Scorer, double[] Scores, double Threshold, string[][]? Reasons)
{
    /// <summary>
    /// Measured sensitivity (true-positive rate) at <see cref="Threshold"/> on labeled data, when known; used to
    /// correct the flagged share for the scorer's errors.
    /// </summary>
    public ErrorRates? MeasuredErrorRates { get; init; }

    /// <summary>
    /// What the followers the scorer was trained and measured on looked like, when known; the estimate compares the
    /// audited followers with it before trusting <see cref="MeasuredErrorRates"/>.
    /// </summary>
    public Estimation.FeatureReference? TrainingReference { get; init; }

    /// <summary>The error rates seen on populations other than the training one, when measured; a generic range otherwise.</summary>
    public Estimation.ErrorRateBox? CrossPopulationRates { get; init; }

    /// <summary>
    /// What the scorer decided about its own inputs on this slice, in plain words (for example a part of a combined
    /// score left out because its direction disagreed with the rules); empty when there is nothing to say.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>A scorer's error rates measured on labeled data.</summary>
/// <param name="Sensitivity">True-positive rate in [0, 1].</param>
/// <param name="Specificity">True-negative rate in [0, 1].</param>
/// <param name="Positives">Number of labeled fakes it was measured on.</param>
/// <param name="Negatives">Number of labeled genuine accounts it was measured on.</param>
/// <param name="Source">Where it was measured (dataset, command).</param>
public sealed record ErrorRates(double Sensitivity, double Specificity, int Positives, int Negatives, string Source)
{
    /// <summary>
    /// Lowest and highest sensitivity over groups of labeled fakes (for example one group per vendor), when the labels
    /// came with groups. An audited account's fakes may all come from one group, so the estimate's interval allows any
    /// sensitivity in this range instead of only the pooled one.
    /// </summary>
    public (double Low, double High)? SensitivityRange { get; init; }

    /// <summary>
    /// Lowest and highest specificity over groups of labelled genuine accounts (for example one group per
    /// population, measured on each by a model trained on the others); the estimate's interval allows any of them.
    /// </summary>
    public (double Low, double High)? SpecificityRange { get; init; }
}
