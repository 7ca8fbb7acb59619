using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Synthetic;

// The mixed-stock vendor (issue 11): one purchase, a contiguous band of follows whose accounts come from 2-4 narrow
// creation windows, delivered interleaved or in sub-blocks.
public sealed partial class WorldGeneratorTests
{
    private static SyntheticWorld MixedStockWorld(int seed, double interleavedShare = WorldOptions.DefaultMixedStockInterleavedShare) =>
        SyntheticFollowers.Generate(WorldOptions.MixedStock with { Seed = seed, MixedStockInterleavedShare = interleavedShare });

    // Follow order of the buyer: its followers' ids sorted by follow time.
    private static List<long> FollowOrder(SyntheticWorld world, long accountId)
    {
        var follows = world.Dataset.Follows;
        return Enumerable.Range(0, follows.Count)
            .Where(e => follows.FolloweeId[e] == accountId)
            .OrderBy(e => follows.FollowedAt![e])
            .ThenBy(e => follows.FollowerId[e])
            .Select(e => follows.FollowerId[e])
            .ToList();
    }

    private static int WindowOf(SyntheticWorld world, PurchaseTruth purchase, long id)
    {
        world.Dataset.Accounts.TryGetRow(id, out var row);
        var created = world.Dataset.Accounts.CreatedAt![row]!.Value;
        return purchase.CreationWindows.ToList().FindIndex(w => created >= w.Start && created <= w.End);
    }

    [Test]
    public void Generate_DefaultOptions_HaveNoMixedStock()
    {
        Assert.That(WorldOptions.DefaultVendors, Does.Not.Contain(VendorKind.MixedStock));
        Assert.That(Default.Truth.Purchases.Select(p => p.Vendor), Does.Not.Contain(VendorKind.MixedStock));
    }

    [Test]
    public void Generate_MixedStockPreset_OnePurchaseFromTwoToFourNarrowWindowsWeeksApart()
    {
        var world = MixedStockWorld(1);

        var purchase = world.Truth.Purchases.Single(p => p.Vendor == VendorKind.MixedStock);
        var windows = purchase.CreationWindows;
        var used = purchase.FollowerIds.Select(id => WindowOf(world, purchase, id)).ToList();

        Assert.That(windows, Has.Count.InRange(2, 4));
        Assert.That(windows.Select(w => (w.End - w.Start).TotalHours), Has.All.LessThanOrEqualTo(72));
        Assert.That(windows.Zip(windows.Skip(1), (a, b) => (b.Start - a.End).TotalDays), Has.All.GreaterThanOrEqualTo(21));
        Assert.That(used, Has.None.EqualTo(-1), "every account created in one of the purchase's windows");
        Assert.That(used.Distinct().Count(), Is.EqualTo(windows.Count), "every window supplies accounts");
        Assert.That(purchase.FollowerIds, Has.Count.GreaterThanOrEqualTo(WorldOptions.MinMixedStockPurchase));
        Assert.That((purchase.DeliveryStart - windows[^1].End).TotalDays, Is.GreaterThanOrEqualTo(90), "aged stock");
        Assert.That(world.Truth.FakeAccountIds(), Is.SupersetOf(purchase.FollowerIds), "marked bought in the truth");
    }

    [TestCase(1.0, TestName = "Generate_MixedStockInterleaved_BatchesAlternateThroughTheBand")]
    [TestCase(0.0, TestName = "Generate_MixedStockSubBlocks_BatchesArriveOneAfterAnother")]
    public void Generate_MixedStock_DeliveryMode(double interleavedShare)
    {
        var world = MixedStockWorld(2, interleavedShare);
        var purchase = world.Truth.Purchases.Single(p => p.Vendor == VendorKind.MixedStock);
        var bought = purchase.FollowerIds.ToHashSet();
        var order = FollowOrder(world, purchase.AccountId);

        var band = order.Where(bought.Contains).Select(id => WindowOf(world, purchase, id)).ToList();
        var switches = band.Zip(band.Skip(1), (a, b) => a != b ? 1 : 0).Sum();
        var first = order.FindIndex(bought.Contains);
        var last = order.FindLastIndex(bought.Contains);

        Assert.That(last - first + 1, Is.LessThan(1.1 * bought.Count), "a contiguous band of follow ranks");
        if (interleavedShare == 1.0)
        {
            Assert.That(switches, Is.GreaterThan(bought.Count / 4), "windows interleaved");
        }
        else
        {
            Assert.That(switches, Is.EqualTo(purchase.CreationWindows.Count - 1), "one sub-block per window");
        }
    }

    [Test]
    public void Generate_MixedStockOffInOptions_DefaultWorldUnchanged()
    {
        var plain = WorldGenerator.Generate(WorldOptions.Demo with { Seed = 4 });
        var withOption = WorldGenerator.Generate(WorldOptions.Demo with { Seed = 4, MixedStockInterleavedShare = 0.9 });

        Assert.That(withOption.Truth.ToJson(), Is.EqualTo(plain.Truth.ToJson()));
    }
}
