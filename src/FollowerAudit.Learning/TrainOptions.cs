namespace FollowerAudit.Learning;

/// <summary>Options of <see cref="ClassifierTrainer"/>: FastTree settings, seed and calibration folds.</summary>
public sealed record TrainOptions
{
    /// <summary>The defaults.</summary>
    public static TrainOptions Default { get; } = new();

    /// <summary>
    /// The options of the default (<c>portable</c>) model, meant to travel to platforms it was not trained on: only
    /// <see cref="Core.Scoring.ProfileFeatureNames.Portable"/>, small trees (50 trees of 4 leaves, at least 50 examples
    /// a leaf) and one masked copy of every training row. Chosen among four configurations by the mean
    /// leave-one-population-out AUC over the three labeled populations (docs/accuracy.md, "The default model").
    /// </summary>
    public static TrainOptions Portable { get; } = new()
    {
        Features = Core.Scoring.ProfileFeatureNames.Portable,
        Trees = 50,
        Leaves = 4,
        MinimumExamplesPerLeaf = 50,
        MaskedCopies = 1,
    };

    /// <summary>
    /// Copies of every training row in which each feature is independently made missing with probability
    /// <see cref="MaskProbability"/> (seeded), so the trees learn what to do when an audited platform lacks a feature
    /// instead of treating "missing" like the lowest value. Only with <see cref="MissingAsMissing"/>; 0 = none.
    /// </summary>
    public int MaskedCopies { get; init; }

    /// <summary>Probability that a feature is made missing in a masked copy, in (0, 1).</summary>
    public double MaskProbability { get; init; } = 0.2;

    /// <summary>Seed of the trainer and of the calibration folds.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Number of boosted trees.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Leaves per tree.</summary>
    public int Leaves { get; init; } = 16;

    /// <summary>Minimum training examples per leaf.</summary>
    public int MinimumExamplesPerLeaf { get; init; } = 10;

    /// <summary>Learning rate (shrinkage).</summary>
    public double LearningRate { get; init; } = 0.2;

    /// <summary>
    /// Folds of the internal cross-validation whose out-of-fold scores fit the Platt calibration and measure the error
    /// rates the model reports (<c>MeasuredErrorRates</c>).
    /// </summary>
    public int CalibrationFolds { get; init; } = 5;

    /// <summary>
    /// Features to train on (those absent from the data are skipped); all <c>ProfileFeatureNames.All</c> when null.
    /// Restrict it to what the data to be scored will have (e.g. Twitter → Instagram) instead of relying on imputation.
    /// </summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>
    /// Encode an unknown feature value (a column the data lacks, or an empty cell) as "missing" instead of the training
    /// median, so the trees learn what to do without it and a platform that lacks a feature is not read as one whose
    /// accounts all have the typical value. True for new models; models saved before this option were median-imputed
    /// and keep that (<see cref="ClassifierMetadata.MissingValue"/>).
    /// </summary>
    public bool MissingAsMissing { get; init; } = true;

    /// <summary>Name of the training data, stored in the model (e.g. "cresci2015 E13+INT").</summary>
    public string TrainingSource { get; init; } = "unnamed labeled dataset";

    /// <summary>Checks the values.</summary>
    /// <returns>One message per problem.</returns>
    public IEnumerable<string> Validate()
    {
        if (Trees <= 0)
        {
            yield return $"trees must be positive (got {Trees})";
        }

        if (Leaves < 2)
        {
            yield return $"leaves must be at least 2 (got {Leaves})";
        }

        if (MinimumExamplesPerLeaf <= 0)
        {
            yield return $"minimum examples per leaf must be positive (got {MinimumExamplesPerLeaf})";
        }

        if (LearningRate is <= 0 or > 1)
        {
            yield return $"learning rate must be in (0, 1] (got {LearningRate})";
        }

        if (MaskedCopies < 0 || (MaskedCopies > 0 && !MissingAsMissing))
        {
            yield return $"masked copies must be ≥ 0 and need missing-as-missing (got {MaskedCopies})";
        }

        if (MaskProbability is <= 0 or >= 1)
        {
            yield return $"mask probability must be in (0, 1) (got {MaskProbability})";
        }

        if (CalibrationFolds < 2)
        {
            yield return $"calibration folds must be at least 2 (got {CalibrationFolds})";
        }
    }
}
