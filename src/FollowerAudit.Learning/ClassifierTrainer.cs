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
        var names = (options.Features ?? ProfileFeatureNames.All).Where(n => Present(features, n)).Distinct(StringComparer.Ordinal).ToArray();
        var medians = ClassifierData.Medians(features, names);
        var vectors = ClassifierData.Vectors(features, names, medians, options.MissingAsMissing ? ClassifierData.Missing : null);
        var data = new TrainingData(names, medians, vectors, [.. isFake], null, null, []);
        return Train(data, options, fakeGroups, chooseThreshold: false);
    }

    /// <summary>
    /// Trains one model on several labeled populations (e.g. Twitter 2015, Instagram Kaggle, Instagram 2020), each
    /// weighted equally and with its classes balanced, so the largest population does not decide the model alone.
    /// </summary>
    /// <remarks>
    /// A feature a population lacks is missing for its rows (<see cref="TrainOptions.MissingAsMissing"/>), never zero.
    /// With two or more populations the threshold is chosen out of population: for each population, a model trained on
    /// the others scores it, and the threshold maximises the smallest Youden J (sensitivity + specificity − 1) over the
    /// populations, on a 0.01 grid (ties: closest to 0.5). The same held-out scores give
    /// <see cref="ClassifierMetadata.Populations"/>, and the model's pooled sensitivity and specificity are their means.
    /// </remarks>
    /// <param name="populations">Named labeled datasets (follows are ignored).</param>
    /// <param name="options">Options; <see cref="TrainOptions.Default"/> when null.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">No population, a population without both classes, or invalid options.</exception>
    public static TrainedClassifier Train(IReadOnlyList<LabeledPopulation> populations, TrainOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(populations);
        options ??= TrainOptions.Default;
        if (populations.Count == 0)
        {
            throw new ArgumentException("Name at least one labeled population.", nameof(populations));
        }

        var tables = populations.Select(p =>
        {
            var rows = ScoringContext.LabeledRows(p.Dataset);
            if (rows.Length == 0)
            {
                throw new ArgumentException($"Population '{p.Name}' has no labeled accounts.", nameof(populations));
            }

            return (p.Name, Features: Evaluator.Prepare(p.Dataset, rows, [new ProfileFeatureExtractor()]).Features, IsFake: Evaluator.IsFake(p.Dataset, rows));
        }).ToList();
        var names = (options.Features ?? ProfileFeatureNames.All)
            .Where(n => tables.Any(t => Present(t.Features, n))).Distinct(StringComparer.Ordinal).ToArray();
        var medians = names.Select(n =>
        {
            var values = tables.SelectMany(t => t.Features.TryGet(n, out var v) ? v : []).Where(x => !float.IsNaN(x)).Order().ToArray();
            return values.Length == 0 ? 0 : (double)values[values.Length / 2];
        }).ToArray();
        double? missing = options.MissingAsMissing ? ClassifierData.Missing : null;
        var vectors = tables.SelectMany(t => ClassifierData.Vectors(t.Features, names, medians, missing)).ToArray();
        var isFake = tables.SelectMany(t => t.IsFake).ToArray();
        var population = tables.SelectMany((t, k) => Enumerable.Repeat(k, t.IsFake.Length)).ToArray();
        var data = new TrainingData(names, medians, vectors, isFake, BalancedWeights(isFake, population, tables.Count), population, [.. tables.Select(t => t.Name)]);
        return Train(data, options with { TrainingSource = options.TrainingSource == TrainOptions.Default.TrainingSource ? string.Join(" + ", data.PopulationNames) : options.TrainingSource }, null, chooseThreshold: tables.Count >= 2);
    }

    /// <summary>Whether a feature has at least one known value.</summary>
    internal static bool Present(FeatureTable features, string name) =>
        features.TryGet(name, out var v) && v.Any(x => !float.IsNaN(x));

    /// <summary>
    /// The threshold that maximises the smallest Youden J over held-out sets, on the grid 0.01 … 0.99 (ties: the one
    /// closest to 0.5).
    /// </summary>
    /// <param name="heldOut">Per held-out set, labels and calibrated probabilities.</param>
    /// <returns>The threshold.</returns>
    internal static double WorstCaseYoudenThreshold(IReadOnlyList<(bool[] IsFake, double[] Probabilities)> heldOut)
    {
        var best = 0.5;
        var bestJ = double.NegativeInfinity;
        for (var k = 1; k <= 99; k++)
        {
            var t = k / 100.0;
            var j = heldOut.Min(h => Youden(h.IsFake, h.Probabilities, t));
            if (j > bestJ + 1e-12 || (Math.Abs(j - bestJ) <= 1e-12 && Math.Abs(t - 0.5) < Math.Abs(best - 0.5)))
            {
                (best, bestJ) = (t, j);
            }
        }

        return best;
    }

    private static double Youden(bool[] isFake, double[] p, double t)
    {
        double tp = 0, fn = 0, tn = 0, fp = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var flagged = p[i] >= t;
            if (isFake[i])
            {
                tp += flagged ? 1 : 0;
                fn += flagged ? 0 : 1;
            }
            else
            {
                fp += flagged ? 1 : 0;
                tn += flagged ? 0 : 1;
            }
        }

        return (tp / Math.Max(1, tp + fn)) + (tn / Math.Max(1, tn + fp)) - 1;
    }

    /// <summary>Row weights giving every population the same total weight and, inside it, each class half of it.</summary>
    private static double[] BalancedWeights(bool[] isFake, int[] population, int populations)
    {
        var counts = new int[populations, 2];
        for (var i = 0; i < isFake.Length; i++)
        {
            counts[population[i], isFake[i] ? 1 : 0]++;
        }

        var classes = Enumerable.Range(0, populations).Sum(p => (counts[p, 0] > 0 ? 1 : 0) + (counts[p, 1] > 0 ? 1 : 0));
        return [.. isFake.Select((f, i) => isFake.Length / (double)(classes * counts[population[i], f ? 1 : 0]))];
    }

    private static TrainedClassifier Train(TrainingData data, TrainOptions options, IReadOnlyList<string?>? fakeGroups, bool chooseThreshold)
    {
        var isFake = data.IsFake;
        var problems = options.Validate().ToList();
        var positives = isFake.Count(f => f);
        var negatives = isFake.Length - positives;
        if (positives < options.CalibrationFolds || negatives < options.CalibrationFolds)
        {
            problems.Add($"need at least {options.CalibrationFolds} fake and genuine examples (got {positives} fake, {negatives} genuine)");
        }

        if (fakeGroups is not null && fakeGroups.Count != isFake.Length)
        {
            problems.Add($"fakeGroups has {fakeGroups.Count} entries for {isFake.Length} rows");
        }

        if (data.Names.Length == 0)
        {
            problems.Add("no profile feature could be computed from the data");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Cannot train: " + string.Join("; ", problems), nameof(options));
        }

        var vectors = data.Vectors;
        var ml = new MLContext(options.Seed);

        // Out-of-fold raw scores for calibration and honest error rates.
        var folds = Evaluator.StratifiedFolds(isFake, options.CalibrationFolds, options.Seed);
        var oof = new double[vectors.Length];
        for (var k = 0; k < options.CalibrationFolds; k++)
        {
            var train = Enumerable.Range(0, vectors.Length).Where(i => folds[i] != k).ToArray();
            var test = Enumerable.Range(0, vectors.Length).Where(i => folds[i] == k).ToArray();
            var model = Fit(ml, [.. train.Select(i => vectors[i])], [.. train.Select(i => isFake[i])], data.Weights is { } w ? [.. train.Select(i => w[i])] : null, options);
            var raw = model.Transform(ClassifierData.Load(ml, [.. test.Select(i => vectors[i])], null)).GetColumn<float>("Score").ToArray();
            for (var j = 0; j < test.Length; j++)
            {
                oof[test[j]] = raw[j];
            }
        }

        var (a, b) = Platt.Fit(oof, isFake, data.Weights);
        var probabilities = oof.Select(s => Platt.Probability(s, a, b)).ToArray();
        IReadOnlyList<PopulationErrorRates>? populationRates = null;
        var threshold = 0.5;
        var thresholdRule = "0.5 on the calibrated probability (one population: no out-of-population data to choose it on)";
        if (chooseThreshold && data.Population is { } population)
        {
            var heldOut = HeldOutPopulations(data, options);
            threshold = WorstCaseYoudenThreshold(heldOut);
            thresholdRule = "maximises the smallest Youden J (sensitivity + specificity − 1) over the training populations, each scored by a model trained on the others (grid 0.01)";
            populationRates = [.. heldOut.Select((h, p) =>
            {
                var m = ClassificationMetrics.Compute(data.PopulationNames[p], h.IsFake, h.Probabilities, threshold);
                return new PopulationErrorRates(data.PopulationNames[p], m.Recall, m.Specificity, m.Positives, m.Negatives, m.Auc);
            })];
        }

        var metrics = ClassificationMetrics.Compute("classifier", isFake, probabilities, threshold);
        IReadOnlyList<GroupSensitivity>? groupSensitivities = fakeGroups is null
            ? null
            : [.. Enumerable.Range(0, isFake.Length)
                .Where(i => isFake[i] && fakeGroups[i] is not null)
                .GroupBy(i => fakeGroups[i]!, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new GroupSensitivity(g.Key, g.Count(), g.Count(i => probabilities[i] >= threshold) / (double)g.Count()))];
        var metadata = new ClassifierMetadata
        {
            Features = data.Names,
            Medians = data.Medians,
            PlattA = a,
            PlattB = b,
            Threshold = threshold,
            ThresholdRule = thresholdRule,
            Sensitivity = populationRates is null ? metrics.Recall : populationRates.Average(r => r.Sensitivity),
            Specificity = populationRates is null ? metrics.Specificity : populationRates.Average(r => r.Specificity),
            Auc = metrics.Auc,
            Mcc = metrics.Mcc,
            Positives = positives,
            Negatives = negatives,
            CalibrationFolds = options.CalibrationFolds,
            Seed = options.Seed,
            TrainingSource = options.TrainingSource,
            FakeGroups = groupSensitivities,
            MissingValue = options.MissingAsMissing ? ClassifierData.Missing : null,
            Populations = populationRates,
        };
        return new TrainedClassifier(ml, Fit(ml, vectors, isFake, data.Weights, options), metadata, Reference(data, options.TrainingSource));
    }

    // The training rows feature by feature, for the estimate's model-fit check; the missing marker reads as missing.
    private static FeatureReference Reference(TrainingData data, string source)
    {
        var table = new FeatureTable(data.Vectors.Length);
        for (var j = 0; j < data.Names.Length; j++)
        {
            table.Add(data.Names[j], [.. data.Vectors.Select(v => v[j] == ClassifierData.Missing ? float.NaN : v[j])]);
        }

        return FeatureReference.Build(table, data.IsFake, data.Names, source);
    }

    /// <summary>For each population, the calibrated probabilities of a model trained on the other populations only.</summary>
    private static List<(bool[] IsFake, double[] Probabilities)> HeldOutPopulations(TrainingData data, TrainOptions options)
    {
        var result = new List<(bool[], double[])>();
        for (var p = 0; p < data.PopulationNames.Length; p++)
        {
            var train = Enumerable.Range(0, data.IsFake.Length).Where(i => data.Population![i] != p).ToArray();
            var test = Enumerable.Range(0, data.IsFake.Length).Where(i => data.Population![i] == p).ToArray();
            var others = data.Subset(train);
            var model = Train(others, options, null, chooseThreshold: false);
            var probabilities = model.Calibrate(model.RawScores([.. test.Select(i => data.Vectors[i])]));
            result.Add(([.. test.Select(i => data.IsFake[i])], probabilities));
        }

        return result;
    }

    private static BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> Fit(MLContext ml, float[][] vectors, bool[] labels, double[]? weights, TrainOptions options)
    {
        if (options.MaskedCopies > 0)
        {
            // Masked copies teach the "missing" branch of every split (see TrainOptions.MaskedCopies); only the fitted
            // rows are copied, so calibration and error rates are still measured on real rows.
            var random = new Random(options.Seed);
            var rows = vectors.Length;
            var augmented = new List<float[]>(vectors);
            var augmentedLabels = new List<bool>(labels);
            var augmentedWeights = new List<double>(weights ?? Enumerable.Repeat(1.0, rows));
            for (var copy = 0; copy < options.MaskedCopies; copy++)
            {
                for (var i = 0; i < rows; i++)
                {
                    var v = (float[])vectors[i].Clone();
                    for (var j = 0; j < v.Length; j++)
                    {
                        if (random.NextDouble() < options.MaskProbability)
                        {
                            v[j] = ClassifierData.Missing;
                        }
                    }

                    augmented.Add(v);
                    augmentedLabels.Add(labels[i]);
                    augmentedWeights.Add(weights?[i] ?? 1.0);
                }
            }

            (vectors, labels, weights) = ([.. augmented], [.. augmentedLabels], [.. augmentedWeights]);
        }

        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
            LearningRate = options.LearningRate,
            // One thread and a fixed seed: the same data gives the same model on any machine.
            NumberOfThreads = 1,
            Seed = options.Seed,
            ExampleWeightColumnName = weights is null ? null : nameof(ClassifierData.Row.Weight),
        });
        return trainer.Fit(ClassifierData.Load(ml, vectors, labels, weights));
    }

    /// <summary>Feature vectors ready for training, with optional row weights and populations.</summary>
    private sealed record TrainingData(string[] Names, double[] Medians, float[][] Vectors, bool[] IsFake, double[]? Weights, int[]? Population, string[] PopulationNames)
    {
        public TrainingData Subset(int[] rows) => this with
        {
            Vectors = [.. rows.Select(i => Vectors[i])],
            IsFake = [.. rows.Select(i => IsFake[i])],
            Weights = Weights is null ? null : [.. rows.Select(i => Weights[i])],
            Population = Population is null ? null : [.. rows.Select(i => Population[i])],
        };
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

/// <summary>A named labeled dataset, one population of accounts (a platform and era), for multi-population training.</summary>
/// <param name="Name">Short name, e.g. <c>cresci-2015</c>; used in the model's per-population error rates.</param>
/// <param name="Dataset">Accounts with a label column (follows are ignored).</param>
public sealed record LabeledPopulation(string Name, AuditDataset Dataset);

/// <summary>
/// Error rates of a multi-population model on one of its training populations, measured leave-one-population-out: a
/// model trained on the other populations only scored it, at the final model's threshold.
/// </summary>
/// <param name="Population">The population's name.</param>
/// <param name="Sensitivity">Share of its fakes flagged, in [0, 1].</param>
/// <param name="Specificity">Share of its genuine accounts not flagged, in [0, 1].</param>
/// <param name="Positives">Its labeled fakes.</param>
/// <param name="Negatives">Its labeled genuine accounts.</param>
/// <param name="Auc">ROC AUC of the held-out probabilities.</param>
public sealed record PopulationErrorRates(string Population, double Sensitivity, double Specificity, int Positives, int Negatives, double Auc);
