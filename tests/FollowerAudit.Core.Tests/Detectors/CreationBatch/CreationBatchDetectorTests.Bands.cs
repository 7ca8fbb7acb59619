using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Detectors.CreationBatch;

// Issue 11, "evidence in one piece": one purchase of aged stock from several creation batches is one finding.
public sealed partial class CreationBatchDetectorTests
{
    private static readonly DateTime[] Batches =
        [GraphBuilder.Utc(2014, 3, 1), GraphBuilder.Utc(2014, 9, 1), GraphBuilder.Utc(2015, 5, 1), GraphBuilder.Utc(2016, 1, 10)];

    /// <summary>One delivery: positions [From, From + Count) of the follow order, from the first Windows batches.</summary>
    private sealed record Delivery(int From, int Count, int Windows, bool Interleaved, int FirstBatch = 0);

    // Account 1 with `count` followers (ids 10_000 + position): organic ones one every 12 hours, each delivery within a
    // day. Inside a delivery every tenth position is an organic follower that happened to follow then. Returns the ids
    // of the bought followers per delivery and of the organic followers inside the deliveries.
    private static (AuditDataset Dataset, List<HashSet<long>> Bought, HashSet<long> OrganicInside) BandAccount(int seed, int count, params Delivery[] deliveries)
    {
        var random = new Random(seed);
        var builder = new GraphBuilder();
        builder.Account(1, ("CreatedAt", GraphBuilder.Utc(2010, 1, 1)));
        var bought = deliveries.Select(_ => new HashSet<long>()).ToList();
        var organicInside = new HashSet<long>();
        var at = FirstFollow;
        for (var i = 0; i < count; i++)
        {
            var id = 10_000L + i;
            var d = Array.FindIndex(deliveries, x => i >= x.From && i < x.From + x.Count);
            DateTime created;
            if (d >= 0 && (i - deliveries[d].From) % 10 != 9)
            {
                var delivery = deliveries[d];
                var offset = i - delivery.From;
                var batch = delivery.FirstBatch + (delivery.Interleaved ? random.Next(delivery.Windows) : offset * delivery.Windows / delivery.Count);
                created = Batches[batch].AddHours(48 * random.NextDouble());
                bought[d].Add(id);
                at = at.AddMinutes(1440.0 / delivery.Count);
            }
            else
            {
                created = OrganicCreation(random, at);
                if (d >= 0)
                {
                    organicInside.Add(id);
                    at = at.AddMinutes(1440.0 / deliveries[d].Count);
                }
                else
                {
                    at = at.AddHours(12);
                }
            }

            builder.Account(id, ("CreatedAt", created)).Follow(id, 1, at);
        }

        return (builder.Build(), bought, organicInside);
    }

    [Test]
    public void Run_InterleavedBandFromThreeBatches_OneFindingOverTheBand()
    {
        var (dataset, bought, organicInside) = BandAccount(11, 3000, new Delivery(1000, 600, 3, Interleaved: true));

        var result = Run(dataset);

        Assert.That(result.Findings, Has.Count.EqualTo(1));
        var finding = result.Findings[0];
        Assert.That(finding.FollowerIds.Count(bought[0].Contains), Is.GreaterThanOrEqualTo(0.98 * bought[0].Count));
        Assert.That(finding.FollowerIds.Count(id => !bought[0].Contains(id)), Is.LessThanOrEqualTo(3), "followers outside the batches' windows are not marked");
        Assert.That(finding.FollowerIds.Count(organicInside.Contains), Is.LessThanOrEqualTo(2));
        Assert.That(finding.Metrics["creation_windows"], Is.EqualTo(3));
        Assert.That(finding.FirstPosition, Is.InRange(995, 1005));
        Assert.That(finding.LastPosition, Is.InRange(1595, 1605));
        Assert.That(finding.Title, Does.StartWith("Band of"));
        Assert.That(finding.MarksFollowersAsFake, Is.True);
    }

    [Test]
    public void Run_InterleavedBandWithBandsOff_FragmentsNoneCoveringIt()
    {
        var (dataset, bought, _) = BandAccount(11, 3000, new Delivery(1000, 600, 3, Interleaved: true));

        var result = Run(dataset, options: CreationBatchOptions.Default with { MergeBands = false });

        TestContext.Out.WriteLine($"bands off: {result.Findings.Count} finding(s) of {string.Join(", ", result.Findings.Select(f => f.FollowerIds.Count(bought[0].Contains)))} bought followers");
        // The issue's symptom: a swarm of small runs (16 of 7-22 followers when written), none of them the purchase.
        Assert.That(result.Findings, Has.Count.GreaterThan(1));
        Assert.That(result.Findings.Select(f => f.FollowerIds.Count(bought[0].Contains)), Has.All.LessThan(0.8 * bought[0].Count));
    }

    [Test]
    public void Run_SubBlocksFromFourBatches_OneFindingWithFourWindows()
    {
        var (dataset, bought, _) = BandAccount(12, 2500, new Delivery(800, 480, 4, Interleaved: false));

        var result = Run(dataset);

        Assert.That(result.Findings, Has.Count.EqualTo(1));
        Assert.That(result.Findings[0].FollowerIds.Count(bought[0].Contains), Is.GreaterThanOrEqualTo(0.98 * bought[0].Count));
        Assert.That(result.Findings[0].Metrics["creation_windows"], Is.EqualTo(4));
    }

