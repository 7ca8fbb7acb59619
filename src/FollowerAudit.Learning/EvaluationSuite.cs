using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Learning;

/// <summary>
/// One call for the CLI's <c>evaluate</c> command: every follower scorer side by side on ALL labeled accounts of a
/// dataset (not the followers of one account), plus cross-validated rows for the scorers that learn from data.
/// </summary>
public static class EvaluationSuite
{
    /// <summary>
    /// Scores the labeled accounts with the published rule sets, <c>profile-rules</c>, the unsupervised scorers (shipped
    /// reference) and the classifier (shipped or given model), then adds stratified K-fold rows (<c>name (cv K)</c>)
    /// for the classifier and the reference-based <c>unsupervised</c> score, each retrained inside the folds.
    /// </summary>
    /// <param name="labeled">Labeled accounts; follows are ignored.</param>
    /// <param name="datasetName">Name for the report.</param>
    /// <param name="cvFolds">K for cross-validation; 0 or 1 = no CV rows.</param>
    /// <param name="seed">Seed of the folds and the models.</param>
    /// <param name="modelPath">Classifier model to evaluate as shipped; the default model when null.</param>
    /// <param name="rows">Account rows to use; all labeled rows when null.</param>
    /// <returns>The report (serialise with <see cref="EvaluationReport.ToJson"/>).</returns>
    /// <exception cref="ArgumentException">No labeled accounts.</exception>
    public static EvaluationReport Run(AuditDataset labeled, string datasetName, int cvFolds = 10, int seed = 7, string? modelPath = null, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        var pipeline = new AuditPipelineBuilder { Options = AuditOptions.Default with { Seed = seed } }
            .UsePublishedRuleSets().UseProfileScoring().UseUnsupervisedScoring().UseTrainedClassifier(modelPath).Build();
        var report = Evaluator.Evaluate(labeled, pipeline, datasetName, rows);
        if (cvFolds < 2)
        {
            return report;
        }

        var options = pipeline.Options;
        var extractors = pipeline.FeatureExtractors;
        var classifier = Evaluator.CrossValidate(labeled, extractors, new ClassifierScorerTrainer(TrainOptions.Default with { Seed = seed }), cvFolds, seed, rows, options);
        var unsupervised = Evaluator.CrossValidate(labeled, extractors, new ReferenceScorerTrainer(UnsupervisedScorer.ScorerName), cvFolds, seed, rows, options, scoreWholeSet: true);
        return report with { Scorers = [.. report.Scorers, classifier.Metrics, unsupervised.Metrics] };
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
        IFeatureExtractor[] extractors = [new ProfileFeatureExtractor()];
        var trainRows = ScoringContext.LabeledRows(train);
        var testRows = ScoringContext.LabeledRows(test);
        var shared = Evaluator.Prepare(train, trainRows[..Math.Min(1, trainRows.Length)], extractors).Features.Names
            .Intersect(Evaluator.Prepare(test, testRows[..Math.Min(1, testRows.Length)], extractors).Features.Names, StringComparer.Ordinal)
            .ToArray();
        var options = AuditOptions.Default with { Seed = seed };
        MetricsRow[] rows =
        [
            Evaluator.TrainTest(train, test, extractors, new ClassifierScorerTrainer(TrainOptions.Default with { Seed = seed, Features = shared }), "classifier (trained on the other dataset)", options),
            Evaluator.TrainTest(train, test, extractors, new ReferenceScorerTrainer(UnsupervisedScorer.ScorerName), "unsupervised (reference from the other dataset)", options),
        ];
        return new EvaluationReport(datasetName, testRows.Length, rows);
    }
}
