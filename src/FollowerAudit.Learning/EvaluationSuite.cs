using System.Globalization;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Learning;

/// <summary>
/// One call for the CLI's <c>evaluate</c> command: every follower scorer side by side on ALL labeled accounts of a
/// dataset (not the followers of one account), plus cross-validated rows for the scorers that learn from data, and
/// out-of-population evaluation (train on some populations, test on another; leave-one-population-out).
/// </summary>
public static class EvaluationSuite
{
    /// <summary>
    /// Scores the labeled accounts with the published rule sets, <c>profile-rules</c>, the unsupervised scorers (shipped
    /// reference) and the classifier (shipped or given model), then adds stratified K-fold rows (<c>name (cv K)</c>)
    /// for the classifier and the reference-based <c>unsupervised</c> score, each retrained inside the folds.
    /// </summary>
    /// <remarks>
    /// Every row says how it was measured (<see cref="MetricsRow.Evaluation"/>): the shipped model and reference are
    /// in-sample on the data they were built from, which the row names.
    /// </remarks>
    /// <param name="labeled">Labeled accounts; follows are ignored.</param>
    /// <param name="datasetName">Name for the report.</param>
    /// <param name="cvFolds">K for cross-validation; 0 or 1 = no CV rows.</param>
    /// <param name="seed">Seed of the folds and the models.</param>
    /// <param name="modelPath">Classifier model to evaluate as shipped; the default model when null.</param>
    /// <param name="rows">Account rows to use; all labeled rows when null.</param>
    /// <param name="calibrationFolds">Calibration folds of each cross-validated classifier.</param>
    /// <returns>The report (serialise with <see cref="EvaluationReport.ToJson"/>), with per-account scores.</returns>
    /// <exception cref="ArgumentException">No labeled accounts.</exception>
    public static EvaluationReport Run(
        AuditDataset labeled, string datasetName, int cvFolds = 10, int seed = 7, string? modelPath = null, IReadOnlyList<int>? rows = null,
        int calibrationFolds = 5)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        var pipeline = new AuditPipelineBuilder { Options = AuditOptions.Default with { Seed = seed } }
            .UsePublishedRuleSets().UseProfileScoring().UseUnsupervisedScoring().UseTrainedClassifier(modelPath).Build();
        var report = Evaluator.Evaluate(labeled, pipeline, datasetName, rows);
        var model = pipeline.Scorers.OfType<TrainedClassifierScorer>().Single().Model;
        var shippedReference = $"shipped genuine reference ({ReferencePopulation.Default.Source}): in-sample where this data is part of it";
        report = report with
        {
            Scorers = [.. report.Scorers.Select(r => r with
            {
                Evaluation = r.Name switch
                {
                    TrainedClassifierScorer.ScorerName => $"model as shipped, trained on {model.Metadata.TrainingSource}: in-sample where this data was part of its training data",
                    NoveltyForestScorer.ScorerName or CloneDensityScorer.ScorerName or UnsupervisedScorer.ScorerName => shippedReference,
                    IsolationForestScorer.ScorerName => "fitted on these accounts without their labels",
                    _ => "fixed rules, nothing fitted",
                },
            })],
        };
        if (cvFolds < 2)
        {
            return report;
        }

        var options = pipeline.Options;
        var extractors = pipeline.FeatureExtractors;
        var how = string.Create(CultureInfo.InvariantCulture, $"stratified {cvFolds}-fold cross-validation: each account scored by a model that never saw it");
        var classifier = Evaluator.CrossValidate(labeled, extractors, new ClassifierScorerTrainer(TrainOptions.Default with { Seed = seed, CalibrationFolds = calibrationFolds }), cvFolds, seed, rows, options);
        var unsupervised = Evaluator.CrossValidate(labeled, extractors, new ReferenceScorerTrainer(UnsupervisedScorer.ScorerName), cvFolds, seed, rows, options, scoreWholeSet: true);
        var accounts = report.Accounts!;
        foreach (var cv in new[] { classifier, unsupervised })
        {
            // CrossValidate keeps the rows in the order Evaluate scored them (the labeled rows, or the given ones).
            accounts = accounts.With(cv.Metrics.Name, cv.Scores);
        }

