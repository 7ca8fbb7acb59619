using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class ProfileRulesScorerTests
{
    [Test]
    public void Score_ThinProfileVsRichProfile_FlagsOnlyThin()
    {
        var dataset = new GraphBuilder()
            .Account(1)
            .Account(2, ("FollowersCount", 3L), ("FollowingCount", 900L), ("PostsCount", 0L), ("ListedCount", 0L),
                ("HasAvatar", false), ("Bio", ""), ("Url", ""), ("DisplayName", "x"), ("Location", ""), ("DefaultProfile", true))
            .Account(3, ("FollowersCount", 800L), ("FollowingCount", 300L), ("PostsCount", 5000L), ("ListedCount", 12L),
                ("HasAvatar", true), ("Bio", "writer"), ("Url", "http://a.b"), ("DisplayName", "Ann"), ("Location", "Oslo"), ("DefaultProfile", false))
            .Follow(2, 1).Follow(3, 1)
            .Build(GraphBuilder.Utc(2024, 1, 1));
        var pipeline = new AuditPipelineBuilder().UseProfileScoring().Build();

        var audit = pipeline.AuditAccount(dataset, 0, [], CancellationToken.None);
        var scores = audit.ScorerOutputs.Single(o => o.Scorer == ProfileRulesScorer.ScorerName);

        Assert.Multiple(() =>
        {
            Assert.That(scores.Scores[0], Is.GreaterThanOrEqualTo(scores.Threshold));
            Assert.That(scores.Scores[1], Is.EqualTo(0));
            Assert.That(scores.Reasons![0], Does.Contain("fewer than 30 followers"));
            Assert.That(scores.Reasons![1], Is.Empty);
        });
    }

    [Test]
    public void Score_NoColumns_ZeroScores()
    {
        var dataset = new GraphBuilder().Account(1).Account(2).Follow(2, 1).Build();
        var context = new AuditContext(AccountSlice.Create(dataset, 0), AuditOptions.Default);
        new ProfileFeatureExtractor().Extract(context);

        var scores = new ProfileRulesScorer().Score(context);

        Assert.That(scores.Scores, Is.EqualTo(new[] { 0.0 }));
    }

    [Test]
    public void UseProfileScoring_WithOtherScoringExtensions_AddsFeaturesOnce()
    {
        var pipeline = new AuditPipelineBuilder().UseProfileScoring().UseProfileScoring().Build();

        Assert.That(pipeline.FeatureExtractors.Count(x => x.Name == ProfileFeatureExtractor.ExtractorName), Is.EqualTo(1));
    }
}
