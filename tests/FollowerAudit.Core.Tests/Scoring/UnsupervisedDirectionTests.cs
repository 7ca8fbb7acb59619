using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class UnsupervisedDirectionTests
{
    [Test]
    public void DirectionCheck_PartAlignedAndPartReversed_AucOneAndZero()
    {
        var anchor = Enumerable.Range(0, 100).Select(i => i / 100.0).ToArray();
        FollowerScores[] parts = [new("a", [.. anchor], 0.5, null), new("b", [.. anchor.Select(x => 1 - x)], 0.5, null)];

        var auc = UnsupervisedScorer.DirectionCheck(anchor, parts);

        Assert.That(auc, Is.EqualTo(new[] { 1.0, 0.0 }));
    }

    [Test]
    public void DirectionCheck_TooFewFollowersOrAllTied_NoVerdict()
    {
        FollowerScores[] parts = [new("a", new double[30], 0.5, null)];

        Assert.Multiple(() =>
        {
            Assert.That(UnsupervisedScorer.DirectionCheck(new double[30], parts), Is.Null);
            Assert.That(UnsupervisedScorer.DirectionCheck(new double[100], [new("a", new double[100], 0.5, null)]), Is.Null);
        });
    }

    [Test]
    public void Score_DiverseFakesAmongAHomogeneousGenuineCrowd_LeavesCloneDensityOutWithAReason()
    {
        // 200 genuine followers who look alike (one community, similar counts) and 200 fakes of many origins: thin
        // profiles with scattered counts. Clone density finds the genuine crowd denser than the fakes: backwards.
        var random = new Random(5);
        var builder = new GraphBuilder().Account(0);
        var isFake = new List<bool>();
        for (var i = 1; i <= 400; i++)
        {
            var fake = i > 200;
            builder.Account(i,
                ("FollowersCount", fake ? (long)random.Next(0, 40) : 500L + (i % 3)),
                ("FollowingCount", fake ? (long)Math.Exp(random.NextDouble() * 8) : 300L + (i % 4)),
                ("PostsCount", fake ? (long)random.Next(0, 30) : 1000L + (i % 5)),
                ("HasAvatar", !fake || random.NextDouble() < 0.3),
                ("Bio", fake ? new string('x', random.Next(0, 3)) : new string('x', 60)))
                .Follow(i, 0);
            isFake.Add(fake);
        }

        var context = new AuditContext(AccountSlice.Create(builder.Build(GraphBuilder.Utc(2024, 1, 1)), 0), AuditOptions.Default);
        new ProfileFeatureExtractor().Extract(context);
        var fakeFlags = context.Slice.Followers.AccountId.Select(id => id > 200).ToArray();

        var clones = new CloneDensityScorer().Score(context);
        var combined = new UnsupervisedScorer().Score(context);

        Assert.Multiple(() =>
        {
            Assert.That(ClassificationMetrics.RocAuc(fakeFlags, clones.Scores), Is.LessThan(0.5), "the setting: clone density votes backwards");
            Assert.That(combined.Notes, Has.Some.Contain("clone-density left out of the combined score"));
            Assert.That(ClassificationMetrics.RocAuc(fakeFlags, combined.Scores), Is.GreaterThan(0.5));
        });
    }
}