    [Test]
    public void Run_TwoPurchasesFarApartInFollowOrder_TwoFindingsAndNothingBetween()
    {
        var (dataset, bought, _) = BandAccount(13, 3000, new Delivery(500, 300, 2, Interleaved: true), new Delivery(2000, 300, 2, Interleaved: true, FirstBatch: 2));

        var result = Run(dataset);

        Assert.That(result.Findings, Has.Count.EqualTo(2));
        var (early, late) = result.Findings[0].FirstPosition < result.Findings[1].FirstPosition ? (result.Findings[0], result.Findings[1]) : (result.Findings[1], result.Findings[0]);
        Assert.That(early.FirstPosition, Is.InRange(480, 520));
        Assert.That(early.LastPosition, Is.InRange(780, 820));
        Assert.That(late.FirstPosition, Is.InRange(1980, 2020));
        Assert.That(late.LastPosition, Is.InRange(2280, 2320));
        Assert.That(result.Findings.SelectMany(f => f.FollowerIds).Count(id => id >= 10_800 && id < 12_000), Is.LessThanOrEqualTo(2));
        Assert.That(result.Findings.Select(f => f.FollowerIds.Count(bought[0].Contains) + f.FollowerIds.Count(bought[1].Contains)), Has.All.GreaterThan(250));
    }

    [Test]
    public void Run_TwoDeliveriesAdjacentInFollowOrderDaysApart_TwoFindings()
    {
        // Two deliveries back to back in follow order, with the five organic followers between them spread over days:
        // adjacent ranks, but more than BandMaxGap apart in time, so two purchases.
        var (dataset, bought, _) = BandAccount(14, 2000, new Delivery(700, 300, 2, Interleaved: true), new Delivery(1005, 300, 2, Interleaved: true, FirstBatch: 2));

        var result = Run(dataset);

        Assert.That(result.Findings, Has.Count.EqualTo(2));
        Assert.That(result.Findings.Select(f => Math.Max(f.FollowerIds.Count(bought[0].Contains), f.FollowerIds.Count(bought[1].Contains))), Has.All.GreaterThan(250));
    }

    [Test]
    public void Run_TwoDeliveriesAdjacentWithoutTimes_OneBand()
    {
        // Without follow times the same two deliveries are one band: follow order alone cannot tell them apart.
        var (timed, bought, _) = BandAccount(14, 2000, new Delivery(700, 300, 2, Interleaved: true), new Delivery(1005, 300, 2, Interleaved: true, FirstBatch: 2));
        var builder = new GraphBuilder();
        var accounts = timed.Accounts;
        for (var row = 0; row < accounts.Count; row++)
        {
            builder.Account(accounts.AccountId[row], ("CreatedAt", accounts.CreatedAt![row]!.Value));
        }

        var follows = timed.Follows;
        var rank = 0L;
        foreach (var e in Enumerable.Range(0, follows.Count).OrderBy(e => follows.FollowedAt![e]))
        {
            builder.Follow(follows.FollowerId[e], follows.FolloweeId[e], rank: rank++);
        }

        var result = Run(builder.Build());

        Assert.That(result.Findings, Has.Count.EqualTo(1));
        Assert.That(result.Findings[0].FollowerIds.Count(id => bought[0].Contains(id) || bought[1].Contains(id)), Is.GreaterThanOrEqualTo(0.98 * (bought[0].Count + bought[1].Count)));
        Assert.That(result.Findings[0].Metrics["creation_windows"], Is.EqualTo(4));
    }

    [Test]
    public void Run_BandAndSmallBatch_LargestFindingFirst()
    {
        var (dataset, bought, _) = BandAccount(15, 3000, new Delivery(300, 60, 1, Interleaved: false), new Delivery(1500, 700, 3, Interleaved: true, FirstBatch: 1));

        var result = Run(dataset);

        Assert.That(result.Findings, Has.Count.EqualTo(2));
        Assert.That(result.Findings.Select(f => f.FollowerIds.Count), Is.Ordered.Descending);
        Assert.That(result.Findings[0].FollowerIds.Count(bought[1].Contains), Is.GreaterThanOrEqualTo(0.98 * bought[1].Count));
        Assert.That(result.Findings[0].Metrics["log10_p_value"], Is.LessThan(result.Findings[1].Metrics["log10_p_value"]));
    }

    [TestCase(0.0, "band min share")]
    [TestCase(1.0, "band min share")]
    public void UseCreationBatches_BadBandMinShare_BuildThrows(double share, string message)
    {
        var builder = new AuditPipelineBuilder().UseCreationBatches(new CreationBatchOptions { BandMinShare = share });

        Assert.That(() => builder.Build(), Throws.InvalidOperationException.With.Message.Contains(message));
    }

    [Test]
    public void UseCreationBatches_ZeroBandMaxGap_BuildThrows()
    {
        var builder = new AuditPipelineBuilder().UseCreationBatches(new CreationBatchOptions { BandMaxGap = TimeSpan.Zero });

        Assert.That(() => builder.Build(), Throws.InvalidOperationException.With.Message.Contains("band max gap"));
    }
}
