using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace FollowerAudit.Learning;

/// <summary>
/// Trains the supervised follower classifier: ML.NET FastTree (gradient-boosted trees) on the
/// <c>profile-features</c> of labeled accounts, single-threaded with a fixed seed so the same data and options give
/// the same model. An internal stratified cross-validation gives out-of-fold scores, on which a Platt calibration is
/// fitted and the error rates at the threshold are measured; the final model is then trained on all rows.
/// </summary>
public static class ClassifierTrainer
{
    /// <summary>Trains on all labeled accounts of a dataset (follows are ignored).</summary>
    /// <param name="labeled">Accounts with a label column.</param>
    /// <param name="options">Options; <see cref="TrainOptions.Default"/> when null.</param>
    /// <param name="fakeGroups">
    /// Optional group of each labeled fake by account id (e.g. its vendor, from a generated world's truth); the model
    /// then records its sensitivity per group (<see cref="ClassifierMetadata.FakeGroups"/>).
    /// </param>
    /// <returns>The trained, calibrated model; save it with <see cref="TrainedClassifier.Save(string)"/>.</returns>
    /// <exception cref="ArgumentException">Invalid options, or fewer than two labeled accounts of each class.</exception>
    public static TrainedClassifier Train(AuditDataset labeled, TrainOptions? options = null, IReadOnlyDictionary<long, string>? fakeGroups = null)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        var rows = ScoringContext.LabeledRows(labeled);
        if (rows.Length == 0)
        {
            throw new ArgumentException("The dataset has no labeled accounts; training needs genuine and fake examples.", nameof(labeled));
        }

        var context = Evaluator.Prepare(labeled, rows, [new ProfileFeatureExtractor()]);
        var groups = fakeGroups is null ? null : rows.Select(r => fakeGroups.GetValueOrDefault(labeled.Accounts.AccountId[r])).ToArray();
        return Train(context.Features, Evaluator.IsFake(labeled, rows), options ?? TrainOptions.Default, groups);
    }

    /// <summary>
    /// Describes labelled accounts feature by feature (<see cref="FeatureReference"/>), as the trainer does for a new
    /// model; used to add a reference to a model trained before references existed.
    /// </summary>
    /// <param name="labeled">The model's training accounts, with a label column.</param>
    /// <param name="features">The model's features.</param>
    /// <param name="source">Where the training data came from.</param>
    /// <returns>The reference.</returns>
    public static FeatureReference BuildReference(AuditDataset labeled, IReadOnlyList<string> features, string source)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        var rows = ScoringContext.LabeledRows(labeled);
        var context = Evaluator.Prepare(labeled, rows, [new ProfileFeatureExtractor()]);
        return FeatureReference.Build(context.Features, Evaluator.IsFake(labeled, rows), features, source);
    }

    /// <summary>Trains on a feature table.</summary>
    /// <param name="features">Features (profile-features columns).</param>
    /// <param name="isFake">Labels per row.</param>
    /// <param name="options">Options.</param>
    /// <param name="fakeGroups">Optional group per row (null for rows without one); only fakes' groups are used.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">Invalid options or too few examples.</exception>
    public static TrainedClassifier Train(FeatureTable features, IReadOnlyList<bool> isFake, TrainOptions options, IReadOnlyList<string?>? fakeGroups = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(isFake);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        var positives = isFake.Count(f => f);
        var negatives = isFake.Count - positives;
        if (positives < options.CalibrationFolds || negatives < options.CalibrationFolds)
        {
            problems.Add($"need at least {options.CalibrationFolds} fake and genuine examples (got {positives} fake, {negatives} genuine)");
        }

        if (fakeGroups is not null && fakeGroups.Count != isFake.Count)
        {
            problems.Add($"fakeGroups has {fakeGroups.Count} entries for {isFake.Count} rows");
        }

        var names = (options.Features ?? ProfileFeatureNames.All).Where(features.Contains).Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
        {
            problems.Add("no profile feature could be computed from the data");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Cannot train: " + string.Join("; ", problems), nameof(options));
        }

        var medians = ClassifierData.Medians(features, names);
        var vectors = ClassifierData.Vectors(features, names, medians);
        var ml = new MLContext(options.Seed);

        // Out-of-fold raw scores for calibration and honest error rates.
        var folds = Evaluator.StratifiedFolds(isFake, options.CalibrationFolds, options.Seed);
        var oof = new double[vectors.Length];
        for (var k = 0; k < options.CalibrationFolds; k++)
        {
            var train = Enumerable.Range(0, vectors.Length).Where(i => folds[i] != k).ToArray();
            var test = Enumerable.Range(0, vectors.Length).Where(i => folds[i] == k).ToArray();
            var model = Fit(ml, [.. train.Select(i => vectors[i])], [.. train.Select(i => isFake[i])], options);
            var raw = model.Transform(ClassifierData.Load(ml, [.. test.Select(i => vectors[i])], null)).GetColumn<float>("Score").ToArray();
            for (var j = 0; j < test.Length; j++)
            {
                oof[test[j]] = raw[j];
            }
        }

        var (a, b) = Platt.Fit(oof, isFake);
        var probabilities = oof.Select(s => Platt.Probability(s, a, b)).ToArray();
        const double threshold = 0.5;
        var metrics = ClassificationMetrics.Compute("classifier", isFake, probabilities, threshold);
        IReadOnlyList<GroupSensitivity>? groupSensitivities = fakeGroups is null
            ? null
            : [.. Enumerable.Range(0, isFake.Count)
                .Where(i => isFake[i] && fakeGroups[i] is not null)
                .GroupBy(i => fakeGroups[i]!, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new GroupSensitivity(g.Key, g.Count(), g.Count(i => probabilities[i] >= threshold) / (double)g.Count()))];
        var metadata = new ClassifierMetadata
        {
            Features = names,
            Medians = medians,
            PlattA = a,
            PlattB = b,
            Threshold = threshold,
            Sensitivity = metrics.Recall,
            Specificity = metrics.Specificity,
            Auc = metrics.Auc,
            Mcc = metrics.Mcc,
            Positives = positives,
            Negatives = negatives,
            CalibrationFolds = options.CalibrationFolds,
            Seed = options.Seed,
            TrainingSource = options.TrainingSource,
            FakeGroups = groupSensitivities,
        };
        var reference = FeatureReference.Build(features, isFake, names, options.TrainingSource);
        return new TrainedClassifier(ml, Fit(ml, vectors, isFake, options), metadata, reference);
    }

    private static BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> Fit(MLContext ml, float[][] vectors, IReadOnlyList<bool> labels, TrainOptions options)
    {
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
            LearningRate = options.LearningRate,
            // One thread and a fixed seed: the same data gives the same model on any machine.
            NumberOfThreads = 1,
            Seed = options.Seed,
        });
        return trainer.Fit(ClassifierData.Load(ml, vectors, labels));
    }
}

/// <summary>Trains <see cref="TrainedClassifierScorer"/>s inside evaluation folds (<see cref="Evaluator.CrossValidate"/>).</summary>
/// <param name="options">Training options; <see cref="TrainOptions.Default"/> when null.</param>
public sealed class ClassifierScorerTrainer(TrainOptions? options = null) : IScorerTrainer
{
    /// <inheritdoc />
    public string Name => TrainedClassifierScorer.ScorerName;

    /// <inheritdoc />
    public IFollowerScorer Train(AuditContext training, IReadOnlyList<bool> isFake)
    {
        ArgumentNullException.ThrowIfNull(training);
        return new TrainedClassifierScorer(ClassifierTrainer.Train(training.Features, isFake, options ?? TrainOptions.Default));
    }
}
