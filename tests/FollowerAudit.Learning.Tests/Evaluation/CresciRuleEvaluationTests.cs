using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Learning.Tests.Evaluation;

/// <summary>docs/accuracy.md, "Rule sets": `dotnet test tests/FollowerAudit.Learning.Tests --filter CresciRuleEvaluationTests`.</summary>
public sealed class CresciRuleEvaluationTests
{
    [Test]
    public void Evaluate_RuleSetsOnCresci_ProfileRulesBeatPublishedRules()
    {
        var dataset = RealData.Cresci();
        var pipeline = new AuditPipelineBuilder().UsePublishedRuleSets().UseProfileScoring().Build();

        IFollowerScorer[] singles =
        [
            new SingleRuleScorer("rule friends/followers² ≥ 0.5", ProfileFeatureNames.FollowingPerFollowerSquared, v => v >= 0.5),
            new SingleRuleScorer("rule followers < 30", ProfileFeatureNames.FollowersAtLeast30, v => v < 0.5),
        ];

        var report = Evaluator.Evaluate(dataset, pipeline.FeatureExtractors, [.. pipeline.Scorers, .. singles], "cresci2015 E13+INT");
        TestContext.Out.WriteLine(report.ToMarkdown());
        TestContext.Out.WriteLine(report.ToJson());
        var byName = report.Scorers.ToDictionary(r => r.Name);

        Assert.Multiple(() =>
        {
            Assert.That(report.Rows, Is.EqualTo(2818));
            Assert.That(byName["profile-rules"].Mcc, Is.GreaterThan(0.5));
            Assert.That(byName["profile-rules"].Auc, Is.GreaterThan(0.9));
        });
    }
}
