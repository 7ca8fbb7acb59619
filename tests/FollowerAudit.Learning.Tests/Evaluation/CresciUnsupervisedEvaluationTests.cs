using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Learning.Tests.Evaluation;

/// <summary>
/// docs/accuracy.md, "Unsupervised": `dotnet test tests/FollowerAudit.Learning.Tests --filter CresciUnsupervisedEvaluationTests`.
/// The shipped reference is built from the E13 genuine accounts, so its rows are in-sample here; the "(cv 10)" rows
/// rebuild the reference from the genuine accounts of the training folds only.
/// </summary>
public sealed class CresciUnsupervisedEvaluationTests
{
    private static readonly IFeatureExtractor[] Extractors = [new ProfileFeatureExtractor()];

    private static EvaluationReport Run(string name, IReadOnlyList<int>? rows, bool full)
    {
        var dataset = RealData.Cresci();
        var pipeline = new AuditPipelineBuilder().UseUnsupervisedScoring().Build();
        var report = Evaluator.Evaluate(dataset, pipeline, name, rows);
        string[] cvScorers = full
            ? [NoveltyForestScorer.ScorerName, CloneDensityScorer.ScorerName, UnsupervisedScorer.ScorerName]
            : [UnsupervisedScorer.ScorerName];
        var cv = cvScorers.Select(s => Evaluator.CrossValidate(dataset, Extractors, new ReferenceScorerTrainer(s), 10, seed: 7, rows, scoreWholeSet: true).Metrics);
        report = report with { Scorers = [.. report.Scorers, .. cv] };
        TestContext.Out.WriteLine(report.ToMarkdown());
        return report;
    }

    [Test]
    [Explicit("The full table of docs/accuracy.md (about a minute).")]
    public void Report_AllUnsupervisedScorers()
    {
        Run("cresci2015 E13+INT (balanced)", null, full: true);
        Run("cresci2015 E13 + 150 INT (10% fakes)", Evaluator.SubsampleFakes(RealData.Cresci(), 150, seed: 1), full: true);
    }

    [Test]
    public void Evaluate_Balanced_CombinedReachesTarget()
    {
        var report = Run("cresci2015 E13+INT (balanced)", null, full: false);
        var byName = report.Scorers.ToDictionary(r => r.Name);

        Assert.Multiple(() =>
        {
            Assert.That(byName["unsupervised (cv 10)"].Auc, Is.GreaterThanOrEqualTo(0.95));
            Assert.That(byName["isolation-forest"].Auc, Is.LessThan(0.5), "plain outlier detection is expected to fail on clones");
        });
    }

    [Test]
    public void Evaluate_TenPercentFakes_CombinedReachesTarget()
    {
        var rows = Evaluator.SubsampleFakes(RealData.Cresci(), 150, seed: 1);
        var report = Run("cresci2015 E13 + 150 INT (10% fakes)", rows, full: false);
        var byName = report.Scorers.ToDictionary(r => r.Name);

        Assert.That(byName["unsupervised (cv 10)"].Auc, Is.GreaterThanOrEqualTo(0.90));
    }
}
