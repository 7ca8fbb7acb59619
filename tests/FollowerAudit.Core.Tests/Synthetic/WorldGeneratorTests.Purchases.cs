using FollowerAudit.Core.Model;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Synthetic;

public sealed partial class WorldGeneratorTests
{
    [Test]
    public void Generate_Default_HasCleanAccountsAndEveryDefaultVendorKind()
    {
        var truth = Default.Truth;

        Assert.That(truth.AuditedAccounts, Has.Count.EqualTo(WorldOptions.DefaultAuditedAccounts));
        Assert.That(truth.AuditedAccounts.Count(a => !a.Bought), Is.EqualTo(WorldOptions.DefaultCleanAccounts));
        Assert.That(truth.Purchases.Select(p => p.Vendor).Distinct(), Is.EquivalentTo(WorldOptions.DefaultVendors));
        Assert.That(truth.Pods, Has.Count.EqualTo(1));
    }

    [Test]
    public void Generate_Demo_HasOneCleanAccountAndEveryDefaultVendorKind()
    {
        var truth = Demo.Truth;

        Assert.That(truth.AuditedAccounts, Has.Count.EqualTo(6));
        Assert.That(truth.AuditedAccounts.Count(a => !a.Bought), Is.EqualTo(1));
        Assert.That(truth.Purchases.Select(p => p.Vendor).Distinct(), Is.EquivalentTo(WorldOptions.DefaultVendors));
        Assert.That(truth.AuditedAccounts.Select(a => a.GenuineFollowers + a.FakeFollowers), Has.All.InRange(2_000, 20_000));
    }

    [Test]
    public void Generate_Default_PurchasesAreAtLeastOnePercentOfTheBuyersFollowers()
    {
        var truth = Default.Truth;

        foreach (var purchase in truth.Purchases)
        {
            var buyer = truth.AuditedAccounts.Single(a => a.AccountId == purchase.AccountId);
            Assert.That(purchase.FollowerIds.Count, Is.GreaterThanOrEqualTo(0.01 * buyer.GenuineFollowers), purchase.Vendor.ToString());
        }
    }

    [Test]
    public void Generate_Default_PurchasedFollowersArriveWithinTheDeliveryWindow()
    {
        var world = Default;
        var follows = world.Dataset.Follows;
        var at = new Dictionary<(long, long), DateTime>();
        for (var e = 0; e < follows.Count; e++)
        {
            at[(follows.FollowerId[e], follows.FolloweeId[e])] = follows.FollowedAt![e]!.Value;
        }

        foreach (var purchase in world.Truth.Purchases)
        {
            var times = purchase.FollowerIds.Select(id => at[(id, purchase.AccountId)]).ToList();

            Assert.That(times, Has.All.InRange(purchase.DeliveryStart, purchase.DeliveryEnd), purchase.Vendor.ToString());
            var days = (purchase.DeliveryEnd - purchase.DeliveryStart).TotalDays;
            Assert.That(days, purchase.Vendor == VendorKind.SlowDrip ? Is.InRange(14, 60) : Is.LessThanOrEqualTo(3), purchase.Vendor.ToString());
            Assert.That(purchase.DeliveryEnd, Is.LessThan(world.Dataset.ReferenceTime));
        }
    }

    [Test]
    public void Generate_Default_FakesWereCreatedInTheirVendorsWindowsBeforeDelivery()
    {
        var world = Default;
        var accounts = world.Dataset.Accounts;

        foreach (var purchase in world.Truth.Purchases)
        {
            foreach (var id in purchase.FollowerIds)
            {
                accounts.TryGetRow(id, out var row);
                var created = accounts.CreatedAt![row]!.Value;
                Assert.That(purchase.CreationWindows.Any(w => created >= w.Start && created <= w.End), Is.True, purchase.Vendor.ToString());
                Assert.That(created, Is.InRange(purchase.CreatedFrom, purchase.CreatedTo));
                Assert.That(created, Is.LessThan(purchase.DeliveryStart));
            }
        }
    }

    [Test]
    public void Generate_Default_CheapFakesLookCheapAndWereCreatedTogether()
    {
        var world = Default;
        var accounts = world.Dataset.Accounts;
        var cheap = world.Truth.Purchases.Where(p => p.Vendor == VendorKind.Cheap).ToList();
        var rows = cheap.SelectMany(p => p.FollowerIds).Select(id => accounts.TryGetRow(id, out var r) ? r : -1).ToList();

        double Share(Func<int, bool> predicate) => rows.Count(predicate) / (double)rows.Count;

        Assert.That(cheap, Is.Not.Empty);
        Assert.That(cheap.Select(p => (p.CreatedTo - p.CreatedFrom).TotalDays), Has.All.LessThanOrEqualTo(3));
        Assert.That(Share(r => accounts.HasAvatar![r] == false), Is.GreaterThan(0.8));
        Assert.That(Share(r => accounts.Bio![r] is null), Is.GreaterThan(0.9));
        Assert.That(Share(r => accounts.Handle![r]!.Count(char.IsAsciiDigit) >= 4), Is.GreaterThan(0.9));
        Assert.That(Share(r => accounts.FollowingCount![r] > 10 * accounts.FollowersCount![r]), Is.GreaterThan(0.9));
        Assert.That(Share(r => accounts.PostsCount![r] <= 5), Is.EqualTo(1.0));
    }

