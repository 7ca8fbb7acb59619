using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Synthetic;

public sealed partial class WorldGeneratorTests
{
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Generate_DemoOtherSeeds_KeepsTheInvariants(int seed)
    {
        var world = SyntheticFollowers.World(seed);
        var data = world.Dataset;
        var created = new Dictionary<long, DateTime>();
        for (var r = 0; r < data.Accounts.Count; r++)
        {
            created.Add(data.Accounts.AccountId[r], data.Accounts.CreatedAt![r]!.Value);
        }

        var edges = new Dictionary<(long, long), DateTime>();
        var problems = new List<string>();
        for (var e = 0; e < data.Follows.Count; e++)
        {
            var (from, to, at) = (data.Follows.FollowerId[e], data.Follows.FolloweeId[e], data.Follows.FollowedAt![e]!.Value);
            if (from == to || !edges.TryAdd((from, to), at) || !created.TryGetValue(from, out var cf) || !created.TryGetValue(to, out var ct)
                || at < cf || at < ct || at > data.ReferenceTime)
            {
                problems.Add($"edge {e}");
            }
        }

        foreach (var purchase in world.Truth.Purchases)
        {
            var buyer = world.Truth.AuditedAccounts.Single(a => a.AccountId == purchase.AccountId);
            if (purchase.FollowerIds.Any(id => edges[(id, purchase.AccountId)] < purchase.DeliveryStart || edges[(id, purchase.AccountId)] > purchase.DeliveryEnd))
            {
                problems.Add($"{purchase.Vendor} delivered outside its window");
            }

            if (purchase.FollowerIds.Count < 0.01 * buyer.GenuineFollowers)
            {
                problems.Add($"{purchase.Vendor} below 1%");
            }
        }

        Assert.That(problems, Is.Empty);
        Assert.That(world.Truth.Purchases.Select(p => p.Vendor).Distinct().Count(), Is.EqualTo(5));
        Assert.That(GroundTruth.FromJson(world.Truth.ToJson()).ToJson(), Is.EqualTo(world.Truth.ToJson()));
    }
}
