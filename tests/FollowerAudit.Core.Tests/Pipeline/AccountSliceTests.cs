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
}