    [Test]
    public void Generate_Default_PremiumFakesWearStolenBiosAndAvatars()
    {
        var world = Default;
        var accounts = world.Dataset.Accounts;
        var genuineBios = GenuineRows(world.Dataset).Select(r => accounts.Bio![r]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var rows = world.Truth.Purchases.Where(p => p.Vendor == VendorKind.Premium).SelectMany(p => p.FollowerIds)
            .Select(id => accounts.TryGetRow(id, out var r) ? r : -1).ToList();

        Assert.That(rows, Is.Not.Empty);
        Assert.That(rows.Count(r => accounts.HasAvatar![r] == true) / (double)rows.Count, Is.GreaterThan(0.85));
        Assert.That(rows.Where(r => accounts.Bio![r] is not null).All(r => genuineBios.Contains(accounts.Bio![r]!)), Is.True);
    }

    [Test]
    public void Generate_Default_CamouflagedPoolIsSharedAndFollowsPopularGenuineAccounts()
    {
        var world = Default;
        var pooled = world.Truth.Purchases.Where(p => p.SharedPool is not null).ToList();
        var follows = world.Dataset.Follows;
        var poolIds = pooled.SelectMany(p => p.FollowerIds).Concat(world.Truth.UnsoldFakeIds).ToHashSet();
        var customers = pooled.Select(p => p.AccountId).ToHashSet();
        var genuine = GenuineRows(world.Dataset).Select(r => world.Dataset.Accounts.AccountId[r]).ToHashSet();

        var camouflageEdges = Enumerable.Range(0, follows.Count).Count(e => poolIds.Contains(follows.FollowerId[e]) && genuine.Contains(follows.FolloweeId[e]));
        var blockEdges = pooled.Sum(p => p.FollowerIds.Count);

        Assert.That(customers, Has.Count.EqualTo(WorldOptions.DefaultCamouflageCustomers));
        Assert.That(blockEdges, Is.GreaterThan(0.3 * poolIds.Count * customers.Count), "dense fake -> customers block");
        Assert.That(pooled.Max(p => p.FollowerIds.Count), Is.GreaterThanOrEqualTo(0.75 * poolIds.Count));
        Assert.That(camouflageEdges, Is.GreaterThan(5 * poolIds.Count));
    }

    [Test]
    public void Generate_Default_EngagementPerPostDoesNotRiseAfterBoughtFollowers()
    {
        var world = Default;
        var posts = world.Dataset.Posts;
        var follows = world.Dataset.Follows;
        var fakes = world.Truth.FakeAccountIds();
        var podBuyers = world.Truth.Pods.Select(p => p.AccountId).ToHashSet();

        foreach (var purchase in world.Truth.Purchases.Where(p => !podBuyers.Contains(p.AccountId)))
        {
            // Likes per post, relative to the genuine audience at the time: the genuine audience grows on its own
            // (and young accounts grow fast), so raw likes may rise; likes per genuine follower must not.
            var genuineTimes = Enumerable.Range(0, follows.Count)
                .Where(e => follows.FolloweeId[e] == purchase.AccountId && !fakes.Contains(follows.FollowerId[e]))
                .Select(e => follows.FollowedAt![e]!.Value)
                .Order()
                .ToList();

            double MedianRate(DateTime from, DateTime to)
            {
                var rates = Enumerable.Range(0, posts.Count)
                    .Where(p => posts.AuthorId[p] == purchase.AccountId && posts.PostedAt[p] >= from && posts.PostedAt[p] < to)
                    .Select(p => posts.LikeCount![p]!.Value / (double)Math.Max(1, genuineTimes.Count(t => t <= posts.PostedAt[p])))
                    .Order()
                    .ToList();
                return rates.Count == 0 ? double.NaN : rates[rates.Count / 2];
            }

            // Half-year windows and a 1.6x margin: per-post quality varies (lognormal), so shorter windows are noise.
            var before = MedianRate(purchase.DeliveryStart.AddDays(-180), purchase.DeliveryStart);
            var after = MedianRate(purchase.DeliveryEnd, purchase.DeliveryEnd.AddDays(180));

            Assert.That(after, Is.LessThan(1.6 * before), $"{purchase.Vendor} for {purchase.AccountId}");
        }
    }

    [Test]
    public void Generate_Default_BoughtFollowersAlmostNeverEngageButPodsAlways()
    {
        var world = Default;
        var bought = world.Truth.Purchases.Where(p => p.Vendor != VendorKind.EngagementPod).SelectMany(p => p.FollowerIds).ToHashSet();
        var pod = world.Truth.Pods.Single();
        var podMembers = pod.MemberIds.ToHashSet();
        var engagements = world.Dataset.Engagements;
        var posts = world.Dataset.Posts;
        var podBuyerPostsAfterJoin = Enumerable.Range(0, posts.Count).Count(p => posts.AuthorId[p] == pod.AccountId && posts.PostedAt[p] >= pod.JoinedAt);

        var boughtEngagements = engagements.ActorId.Count(bought.Contains);
        var podLikes = Enumerable.Range(0, engagements.Count).Count(k => podMembers.Contains(engagements.ActorId[k]) && engagements.Kind[k] == EngagementKind.Like);

        Assert.That(boughtEngagements, Is.LessThan(0.01 * engagements.Count));
        Assert.That(podLikes, Is.GreaterThan(0.8 * podMembers.Count * podBuyerPostsAfterJoin));
    }

    [Test]
    public void Generate_Default_SnapshotsShowTheCheapBurst()
    {
        var world = Default;
        var data = world.Dataset;
        var cheap = world.Truth.Purchases.First(p => p.Vendor == VendorKind.Cheap);
        var snaps = Enumerable.Range(0, data.Snapshots.Count).Where(s => data.Snapshots.AccountId[s] == cheap.AccountId).ToList();
        var counts = snaps.Select(s => data.Snapshots.FollowersCount![s]!.Value).ToArray();

        var biggestThreeDayJump = Enumerable.Range(3, counts.Length - 3).Max(i => counts[i] - counts[i - 3]);

        Assert.That(biggestThreeDayJump, Is.GreaterThanOrEqualTo(cheap.FollowerIds.Count));
    }

    [Test]
    public void Generate_Default_CleanAccountHasAnOrganicBurstOfGenuineFollowers()
    {
        var world = Default;
        var follows = world.Dataset.Follows;
        var clean = world.Truth.AuditedAccounts.Where(a => !a.Bought).Select(a => a.AccountId).ToHashSet();
        var fakes = world.Truth.FakeAccountIds();
        var burst = world.Truth.OrganicBursts.First(b => clean.Contains(b.AccountId));

        var arrivals = Enumerable.Range(0, follows.Count)
            .Where(e => follows.FolloweeId[e] == burst.AccountId && follows.FollowedAt![e] >= burst.PostedAt && follows.FollowedAt![e] < burst.PostedAt.AddDays(5))
            .Select(e => follows.FollowerId[e])
            .ToList();

        Assert.That(burst.Followers, Is.GreaterThan(20));
        Assert.That(arrivals, Has.Count.GreaterThanOrEqualTo(0.8 * burst.Followers));
        Assert.That(arrivals.Any(fakes.Contains), Is.False);
    }

    [Test]
    public void Generate_Default_SomeGenuineAccountsLookLikeCheapFakes()
    {
        var accounts = Default.Dataset.Accounts;
        var rows = GenuineRows(Default.Dataset).ToList();

        var lookalikes = rows.Count(r => accounts.HasAvatar![r] == false && accounts.Bio![r] is null && accounts.PostsCount![r] <= 5
            && accounts.Handle![r]!.Count(char.IsAsciiDigit) >= 4);

        Assert.That(lookalikes, Is.InRange(0.005 * rows.Count, 0.1 * rows.Count));
    }

    [TestCase(VendorKind.Cheap)]
    [TestCase(VendorKind.Premium)]
    [TestCase(VendorKind.Camouflaged)]
    [TestCase(VendorKind.SlowDrip)]
    [TestCase(VendorKind.EngagementPod)]
    [TestCase(VendorKind.MixedStock)]
    public void Purchased_Count_DeliversExactlyThatManyFakes(VendorKind vendor)
    {
        var world = SyntheticFollowers.Purchased(count: 300, seed: 7, vendor: vendor);

        Assert.That(world.Truth.Purchases, Has.Count.EqualTo(1));
        Assert.That(world.Truth.Purchases[0].FollowerIds, Has.Count.EqualTo(300));
        Assert.That(world.Truth.Purchases[0].Vendor, Is.EqualTo(vendor));
        Assert.That(world.Truth.AuditedAccounts.Single().GenuineFollowers, Is.EqualTo(1200));
    }
}