        return report with
        {
            Scorers = [.. report.Scorers, WithRoc(classifier) with { Evaluation = how }, WithRoc(unsupervised) with { Evaluation = how + " (reference rebuilt from the training folds' genuine accounts)" }],
            Accounts = accounts,
        };
    }

    /// <summary>Trains the classifier and the reference-based unsupervised score on one dataset and measures them on another.</summary>
    /// <param name="train">Labeled training accounts (e.g. Cresci).</param>
    /// <param name="test">Labeled test accounts (e.g. Instagram).</param>
    /// <param name="datasetName">Name for the report.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>The report; the classifier uses only the features both datasets have.</returns>
    public static EvaluationReport TrainTest(AuditDataset train, AuditDataset test, string datasetName, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var names = datasetName.Split(" -> ");
        return TrainTest([new LabeledPopulation(names[0], train)], new LabeledPopulation(names.Length > 1 ? names[1] : "test", test), seed);
    }

    /// <summary>
    /// Out-of-population evaluation: trains the classifier as the default model is trained (<see cref="TrainOptions.Portable"/>)
    /// on <paramref name="train"/> (several populations: balanced, threshold chosen leave-one-population-out among them,
    /// see <see cref="ClassifierTrainer.Train(IReadOnlyList{LabeledPopulation}, TrainOptions)"/>) on the portable features
    /// <paramref name="test"/> has, and measures it on <paramref name="test"/> at the model's own
    /// threshold. Also measures the label-free scores on <paramref name="test"/>, with the genuine reference rebuilt
    /// from the training populations, and <c>profile-rules</c>. No label of the test population is used before scoring.
    /// </summary>
    /// <param name="train">Training populations.</param>
    /// <param name="test">The test population.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="calibrationFolds">Calibration folds of each trained model.</param>
    /// <returns>The report, with ROC points and per-account scores.</returns>
    /// <exception cref="ArgumentException">No training population, or one without labels.</exception>
    public static EvaluationReport TrainTest(IReadOnlyList<LabeledPopulation> train, LabeledPopulation test, int seed = 7, int calibrationFolds = 5)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        IFeatureExtractor[] extractors = [new ProfileFeatureExtractor()];
        var testRows = ScoringContext.LabeledRows(test.Dataset);
        if (testRows.Length == 0)
        {
            throw new ArgumentException($"Test population '{test.Name}' has no labeled accounts.", nameof(test));
        }

        var options = AuditOptions.Default with { Seed = seed };
        var testContext = Evaluator.Prepare(test.Dataset, testRows, extractors, options);
        var testFeatures = testContext.Features.Names.Where(n => ClassifierTrainer.Present(testContext.Features, n)).ToArray();
        var trainedOn = string.Join(" + ", train.Select(p => p.Name));
        // The default model's recipe (TrainOptions.Portable), on the portable features the test population has.
        var features = TrainOptions.Portable.Features!.Intersect(testFeatures, StringComparer.Ordinal).ToArray();
        var model = ClassifierTrainer.Train(train, TrainOptions.Portable with { Seed = seed, Features = features, CalibrationFolds = calibrationFolds });
        var isFake = Evaluator.IsFake(test.Dataset, testRows);
        var accounts = ScoredAccounts.For(test.Name, test.Dataset, testRows);
        var rows = new List<MetricsRow>();
        var how = $"out-of-population: trained on {trainedOn} only, threshold chosen there ({model.Metadata.ThresholdRule})";

        void Add(string name, FollowerScores scores, string evaluation)
        {
            ScoringContext.Record(testContext, scores);
            rows.Add(ClassificationMetrics.Compute(name, isFake, scores.Scores, scores.Threshold) with { Evaluation = evaluation, Roc = ClassificationMetrics.RocPoints(isFake, scores.Scores) });
            accounts = accounts.With(name, scores.Scores);
        }

        Add($"classifier (trained on {trainedOn})", new TrainedClassifierScorer(model).Score(testContext), how);
        Add(ProfileRulesScorer.ScorerName, new ProfileRulesScorer().Score(testContext), "fixed rules, nothing fitted");
        var reference = GenuineReference(train, extractors);
        var labelFree = $"label-free; genuine reference from {trainedOn}";
        Add(NoveltyForestScorer.ScorerName, new NoveltyForestScorer(reference).Score(testContext), labelFree);
        Add(CloneDensityScorer.ScorerName, new CloneDensityScorer(reference).Score(testContext), labelFree);
        var unsupervised = new UnsupervisedScorer(reference, reuseEarlierOutputs: true).Score(testContext);
        Add(UnsupervisedScorer.ScorerName, unsupervised, labelFree);
        return new EvaluationReport($"{trainedOn} -> {test.Name}", testRows.Length, rows)
        {
            Accounts = accounts,
            Notes = [.. unsupervised.Notes.Select(note => $"{test.Name}: {note}")],
        };
    }

    /// <summary>
    /// Leave-one-population-out: each population in turn is the test set of <see cref="TrainTest(IReadOnlyList{LabeledPopulation}, LabeledPopulation, int, int)"/>
    /// trained on all the others.
    /// </summary>
    /// <param name="populations">At least two labeled populations.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="calibrationFolds">Calibration folds of each trained model.</param>
    /// <returns>One report whose rows are named <c>row → test population</c>, with all per-account scores.</returns>
    /// <exception cref="ArgumentException">Fewer than two populations.</exception>
    public static EvaluationReport LeaveOnePopulationOut(IReadOnlyList<LabeledPopulation> populations, int seed = 7, int calibrationFolds = 5)
    {
        ArgumentNullException.ThrowIfNull(populations);
        if (populations.Count < 2)
        {
            throw new ArgumentException("Leave-one-population-out needs at least two populations.", nameof(populations));
        }

        var parts = populations.Select(test => TrainTest([.. populations.Where(p => p != test)], test, seed, calibrationFolds)).ToList();
        return new EvaluationReport(
            "leave-one-population-out: " + string.Join(", ", populations.Select(p => p.Name)),
            parts.Sum(p => p.Rows),
            [.. parts.SelectMany((part, k) => part.Scorers.Select(r => r with { Name = $"{Generic(r.Name)} → {populations[k].Name}" }))])
        {
            Accounts = ScoredAccounts.Concat([.. parts.Select(p => Rename(p.Accounts!))]),
            Notes = [.. parts.SelectMany(p => p.Notes)],
        };
    }

    private static string Generic(string name) => name.StartsWith("classifier (trained on", StringComparison.Ordinal) ? "classifier" : name;

    private static ScoredAccounts Rename(ScoredAccounts accounts) =>
        accounts with { Columns = [.. accounts.Columns.Select(c => (Generic(c.Name), c.Scores))] };

    private static MetricsRow WithRoc(CrossValidationResult cv) => cv.Metrics with { Roc = ClassificationMetrics.RocPoints(cv.IsFake, cv.Scores) };

    /// <summary>The genuine accounts of the training populations as one reference population.</summary>
    private static ReferencePopulation GenuineReference(IReadOnlyList<LabeledPopulation> train, IFeatureExtractor[] extractors)
    {
        var tables = train.Select(p =>
        {
            var rows = ScoringContext.LabeledRows(p.Dataset);
            var genuine = rows.Where((_, i) => !Evaluator.IsFake(p.Dataset, rows)[i]).ToArray();
            return Evaluator.Prepare(p.Dataset, genuine, extractors).Features;
        }).ToList();
        var names = tables.SelectMany(t => t.Names).Distinct(StringComparer.Ordinal).ToArray();
        var merged = new FeatureTable(tables.Sum(t => t.RowCount));
        foreach (var name in names)
        {
            merged.Add(name, [.. tables.SelectMany(t => t.TryGet(name, out var v) ? v : Enumerable.Repeat(float.NaN, t.RowCount))]);
        }

        return ReferencePopulation.FromFeatures(merged, [.. Enumerable.Range(0, merged.RowCount)], "genuine accounts of " + string.Join(" + ", train.Select(p => p.Name)));
    }
}
