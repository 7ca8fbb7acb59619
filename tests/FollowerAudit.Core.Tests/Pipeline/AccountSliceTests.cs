using FollowerAudit.Core.Pipeline;
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
}
