using System.Diagnostics;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Learning.Tests.Evaluation;

public sealed class LopoExperiment
{
    [Test]
    [Explicit("experiment")]
    public void Timing()
    {
        var d = RealData.Purba();
        var sw = Stopwatch.StartNew();
        var pipeline = new AuditPipelineBuilder().UsePublishedRuleSets().UseProfileScoring().UseUnsupervisedScoring().UseTrainedClassifier().Build();
        var ctx = Evaluator.Prepare(d, ScoringContext.LabeledRows(d), pipeline.FeatureExtractors);
        TestContext.Out.WriteLine($"prepare {sw.ElapsedMilliseconds}");
        foreach (var s in pipeline.Scorers)
        {
            sw.Restart();
            var o = s.Score(ctx);
            ScoringContext.Record(ctx, o);
            TestContext.Out.WriteLine($"{s.Name} {sw.ElapsedMilliseconds}");
        }

        sw.Restart();
        Evaluator.CrossValidate(d, pipeline.FeatureExtractors, new ClassifierScorerTrainer(), 10, 7);
        TestContext.Out.WriteLine($"cv classifier {sw.ElapsedMilliseconds}");
        sw.Restart();
        Evaluator.CrossValidate(d, pipeline.FeatureExtractors, new ReferenceScorerTrainer(UnsupervisedScorer.ScorerName), 10, 7, scoreWholeSet: true);
        TestContext.Out.WriteLine($"cv unsupervised {sw.ElapsedMilliseconds}");
    }
}
