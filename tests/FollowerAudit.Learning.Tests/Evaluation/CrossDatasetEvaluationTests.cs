using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.IO.Import;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests.Evaluation;

/// <summary>
/// docs/accuracy.md, "Instagram and cross-dataset": `dotnet test tests/FollowerAudit.Learning.Tests --filter CrossDatasetEvaluationTests`.
/// </summary>
public sealed class CrossDatasetEvaluationTests
{
    private static readonly IFeatureExtractor[] Extractors = [new ProfileFeatureExtractor()];

    private static AuditDataset Instagram() =>
        CsvTableImporter.Import(SharedDatasets.RequireFile("instagram-kaggle", "train.csv"), CsvTableImporter.InstagramKaggleMapping);

    private static string[] SharedFeatures(AuditDataset a, AuditDataset b)
    {
        var fa = Evaluator.Prepare(a, [0], Extractors).Features.Names;
        var fb = Evaluator.Prepare(b, [0], Extractors).Features.Names;
        return [.. fa.Intersect(fb, StringComparer.Ordinal)];
    }

    [Test]
    public void Instagram_RulesUnsupervisedAndClassifierCv_Report()
    {
        var instagram = Instagram();
        var pipeline = new AuditPipelineBuilder().UsePublishedRuleSets().UseProfileScoring().UseUnsupervisedScoring().Build();

        var report = Evaluator.Evaluate(instagram, pipeline, "instagram-kaggle train.csv");
        var cv = Evaluator.CrossValidate(instagram, Extractors, new ClassifierScorerTrainer(TrainOptions.Default with { CalibrationFolds = 2 }), 10, seed: 7);
        report = report with { Scorers = [.. report.Scorers, cv.Metrics] };
        TestContext.Out.WriteLine(report.ToMarkdown());

        Assert.That(cv.Metrics.Auc, Is.GreaterThan(0.9));
    }

    [Test]
    public void TrainOnTwitter_TestOnInstagram_AndBack_Report()
    {
        var cresci = RealData.Cresci();
        var instagram = Instagram();
        var shared = SharedFeatures(cresci, instagram);
        var trainer = new ClassifierScorerTrainer(TrainOptions.Default with { Features = shared, CalibrationFolds = 2 });

        var twitterToInstagram = Evaluator.TrainTest(cresci, instagram, Extractors, trainer, "classifier cresci → instagram");
        var instagramToTwitter = Evaluator.TrainTest(instagram, cresci, Extractors, trainer, "classifier instagram → cresci");
        TestContext.Out.WriteLine("shared features: " + string.Join(", ", shared));
        TestContext.Out.WriteLine(twitterToInstagram.ToMarkdown());
        TestContext.Out.WriteLine(instagramToTwitter.ToMarkdown());

        // Honest expectation: better than chance, far below in-platform accuracy.
        Assert.That(twitterToInstagram.Auc, Is.GreaterThan(0.5));
    }

    [Test]
    public void LabelFree_OnEachPopulation_CombinedScoreNeverBackwards()
    {
        var pipeline = new AuditPipelineBuilder().UsePublishedRuleSets().UseProfileScoring().UseUnsupervisedScoring().Build();
        var aucs = new List<double>();
        foreach (var population in RealData.Populations())
        {
            var report = Evaluator.Evaluate(population.Dataset, pipeline, population.Name);
            TestContext.Out.WriteLine(report.ToMarkdown());
            aucs.Add(report.Scorers.Single(r => r.Name == UnsupervisedScorer.ScorerName).Auc);
        }

        Assert.That(aucs, Is.All.GreaterThanOrEqualTo(0.5));
    }
}
