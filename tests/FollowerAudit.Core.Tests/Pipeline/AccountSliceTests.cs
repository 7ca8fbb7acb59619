using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Pipeline;

public sealed class AccountSliceTests
{
    [Test]
    public void Create_FollowTimes_OrdersFollowersEarliestFirst()
    {
        var dataset = new GraphBuilder()
            .Account(1).Account(2).Account(3).Account(4)
            .Follow(2, 1, GraphBuilder.Utc(2024, 3, 3))
            .Follow(3, 1, GraphBuilder.Utc(2024, 3, 1))
            .Follow(4, 1, GraphBuilder.Utc(2024, 3, 2))
            .Build();

        var slice = AccountSlice.Create(dataset, accountRow: 0);

        Assert.That(slice.Followers.AccountId, Is.EqualTo(new long[] { 3, 4, 2 }));
    }

    [Test]
    public void Create_Sample_KeepsFollowOrderAndIsDeterministic()
    {
        var builder = new GraphBuilder().Account(0);
        for (var i = 1; i <= 100; i++)
        {
            builder.Account(i).Follow(i, 0, rank: i);
        }

        var dataset = builder.Build();

        var first = AccountSlice.Create(dataset, 0, sampleSize: 10, seed: 3);
        var second = AccountSlice.Create(dataset, 0, sampleSize: 10, seed: 3);

        Assert.That(first.Followers.AccountId, Is.EqualTo(second.Followers.AccountId));
        Assert.That(first.Followers.AccountId, Is.Ordered);
        Assert.That(first.IsSample, Is.True);
        Assert.That(first.TotalFollowersInData, Is.EqualTo(100));
    }

    [Test]
    public void Create_RanksWithoutFollowTimes_EstimatesThemFromCreationDatesAndSaysSo()
    {
        var dataset = new GraphBuilder()
            .Account(1)
            .Account(2, ("CreatedAt", GraphBuilder.Utc(2020, 1, 1)))
            .Account(3, ("CreatedAt", GraphBuilder.Utc(2022, 6, 1)))
            .Account(4, ("CreatedAt", GraphBuilder.Utc(2021, 1, 1)))
            .Account(5)
            .Follow(2, 1, rank: 0).Follow(3, 1, rank: 1).Follow(4, 1, rank: 2).Follow(5, 1, rank: 3)
            .Build(GraphBuilder.Utc(2024, 1, 1));

        var slice = AccountSlice.Create(dataset, accountRow: 0);

        Assert.Multiple(() =>
        {
            Assert.That(slice.FollowedAtEstimated, Is.True);
            Assert.That(slice.FollowOrder, Is.EqualTo(FollowOrderSource.Rank));

            // Running maximum of creation dates along the follow order: a follow cannot precede its follower's account.
            Assert.That(slice.FollowedAt, Is.EqualTo(new DateTime?[] { GraphBuilder.Utc(2020, 1, 1), GraphBuilder.Utc(2022, 6, 1), GraphBuilder.Utc(2022, 6, 1), GraphBuilder.Utc(2022, 6, 1) }));
        });
    }

    [Test]
    public void Create_SampleOfRanksWithoutFollowTimes_EstimatesOverEveryFollowerBeforeSampling()
    {
        var builder = new GraphBuilder().Account(0);
        for (var i = 1; i <= 100; i++)
        {
            builder.Account(i, ("CreatedAt", GraphBuilder.Utc(2020, 1, 1).AddDays(i))).Follow(i, 0, rank: i);
        }

        var slice = AccountSlice.Create(builder.Build(GraphBuilder.Utc(2024, 1, 1)), 0, sampleSize: 10, seed: 3);

        // Creation dates rise with the follow order, so each follower's bound is its own creation date.
        Assert.That(slice.FollowedAt, Is.EqualTo(slice.Followers.CreatedAt));
    }

