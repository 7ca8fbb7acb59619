using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Pipeline;

public sealed class ScorerReasonsTests
{
    [Test]
    public void AuditAccount_ThreeScorers_KeepsReasonsOnlyWhileReadAndForTheCombinedScore()
    {
        var builder = new GraphBuilder().Account(0);
        for (var i = 1; i <= 5; i++)
        {
            builder.Account(i).Follow(i, 0);
        }

        var dataset = builder.Build(GraphBuilder.Utc(2024, 1, 1));
        var reader = new ReadingScorer("c", reads: "b");
        var pipeline = new AuditPipelineBuilder { Extensions = { new Scoring(new ReasonScorer("a"), new ReasonScorer("b"), reader) } }.Build();

        var audit = pipeline.AuditAccount(dataset, 0, [], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(reader.SawReasons, Is.True, "b's reasons were still there when c ran");
            Assert.That(audit.ScorerOutputs.Select(o => o.Reasons is null).ToArray(), Is.EqualTo(new[] { true, true, false }));
            Assert.That(audit.FollowerScores.Scorer, Is.EqualTo("c"));
        });
    }

    private sealed class Scoring(params IFollowerScorer[] scorers) : IAuditExtension
    {
        public void Setup(AuditPipelineBuilder builder)
        {
            foreach (var scorer in scorers)
            {
                builder.Scorers.Add(scorer);
            }
        }
    }

    private class ReasonScorer(string name) : IFollowerScorer
    {
        public string Name => name;

        public virtual FollowerScores Score(AuditContext context) =>
            new(name, new double[context.Slice.Count], 0.5, [.. Enumerable.Range(0, context.Slice.Count).Select(_ => new[] { name + " fired" })]);
    }

    private sealed class ReadingScorer(string name, string reads) : ReasonScorer(name), IReadsEarlierScores
    {
        public bool SawReasons { get; private set; }

        public IReadOnlyCollection<string> ReadsReasonsOf => [reads];

        public override FollowerScores Score(AuditContext context)
        {
            SawReasons = context.ScorerOutputs.Single(o => o.Scorer == reads).Reasons is not null;
            return base.Score(context);
        }
    }
}
