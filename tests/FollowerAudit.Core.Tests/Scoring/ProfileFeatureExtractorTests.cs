using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Testing;
using N = FollowerAudit.Core.Scoring.ProfileFeatureNames;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class ProfileFeatureExtractorTests
{
    private static readonly DateTime Reference = GraphBuilder.Utc(2024, 1, 1);

    private static AuditContext Extract(GraphBuilder builder)
    {
        var dataset = builder.Build(Reference);
        var context = new AuditContext(AccountSlice.Create(dataset, 0), AuditOptions.Default);
        new ProfileFeatureExtractor().Extract(context);
        return context;
    }

    private static double Feature(AuditContext context, string name, int row = 0) =>
        context.Features.TryGet(name, out var v) ? v[row] : throw new AssertionException($"feature {name} absent");

    [Test]
    public void Extract_FullProfile_ComputesClassAFeatures()
    {
        var context = Extract(new GraphBuilder()
            .Account(1)
            .Account(2, ("Handle", "bob1234"), ("DisplayName", "Bob Smith"), ("Bio", "hi"), ("Url", ""), ("Location", "Rome"),
                ("HasAvatar", true), ("FollowersCount", 10L), ("FollowingCount", 200L), ("PostsCount", 365L),
                ("ListedCount", 0L), ("CreatedAt", GraphBuilder.Utc(2023, 1, 1)), ("DefaultProfile", true))
            .Follow(2, 1));

        Assert.Multiple(() =>
        {
            Assert.That(Feature(context, N.HasName), Is.EqualTo(1));
            Assert.That(Feature(context, N.HasBio), Is.EqualTo(1));
            Assert.That(Feature(context, N.HasUrl), Is.EqualTo(0));
            Assert.That(Feature(context, N.HasLocation), Is.EqualTo(1));
            Assert.That(Feature(context, N.FollowersAtLeast30), Is.EqualTo(0));
            Assert.That(Feature(context, N.Listed), Is.EqualTo(0));
            Assert.That(Feature(context, N.PostsAtLeast50), Is.EqualTo(1));
            Assert.That(Feature(context, N.TwiceFollowersAtLeastFollowing), Is.EqualTo(0));
            Assert.That(Feature(context, N.FollowingPerFollower), Is.EqualTo(20));
            Assert.That(Feature(context, N.FollowingPerFollowerSquared), Is.EqualTo(2));
            Assert.That(Feature(context, N.AccountAgeDays), Is.EqualTo(365));
            Assert.That(Feature(context, N.PostsPerDay), Is.EqualTo(1));
            Assert.That(Feature(context, N.HandleLength), Is.EqualTo(7));
            // Computed in double, stored rounded once to 32 bits (FeatureTable).
            Assert.That(Feature(context, N.HandleDigitShare), Is.EqualTo((float)(4 / 7.0)));
            Assert.That(Feature(context, N.DisplayNameWords), Is.EqualTo(2));
            Assert.That(Feature(context, N.DefaultProfile), Is.EqualTo(1));
        });
    }

    [Test]
    public void Extract_MissingColumns_FeaturesAbsentNotZero()
    {
        var context = Extract(new GraphBuilder().Account(1).Account(2, ("FollowersCount", 5L)).Follow(2, 1));

        Assert.Multiple(() =>
        {
            Assert.That(context.Features.Names, Is.EquivalentTo(new[] { N.FollowersAtLeast30, N.Followers }));
            Assert.That(context.Features.Contains(N.HasAvatar), Is.False);
            Assert.That(context.Features.Contains(N.AccountAgeDays), Is.False);
        });
    }

    [Test]
    public void Extract_MissingCell_IsNaN()
    {
        var context = Extract(new GraphBuilder()
            .Account(1)
            .Account(2, ("FollowersCount", 5L))
            .Account(3, ("FollowersCount", null))
            .Follow(2, 1).Follow(3, 1));

        Assert.That(Feature(context, N.Followers, 1), Is.NaN);
    }

    [Test]
    public void Extract_DerivedColumnsOnly_UsesThem()
    {
        var accounts = new AccountTable
        {
            AccountId = [1, 2],
            HandleDigitShare = [null, 0.25],
            BioLength = [null, 0],
            HasUrl = [null, true],
        };
        var dataset = new AuditDataset(accounts, new FollowTable { FollowerId = [2], FolloweeId = [1] }, referenceTime: Reference);
        var context = ScoringContext.ForAccountRows(dataset, [1]);

        new ProfileFeatureExtractor().Extract(context);

        Assert.Multiple(() =>
        {
            Assert.That(Feature(context, N.HandleDigitShare), Is.EqualTo(0.25));
            Assert.That(Feature(context, N.HasBio), Is.EqualTo(0));
            Assert.That(Feature(context, N.HasUrl), Is.EqualTo(1));
            Assert.That(context.Features.Contains(N.HandleEntropy), Is.False);
        });
    }

    [TestCase("aaaa", 0.0)]
    [TestCase("ab", 1.0)]
    [TestCase("abcd", 2.0)]
    public void Entropy_KnownStrings_Bits(string text, double expected) =>
        Assert.That(ProfileFeatureExtractor.Entropy(text), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void Entropy_ShortAndLongTexts_SameBitsAsDictionaryCount()
    {
        var random = new Random(5);
        const string Alphabet = "abcdefghij_0123456789 éß漢";
        foreach (var length in new[] { 1, 7, 15, 40, 128, 129, 500, 5000 })
        {
            var text = new string([.. Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            // The definition: counts per character in order of first appearance, p·log2 p summed in that order.
            var counts = new Dictionary<char, int>();
            foreach (var c in text)
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }

            var expected = counts.Values.Aggregate(0.0, (h, n) => h - (n / (double)length * Math.Log2(n / (double)length)));
            Assert.That(ProfileFeatureExtractor.Entropy(text), Is.EqualTo(expected), $"length {length}");
        }
    }

    [TestCase("", 0)]
    [TestCase("   ", 0)]
    [TestCase("Jane", 1)]
    [TestCase("  Jane   Q  Public ", 3)]
    [TestCase("a\tb c", 2)]
    public void Words_DisplayNames_CountsWhatSplitOnSpaceCounts(string text, int expected) =>
        Assert.Multiple(() =>
        {
            Assert.That(ProfileFeatureExtractor.Words(text), Is.EqualTo(expected));
            Assert.That(ProfileFeatureExtractor.Words(text), Is.EqualTo(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
        });

    [Test]
    public void ForAccountRows_ArbitraryRows_KeepsOrder()
    {
        var dataset = new GraphBuilder().Account(10).Account(11).Account(12).Build(Reference);

        var context = ScoringContext.ForAccountRows(dataset, [2, 0, 1]);

        Assert.That(context.Slice.Followers.AccountId, Is.EqualTo(new long[] { 12, 10, 11 }));
    }
}
