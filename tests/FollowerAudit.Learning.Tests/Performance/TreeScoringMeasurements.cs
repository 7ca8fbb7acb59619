using System.Globalization;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests.Performance;

// Wall and CPU time of the three tree scorers (isolation-forest, novelty-forest, classifier) on a one-million-follower
// account, each run FOLLOWERAUDIT_MEASURE_RUNS times (default 3), with a SHA-256 prefix of scores and reasons (a faster
// version must print the same). Run on purpose:
//   dotnet test tests/FollowerAudit.Learning.Tests -c Release --filter "FullyQualifiedName~TreeScoringMeasurements" --logger "console;verbosity=detailed"
[Explicit("Measurement: scores a one-million-follower account with the tree scorers (a few minutes).")]
[Category("Measure")]
public sealed class TreeScoringMeasurements
{
    private static readonly string[] TreeScorers = [IsolationForestScorer.ScorerName, NoveltyForestScorer.ScorerName, TrainedClassifierScorer.ScorerName];

    [Test]
    public void Measure_OneMillionFollowers_TreeScorers()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("FOLLOWERAUDIT_MEASURE_RUNS"), CultureInfo.InvariantCulture, out var r) ? r : 3;
        var world = SyntheticFollowers.Generate(WorldOptions.SingleAccount(1_000_000));
        var account = world.Truth.AuditedAccounts[0].AccountId;
        Assert.That(world.Dataset.Accounts.TryGetRow(account, out var row), Is.True);
        var pipeline = new AuditPipelineBuilder()
            .UseProfileScoring().UseUnsupervisedScoring().UseTrainedClassifier()
            .Build();
        var context = new AuditContext(AccountSlice.Create(world.Dataset, row), AuditOptions.Default);
        foreach (var extractor in pipeline.FeatureExtractors)
        {
            extractor.Extract(context);
        }

        var scorers = pipeline.Scorers.Where(s => TreeScorers.Contains(s.Name)).ToList();
        Assert.That(scorers, Has.Count.EqualTo(TreeScorers.Length));
        for (var run = 0; run < runs; run++)
        {
            foreach (var scorer in scorers)
            {
                TestContext.Out.WriteLine(ScoringMemoryMeasurements.Step(scorer.Name, () => scorer.Score(context)));
            }
        }
    }
}
