using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class PublishedRuleSetsTests
{
    // Row 0: an empty, brand-new mass-follower; row 1: a complete, active, popular profile.
    private static AuditContext Context()
    {
        var dataset = new GraphBuilder()
            .Account(1)
            .Account(2, ("DisplayName", ""), ("HasAvatar", false), ("Location", ""), ("Bio", ""), ("Url", ""),
                ("FollowersCount", 2L), ("FollowingCount", 400L), ("PostsCount", 0L), ("ListedCount", 0L),
                ("CreatedAt", GraphBuilder.Utc(2023, 1, 1)))
            .Account(3, ("DisplayName", "Ann Lee"), ("HasAvatar", true), ("Location", "Oslo"), ("Bio", "poet"), ("Url", "http://x.y"),
                ("FollowersCount", 900L), ("FollowingCount", 300L), ("PostsCount", 4000L), ("ListedCount", 20L),
                ("CreatedAt", GraphBuilder.Utc(2015, 1, 1)))
            .Follow(2, 1).Follow(3, 1)
            .Build(GraphBuilder.Utc(2024, 1, 1));
        var context = new AuditContext(AccountSlice.Create(dataset, 0), AuditOptions.Default);
        new ProfileFeatureExtractor().Extract(context);
        return context;
    }

    [Test]
    public void CamisaniCalzolari_EmptyProfile_BotPointsWin()
    {
        var scores = new CamisaniCalzolariScorer().Score(Context());

        Assert.Multiple(() =>
        {
            // 9 bot points, 0 human: 9 / 10.
            Assert.That(scores.Scores[0], Is.EqualTo(0.9).Within(1e-12));
            Assert.That(scores.Scores[1], Is.Zero);
            Assert.That(scores.Reasons![0], Does.Contain("no biography"));
        });
    }

    [Test]
    public void Socialbakers_MassFollowerWithoutPosts_FlaggedWithReasons()
    {
        var scores = new SocialbakersScorer().Score(Context());

        Assert.Multiple(() =>
        {
            Assert.That(scores.Scores[0], Is.GreaterThanOrEqualTo(scores.Threshold));
            Assert.That(scores.Reasons![0], Is.EquivalentTo(new[]
            {
                "friends/followers ≥ 50:1", "never tweeted", "older than 2 months with the default image", "no bio, no location, following > 100",
            }));
            Assert.That(scores.Scores[1], Is.Zero);
        });
    }

    [Test]
    public void StatusPeople_EmptyProfile_Flagged()
    {
        var scores = new StatusPeopleScorer().Score(Context());

        Assert.Multiple(() =>
        {
            Assert.That(scores.Scores[0], Is.EqualTo(1.0));
            Assert.That(scores.Scores[1], Is.LessThan(scores.Threshold));
        });
    }

    [Test]
    public void UsePublishedRuleSets_AddsThreeNamedScorers()
    {
        var pipeline = new AuditPipelineBuilder().UseProfileScoring().UsePublishedRuleSets().Build();

        Assert.That(pipeline.Scorers.Select(s => s.Name), Is.SupersetOf(new[] { "camisani-calzolari", "statuspeople", "socialbakers" }));
    }
}
