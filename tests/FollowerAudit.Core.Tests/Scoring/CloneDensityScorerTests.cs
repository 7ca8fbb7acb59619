using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class CloneDensityScorerTests
{
    // 300 diverse, plausible accounts plus a batch of 60 near-identical empty profiles that follow ~1,000 accounts.
    private static AuditContext Context(int diverse = 300, int clones = 60)
    {
        var random = new Random(11);
        var builder = new GraphBuilder().Account(0);
        for (var i = 1; i <= diverse + clones; i++)
        {
            var clone = i > diverse;
            builder.Account(i,
                ("FollowersCount", clone ? 3L + (i % 3) : (long)Math.Exp(random.NextDouble() * 9)),
                ("FollowingCount", clone ? 1000L + (i % 5) : (long)Math.Exp(random.NextDouble() * 7)),
                ("PostsCount", clone ? 0L : (long)Math.Exp(random.NextDouble() * 10)),
                ("ListedCount", clone ? 0L : (long)Math.Exp(random.NextDouble() * 3)),
                ("HasAvatar", clone ? false : random.NextDouble() < 0.9),
                ("Bio", clone ? "" : new string('x', random.Next(0, 160))),
                ("Location", clone ? "" : random.NextDouble() < 0.6 ? "somewhere" : ""))
                .Follow(i, 0);
        }

        var context = new AuditContext(AccountSlice.Create(builder.Build(GraphBuilder.Utc(2024, 1, 1)), 0), AuditOptions.Default);
        new ProfileFeatureExtractor().Extract(context);
        return context;
    }

    [Test]
    public void Unsupervised_InPipelineReusingEarlierOutputs_SameScoresAsComputedAlone()
    {
        var context = Context();
        var pipeline = new AuditPipelineBuilder().UseUnsupervisedScoring().Build();

        var audit = pipeline.AuditAccount(context.Slice, [], CancellationToken.None);
        var alone = new UnsupervisedScorer().Score(Context());

        var reused = audit.ScorerOutputs.Single(o => o.Scorer == UnsupervisedScorer.ScorerName);
        Assert.That(reused.Scores, Is.EqualTo(alone.Scores));
    }

    [Test]
    public void Score_ClusterOfNearIdenticalAccounts_FlagsTheCluster()
    {
        var scores = new CloneDensityScorer().Score(Context());

        var clonesFlagged = scores.Scores.Skip(300).Count(s => s >= scores.Threshold);
        var othersFlagged = scores.Scores.Take(300).Count(s => s >= scores.Threshold);
        Assert.Multiple(() =>
        {
            Assert.That(clonesFlagged, Is.EqualTo(60));
            Assert.That(othersFlagged, Is.LessThan(30));
            Assert.That(scores.Reasons![359], Has.One.StartsWith("near-copy"));
        });
    }

    [Test]
    public void Score_SameSeed_Deterministic()
    {
        var a = new UnsupervisedScorer().Score(Context());
        var b = new UnsupervisedScorer().Score(Context());

        Assert.That(a.Scores, Is.EqualTo(b.Scores));
    }

    [Test]
    public void IsolationForestScorer_Clones_AreNotOutliers()
    {
        // The trap: when a purchase is a large share of the followers, a plain outlier detector sees the clones as the
        // normal mode, not as anomalies.
        var scores = new IsolationForestScorer().Score(Context(diverse: 200, clones: 300));

        Assert.That(scores.Scores.Skip(200).Average(), Is.LessThan(scores.Scores.Take(200).Average()));
    }

    [Test]
    public void UseUnsupervisedScoring_AddsFourScorers_CombinedLast()
    {
        var pipeline = new AuditPipelineBuilder().UseUnsupervisedScoring().Build();

        Assert.That(pipeline.Scorers.Select(s => s.Name), Is.EqualTo(new[] { "isolation-forest", "novelty-forest", "clone-density", "unsupervised" }));
    }
}