    [Test]
    public void ReceiveFollowerRows_ShuffledChunks_SameSliceAsWithoutProfileTextAndSameFeatures()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 3 });
        var dataset = world.Dataset;
        var row = Enumerable.Range(0, dataset.Accounts.Count).MaxBy(r => dataset.FollowerIndex.FollowerCount(r));
        var slice = AccountSlice.Create(dataset, row);
        var options = new AuditOptions { InactiveAfterDays = 90, MassFollowerThreshold = 500 };
        var expected = slice.WithoutProfileText(options);
        var expectedFeatures = new FeatureTable(slice.Count);
        ProfileFeatureExtractor.Compute(slice.Followers, slice.ReferenceTime, expectedFeatures);

        // Chunks of 97 followers in a shuffled order, as row groups of an accounts table sorted by id would come.
        var order = Enumerable.Range(0, slice.Count).OrderBy(i => slice.Followers.AccountId[i] * 7919 % 1009).ToArray();
        var receiver = slice.ReceiveFollowerRows(slice.Account, computeProfileFeatures: true, options);
        foreach (var chunk in order.Chunk(97))
        {
            receiver.Add(slice.Followers.Select(chunk), chunk);
        }

        var actual = receiver.Finish();

        Assert.Multiple(() =>
        {
            foreach (var column in typeof(AccountTable).GetProperties().Where(p => p.PropertyType.IsArray))
            {
                Assert.That(column.GetValue(actual.Followers), Is.EqualTo(column.GetValue(expected.Followers)), column.Name);
            }

            Assert.That(actual.ProfileFeatures!.Names, Is.EqualTo(expectedFeatures.Names));
            foreach (var name in expectedFeatures.Names)
            {
                expectedFeatures.TryGet(name, out var values);
                actual.ProfileFeatures.TryGet(name, out var computed);
                Assert.That(computed, Is.EqualTo(values), name);
            }

            Assert.That(actual.WithoutProfileText(options).ProfileFeatures, Is.Null, "a slice made from it does not carry them");
            var flags = Enumerable.Range(0, slice.Count).Select(i => (actual.Activity!.IsInactive(i), actual.Activity.IsMassFollower(i)));
            Assert.That(flags, Is.EqualTo(Enumerable.Range(0, slice.Count).Select(i => (expected.Activity!.IsInactive(i), expected.Activity.IsMassFollower(i)))));
            Assert.That(flags.Count(f => f.Item1), Is.InRange(1, slice.Count - 1), "the demo world has active and inactive followers");
            Assert.That(actual.HasFollowerActivityColumns, Is.True);
        });
    }

    [Test]
    public void ReceiveFollowerRows_SameCreationTimes_SharesTheSliceColumnElseKeepsTheRows()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 3 });
        var slice = AccountSlice.Create(world.Dataset, Enumerable.Range(0, world.Dataset.Accounts.Count).MaxBy(r => world.Dataset.FollowerIndex.FollowerCount(r)));
        var all = Enumerable.Range(0, slice.Count).ToArray();
        var known = (DateTime?[])slice.Followers.CreatedAt!.Clone();
        AccountTable Received(Action<DateTime?[]> change)
        {
            var rows = slice.Followers.Select(all);
            change(rows.CreatedAt!);
            var receiver = slice.ReceiveFollowerRows(slice.Account, computeProfileFeatures: false, new AuditOptions());
            foreach (var chunk in all.Chunk(101))
            {
                receiver.Add(rows.Select(chunk), chunk);
            }

            return receiver.Finish().Followers;
        }

        var same = Received(_ => { });
        var later = Received(c => c[7] = c[7]!.Value.AddSeconds(1));
        var unspecified = Received(c => c[250] = DateTime.SpecifyKind(c[250]!.Value, DateTimeKind.Unspecified));

        Assert.Multiple(() =>
        {
            Assert.That(same.CreatedAt, Is.SameAs(slice.Followers.CreatedAt), "equal times are not held twice");
            Assert.That(later.CreatedAt, Is.Not.SameAs(slice.Followers.CreatedAt));
            Assert.That(later.CreatedAt![7], Is.EqualTo(known[7]!.Value.AddSeconds(1)), "a differing time is the row's");
            Assert.That(later.CreatedAt.Where((_, i) => i != 7), Is.EqualTo(known.Where((_, i) => i != 7)));
            Assert.That(unspecified.CreatedAt![250]!.Value.Kind, Is.EqualTo(DateTimeKind.Unspecified), "a differing kind counts as a difference");
            Assert.That(slice.Followers.CreatedAt, Is.EqualTo(known), "the slice's own column is never written");
        });
    }

    [Test]
    public void ReceiveFollowerRows_AFollowerMissingOrTwice_Throws()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = 3 });
        var slice = AccountSlice.Create(world.Dataset, Enumerable.Range(0, world.Dataset.Accounts.Count).MaxBy(r => world.Dataset.FollowerIndex.FollowerCount(r)));
        var receiver = slice.ReceiveFollowerRows(slice.Account, computeProfileFeatures: false, new AuditOptions());
        receiver.Add(slice.Followers.Select([0, 1]), [0, 1]);

        Assert.That(() => receiver.Add(slice.Followers.Select([1]), [1]), Throws.ArgumentException);
        Assert.That(() => receiver.Add(slice.Followers.Select([2]), [3]), Throws.ArgumentException, "the row of another follower");
        Assert.That(receiver.Finish, Throws.InvalidOperationException.With.Message.Contains("did not come"));
    }

    [Test]
    public void WithoutProfileText_LastPostsAndCounts_KeptAsActivityFlagsWithTheirThresholds()
    {
        var reference = GraphBuilder.Utc(2025, 1, 1);
        var dataset = new GraphBuilder()
            .Account(1)
            .Account(2, ("PostsCount", 0L), ("LastPostAt", reference.AddDays(-1)))
            .Account(3, ("PostsCount", 10L), ("LastPostAt", reference.AddDays(-31)))
            .Account(4, ("PostsCount", 10L), ("LastPostAt", reference.AddDays(-29)), ("FollowingCount", 5_001L))
            .Account(5, ("FollowingCount", 5_000L))
            .Account(6)
            .Follow(2, 1, GraphBuilder.Utc(2024, 3, 1)).Follow(3, 1, GraphBuilder.Utc(2024, 3, 2))
            .Follow(4, 1, GraphBuilder.Utc(2024, 3, 3)).Follow(5, 1, GraphBuilder.Utc(2024, 3, 4)).Follow(6, 1, GraphBuilder.Utc(2024, 3, 5))
            .Build(reference);
        var options = new AuditOptions { InactiveAfterDays = 30, MassFollowerThreshold = 5_000 };

        var lean = AccountSlice.Create(dataset, accountRow: 0).WithoutProfileText(options);

        Assert.Multiple(() =>
        {
            Assert.That(lean.Followers.LastPostAt, Is.Null);
            Assert.That(lean.Followers.PostsCount, Is.Null);
            Assert.That(lean.Followers.FollowingCount, Is.Null);
            Assert.That(Enumerable.Range(0, 5).Select(lean.Activity!.IsInactive), Is.EqualTo(new[] { true, true, false, false, false }), "never posted; last post 31 days ago");
            Assert.That(Enumerable.Range(0, 5).Select(lean.Activity.IsMassFollower), Is.EqualTo(new[] { false, false, true, false, false }), "more than 5,000 only");
            Assert.That(lean.HasFollowerActivityColumns, Is.True);
            Assert.That(lean.ActivityFor(options), Is.SameAs(lean.Activity));
            Assert.That(() => lean.ActivityFor(options with { InactiveAfterDays = 60 }), Throws.InvalidOperationException, "the columns are gone: other thresholds cannot be applied");
            Assert.That(lean.WithoutProfileText(options).Activity, Is.SameAs(lean.Activity), "a slice made from it keeps the flags");
        });
    }

    [Test]
    public void HasFollowerActivityColumns_NoLastPostOrPostCount_False()
    {
        var dataset = new GraphBuilder().Account(1).Account(2, ("FollowingCount", 9_000L)).Follow(2, 1).Build();

        var lean = AccountSlice.Create(dataset, accountRow: 0).WithoutProfileText(new AuditOptions());

        Assert.Multiple(() =>
        {
            Assert.That(lean.HasFollowerActivityColumns, Is.False);
            Assert.That(lean.Activity!.IsInactive(0), Is.False);
            Assert.That(lean.Activity.IsMassFollower(0), Is.True);
        });
    }
}
