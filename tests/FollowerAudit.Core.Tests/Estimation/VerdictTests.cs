using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Estimation;

public sealed class VerdictTests
{
    // Account 0 followed by 1,000 followers (ids 1..1000, in that order). Accounts 2001..2400 follow nobody audited here
    // but were created at the same time as followers 401..440, as a bot farm's stock would be.
    // arrivalHours: null = follow ranks only; else the hours between consecutive follows of 401..440 (others 6 h apart).
    private static AccountSlice Slice(bool withOtherStock, int otherStock = 400, int unrelated = 0, double? arrivalHours = null)
    {
        var b = new GraphBuilder().Account(0, ("FollowersCount", 1000L));
        for (var i = 1; i <= 1000; i++)
        {
            var created = i is > 400 and <= 440 ? GraphBuilder.Utc(2023, 5, 1, 3) : GraphBuilder.Utc(2010, 1, 1).AddDays(i * 3);
            DateTime? at = arrivalHours is not { } hours ? null
                : GraphBuilder.Utc(2024, 1, 1).AddHours(i is > 400 and <= 440 ? (401 * 6) + ((i - 401) * hours) : i * 6);
            b.Account(i, ("CreatedAt", created)).Follow(i, 0, at, rank: i);
        }

        for (var k = 0; withOtherStock && k < otherStock; k++)
        {
            b.Account(2001 + k, ("CreatedAt", GraphBuilder.Utc(2023, 5, 1, 3))).Follow(2001 + k, 5000);
        }

        b.Account(5000);

        // Accounts of other audiences, created at other times: the data then holds more than one follower list.
        for (var k = 0; k < unrelated; k++)
        {
            b.Account(8000 + k, ("CreatedAt", GraphBuilder.Utc(2015, 1, 1).AddDays(k))).Follow(8000 + k, 5000);
        }

        return AccountSlice.Create(b.Build(GraphBuilder.Utc(2025, 1, 1)), 0);
    }

    private static AccountAudit Audit(AccountSlice slice, params Finding[] findings)
    {
        var estimate = new InflationEstimate(slice.Count, slice.Count, 0.05, 0.01, 0.2, 50, 0, "test");
        return new AccountAudit(slice, new FollowerScores("test", new double[slice.Count], 0.5, null), [],
            [new DetectorResult("test", DetectorOutcome.Ran, findings, ""), new DetectorResult("creation-batch", DetectorOutcome.Ran, [], "")],
            estimate, new AudienceQuality(slice.Count, 0, 0, 0, 1, 180, 2000), AccountTimeline.Build(slice));
    }

    private static Finding Batch(double strength, int from = 401, int count = 40) =>
        new("creation-batch", "creation-batch", $"Batch of {count}", "e", strength, [.. Enumerable.Range(from, count).Select(i => (long)i)]) { MarksFollowersAsFake = true };

