namespace FollowerAudit.Learning.Tests.Evaluation;

/// <summary>
/// docs/accuracy.md, "Leave-one-population-out": `dotnet test tests/FollowerAudit.Learning.Tests -c Release --filter Name=LeaveOnePopulationOut_ThreePopulations_Report --logger "console;verbosity=detailed"`.
/// </summary>
public sealed class PopulationEvaluationTests
{
    [Test]
    [Explicit("Trains 9 multi-population models (about 2 minutes); the figures behind docs/accuracy.md.")]
    public void LeaveOnePopulationOut_ThreePopulations_Report()
    {
        var report = EvaluationSuite.LeaveOnePopulationOut(RealData.Populations(), seed: 7, calibrationFolds: 5);
        TestContext.Out.WriteLine(report.ToMarkdown());
        foreach (var row in report.Scorers)
        {
            TestContext.Out.WriteLine($"{row.Name}: FPR {1 - row.Specificity:0.000} at recall {row.Recall:0.000}, threshold {row.Threshold:0.00}");
        }

        Assert.That(report.Scorers.Where(r => r.Name.StartsWith("unsupervised", StringComparison.Ordinal)).Select(r => r.Auc), Is.All.GreaterThanOrEqualTo(0.5));
    }
}
