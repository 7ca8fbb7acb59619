using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Learning.Tests.Evaluation;

/// <summary>
/// docs/accuracy.md, "Leave-one-population-out" and "The default model":
/// `dotnet test tests/FollowerAudit.Learning.Tests -c Release --filter Name=LeaveOnePopulationOut_ThreePopulations_Report --logger "console;verbosity=detailed"`;
/// the default model is rebuilt with `--filter Name=Regenerate_DefaultClassifier`.
/// </summary>
public sealed class PopulationEvaluationTests
{
    [Test]
    [Explicit("Trains 9 multi-population models (about a minute); the figures behind docs/accuracy.md.")]
    public void LeaveOnePopulationOut_ThreePopulations_Report()
    {
        var report = EvaluationSuite.LeaveOnePopulationOut(RealData.Populations(), seed: 7, calibrationFolds: 5);
        TestContext.Out.WriteLine(report.ToMarkdown());
        foreach (var row in report.Scorers)
        {
            TestContext.Out.WriteLine($"{row.Name}: FPR {1 - row.Specificity:0.000} at recall {row.Recall:0.000}, threshold {row.Threshold:0.00}");
        }

        Assert.That(report.Scorers.Where(r => r.Name.StartsWith(UnsupervisedScorer.ScorerName, StringComparison.Ordinal)).Select(r => r.Auc), Is.All.GreaterThanOrEqualTo(0.5));
    }

    [Test]
    [Explicit("Writes src/FollowerAudit.Learning/Models/portable-classifier.zip; run on purpose.")]
    public void Regenerate_DefaultClassifier()
    {
        var model = ClassifierTrainer.Train(RealData.Populations(), TrainOptions.Portable);
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "FollowerAudit.sln")))
        {
            dir = dir.Parent;
        }

        model.Save(Path.Combine(dir.FullName, "src", "FollowerAudit.Learning", "Models", "portable-classifier.zip"));
        TestContext.Out.WriteLine($"threshold {model.Metadata.Threshold:0.00} ({model.Metadata.ThresholdRule}); pooled out-of-fold AUC {model.Metadata.Auc:0.000}, MCC {model.Metadata.Mcc:0.000}");
        foreach (var p in model.Metadata.Populations!)
        {
            TestContext.Out.WriteLine($"| {p.Population} | {p.Sensitivity:0.000} | {p.Specificity:0.000} | {p.Auc:0.000} | {p.Positives} | {p.Negatives} |");
        }

        Assert.That(model.Metadata.Populations, Has.Count.EqualTo(3));
    }
}