    [Test]
    public void Of_DenseBandInTheFollowOrder_SaysBoughtWithItsSize()
    {
        var verdict = Audit(Slice(withOtherStock: true, otherStock: 60), Batch(strength: 0.95)).Verdict;

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Code, Is.EqualTo("bought"));
            Assert.That(verdict.EvidenceFollowers, Is.EqualTo(40));
            Assert.That(verdict.Headline, Does.Contain("about 40"));
        });
    }

    [Test]
    public void Of_SparseBatchMostOfWhoseStockFollowsOthers_IsCamouflageNotBought()
    {
        var verdict = Audit(Slice(withOtherStock: true), Batch(strength: 0.6)).Verdict;

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Code, Is.EqualTo("fake-followers-not-bought"));
            Assert.That(verdict.Reason, Does.Contain("camouflage"));
        });
    }

    [Test]
    public void Of_SparseBatchAndNoOtherAccountsFromThatTime_DoesNotAccuse()
    {
        // One follower list only: every account created then follows this account, so camouflage cannot be ruled out.
        var verdict = Audit(Slice(withOtherStock: false), Batch(strength: 0.6)).Verdict;

        Assert.That(verdict.Code, Is.Not.EqualTo("bought"), "with no other accounts from that time in the data, concentration cannot be told");
    }

    [Test]
    public void Of_SparseBatchWhoseStockMostlyFollowsThisAccount_SaysBought()
    {
        // 40 of the 50 accounts created then follow this account: the vendor's batch went to it.
        var verdict = Audit(Slice(withOtherStock: true, otherStock: 10, unrelated: 200), Batch(strength: 0.6)).Verdict;

        Assert.That(verdict.Code, Is.EqualTo("bought"));
    }

    [Test]
    public void Of_SparseBatchOfAgedAccountsThatArrivedWithinHours_SaysBoughtThoughItsStockWentMostlyElsewhere()
    {
        // 40 accounts created together months before, all arriving within 39 hours: a delivery, even from stock the
        // seller also sold to others (360 of the 400 accounts created then follow someone else).
        var verdict = Audit(Slice(withOtherStock: true, arrivalHours: 1), Batch(strength: 0.6)).Verdict;

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Code, Is.EqualTo("bought"));
            Assert.That(Verdict.ArrivalSpan(Slice(withOtherStock: true, arrivalHours: 1), Batch(strength: 0.6)), Is.LessThanOrEqualTo(Verdict.DeliverySpan));
        });
    }

    [Test]
    public void Of_SparseBatchWhoseArrivalsAreSpreadOverWeeks_IsCamouflage()
    {
        // The same batch, each account arriving on its own schedule, 12 hours apart (middle 80% over 16 days).
        var verdict = Audit(Slice(withOtherStock: true, arrivalHours: 12), Batch(strength: 0.6)).Verdict;

        Assert.That(verdict.Code, Is.EqualTo("fake-followers-not-bought"));
    }

    [Test]
    public void Of_FreshBatchThatArrivedWithinHours_IsNotCalledADelivery()
    {
        // Accounts that follow right after sign-up (the detector's "fresh" batches) arrive together organically.
        var fresh = Batch(strength: 0.6) with { Metrics = new Dictionary<string, double> { ["fresh"] = 1 } };

        var verdict = Audit(Slice(withOtherStock: true, arrivalHours: 1), fresh).Verdict;

        Assert.That(verdict.Code, Is.Not.EqualTo("bought"));
    }

    [Test]
    public void Of_DilutedBatchWhoseStockMostlyFollowsThisAccount_SaysBought()
    {
        // A drip-fed order: its 40 accounts are a third of their stretch of the follow order, below the evidence
        // strength, but 40 of the 50 accounts created then follow this account.
        var verdict = Audit(Slice(withOtherStock: true, otherStock: 10, unrelated: 200), Batch(strength: 0.3)).Verdict;

        Assert.That(verdict.Code, Is.EqualTo("bought"));
    }

    [Test]
    public void Of_SilentBurstWithExcess_SaysBought()
    {
        var burst = new Finding("follower-burst", "follower-burst", "Burst of 300", "e", 0.8, [.. Enumerable.Range(1, 300).Select(i => (long)i)])
        {
            Metrics = new Dictionary<string, double> { ["excess"] = 250 },
        };

        var verdict = Audit(Slice(withOtherStock: false), burst).Verdict;

        Assert.That(verdict.Code, Is.EqualTo("bought"));
        Assert.That(verdict.EvidenceFollowers, Is.EqualTo(250));
    }

    [Test]
    public void Of_TinyBatch_IsNotEvidence()
    {
        var verdict = Audit(Slice(withOtherStock: true), Batch(strength: 1.0, count: Verdict.MinimumEvidenceFollowers - 1)).Verdict;

        Assert.That(verdict.Code, Is.Not.EqualTo("bought"));
    }

    [Test]
    public void Of_SharedPoolSpreadOverTheWholeFollowOrder_IsCamouflage()
    {
        var spread = new Finding("fraudar", "shared-pool", "Pool", "e", 0.9, [.. Enumerable.Range(0, 50).Select(i => (long)(1 + (i * 20)))])
        {
            MarksFollowersAsFake = true,
            Metrics = new Dictionary<string, double> { ["followers"] = 60 },
        };
        var band = spread with { FollowerIds = [.. Enumerable.Range(600, 50).Select(i => (long)i)] };
        var slice = Slice(withOtherStock: false);

        Assert.Multiple(() =>
        {
            Assert.That(Verdict.IsOwnOrder(slice, spread), Is.False);
            Assert.That(Verdict.IsOwnOrder(slice, band), Is.True);
        });
    }

    // A creation-window finding (follow-order free) over followers `ids`, all created at `created`.
    private static Finding Window(IEnumerable<long> ids, DateTime created)
    {
        var members = ids.ToList();
        var days = (created - DateTime.UnixEpoch).TotalDays;
        return new("creation-batch", "creation-window", $"{members.Count} followers created together", "e", 0.95, members)
        {
            Metrics = new Dictionary<string, double> { ["created_from_unix_days_1"] = days, ["created_to_unix_days_1"] = days, ["excess"] = members.Count, ["expected"] = 0 },
        };
    }

    [Test]
    public void Of_CreationWindowMostOfWhoseAccountsFollowThisAccount_SaysBought()
    {
        // Followers 401..440 and 10 other accounts were created at that time: 40 of 50 follow this account.
        var slice = Slice(withOtherStock: true, otherStock: 10, unrelated: 200);

        var verdict = Audit(slice, Window(Enumerable.Range(401, 40).Select(i => (long)i), GraphBuilder.Utc(2023, 5, 1, 3))).Verdict;

        Assert.Multiple(() =>
        {
            Assert.That(BatchConcentration.OfWindow(slice, Window([401], GraphBuilder.Utc(2023, 5, 1, 3))), Has.Property("Share").EqualTo(0.8).Within(1e-9));
            Assert.That(verdict.Code, Is.EqualTo("bought"));
            Assert.That(verdict.EvidenceFollowers, Is.EqualTo(40));
        });
    }

    [Test]
    public void Of_CreationWindowWhoseAccountsMostlyFollowOthers_IsNeitherBoughtNorCalledCamouflage()
    {
        // 400 more accounts created then follow another account: bots that picked this one among many.
        var verdict = Audit(Slice(withOtherStock: true), Window(Enumerable.Range(401, 40).Select(i => (long)i), GraphBuilder.Utc(2023, 5, 1, 3))).Verdict;

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Code, Is.EqualTo("no-sign"));
            Assert.That(verdict.Reason, Does.Not.Contain("camouflage"));
        });
    }

    // A big account followed by 60% of the accounts created around May 2023 (5 a day); on 2023-05-01 100 more accounts
    // were created within hours, `surgeFollowing` of them follow it.
    [TestCase(60, false, TestName = "Of_SignUpSurgeFollowingABigAccountAtItsUsualShare_IsNotBought")]
    [TestCase(100, true, TestName = "Of_SurgeAllOfWhichFollowsABigAccount_IsBought")]
    public void Of_CreationWindowAgainstTheAccountsBaseShare(int surgeFollowing, bool bought)
    {
        var b = new GraphBuilder().Account(0, ("FollowersCount", 1000L)).Account(5000);
        var surge = GraphBuilder.Utc(2023, 5, 1, 3);
        var id = 1L;
        for (var day = 0; day < 270; day++)
        {
            for (var k = 0; k < 5; k++, id++)
            {
                b.Account(id, ("CreatedAt", GraphBuilder.Utc(2023, 1, 1).AddDays(day).AddHours(5 * k))).Follow(id, k < 3 ? 0 : 5000, rank: id);
            }
        }

        var members = new List<long>();
        for (var k = 0; k < 100; k++, id++)
        {
            b.Account(id, ("CreatedAt", surge.AddMinutes(k))).Follow(id, k < surgeFollowing ? 0 : 5000, rank: id);
            if (k < surgeFollowing)
            {
                members.Add(id);
            }
        }

        var slice = AccountSlice.Create(b.Build(GraphBuilder.Utc(2025, 1, 1)), 0);
        var window = Window(members, surge);
        window = window with { Metrics = new Dictionary<string, double>(window.Metrics) { ["created_to_unix_days_1"] = (surge.AddMinutes(99) - DateTime.UnixEpoch).TotalDays } };

        var concentration = BatchConcentration.OfWindow(slice, window)!;

        Assert.Multiple(() =>
        {
            Assert.That(concentration.BaseShare, Is.EqualTo(0.6).Within(0.01));
            Assert.That(concentration.Share, Is.EqualTo(surgeFollowing / 100.0).Within(0.02));
            Assert.That(Verdict.IsOwnOrder(slice, window), Is.EqualTo(bought));
            Assert.That(Audit(slice, window).Verdict.Code, bought ? Is.EqualTo("bought") : Is.Not.EqualTo("bought"));
        });
    }
}
