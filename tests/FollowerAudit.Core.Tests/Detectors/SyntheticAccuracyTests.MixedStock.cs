using System.Globalization;
using System.Text;
using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Detectors;

// Issue 11, "evidence in one piece": a band of aged stock from several creation windows (VendorKind.MixedStock,
// WorldOptions.MixedStock) must come out of creation-batch as one finding. Measured with
//   dotnet test tests/FollowerAudit.Core.Tests -c Release --filter "Name~Measure_MixedStockWorlds" --logger "console;verbosity=detailed"
// (docs/accuracy.md, "Mixed stock: one band, one finding").
public sealed partial class SyntheticAccuracyTests
{
    private const double BandIouTarget = 0.8;

    /// <summary>How creation-batch reported one mixed-stock purchase.</summary>
    private sealed record BandMatch(
        int Seed,
        string Handle,
        int Size,
        int Windows,
        bool Interleaved,
        int Findings,
        int FindingsTouchingBand,
        double BestIou,
        double BestRankIou,
        bool BestIsFirst,
        bool BandIsLargestPurchase,
        int BestMetricWindows)
    {
        /// <summary>The buyer's purchases and creation-batch findings with their follow-order positions.</summary>
        public string Details { get; init; } = "";
    }

    private static BandMatch MatchMixedStockBand(int seed, SyntheticWorld world, AuditRun run)
    {
        var purchase = world.Truth.Purchases.Single(p => p.Vendor == VendorKind.MixedStock);
        var audit = run.Accounts.Single(a => a.AccountId == purchase.AccountId);
        var findings = audit.DetectorResults.Where(r => r.Detector == CreationBatchDetector.DetectorName).SelectMany(r => r.Findings).ToList();
        var truth = purchase.FollowerIds.ToHashSet();

        var accounts = world.Dataset.Accounts;

        // Follow-order positions of the band (the slice is in follow order).
        var position = new Dictionary<long, int>();
        for (var i = 0; i < audit.Slice.Count; i++)
        {
            position[audit.Slice.Followers.AccountId[i]] = i;
        }

        var bandFirst = truth.Min(id => position[id]);
        var bandLast = truth.Max(id => position[id]);

        // Interleaved when the band's creation windows alternate more than once per window.
        var created = truth.OrderBy(id => position[id]).Select(id => accounts.TryGetRow(id, out var r) ? accounts.CreatedAt![r]!.Value : default).ToList();
        var windowOf = created.Select(c => purchase.CreationWindows.ToList().FindIndex(w => c >= w.Start && c <= w.End)).ToList();
        var switches = windowOf.Zip(windowOf.Skip(1), (a, b) => a != b ? 1 : 0).Sum();

        double Iou(Finding f)
        {
            var both = f.FollowerIds.Count(truth.Contains);
            return both / (double)(f.FollowerIds.Count + truth.Count - both);
        }

        double RankIou(Finding f)
        {
            if (f.FirstPosition is not { } first || f.LastPosition is not { } last)
            {
                return 0;
            }

            var overlap = Math.Max(0, Math.Min(last, bandLast) - Math.Max(first, bandFirst) + 1);
            return overlap / (double)((last - first + 1) + (bandLast - bandFirst + 1) - overlap);
        }

        var best = findings.OrderByDescending(Iou).FirstOrDefault();
        var details = new StringBuilder();
        foreach (var p in world.Truth.Purchases.Where(p => p.AccountId == purchase.AccountId && p.FollowerIds.Count > 0))
        {
            details.AppendLine(CultureInfo.InvariantCulture, $"seed {seed} {audit.Handle} purchase {p.Vendor} n={p.FollowerIds.Count} windows={p.CreationWindows.Count} delivered {p.DeliveryStart:yyyy-MM-dd HH:mm}..{p.DeliveryEnd:yyyy-MM-dd HH:mm} positions {p.FollowerIds.Min(id => position[id])}..{p.FollowerIds.Max(id => position[id])}");
        }

        foreach (var f in findings)
        {
            details.AppendLine(CultureInfo.InvariantCulture, $"seed {seed} {audit.Handle} finding '{f.Title}' positions {f.FirstPosition}..{f.LastPosition} IoU {Iou(f):0.000} merged runs {f.Metrics.GetValueOrDefault("merged_runs")}");
        }

        return new BandMatch(
            seed,
            audit.Handle,
            truth.Count,
            purchase.CreationWindows.Count,
            switches > purchase.CreationWindows.Count - 1,
            findings.Count,
            findings.Count(f => f.FollowerIds.Any(truth.Contains)),
            best is null ? 0 : Iou(best),
            best is null ? 0 : RankIou(best),
            best is not null && ReferenceEquals(best, findings[0]),
            world.Truth.Purchases.Where(p => p.AccountId == purchase.AccountId).All(p => p.FollowerIds.Count <= truth.Count),
            best is null ? 0 : (int)best.Metrics.GetValueOrDefault("creation_windows", 1))
        {
            Details = details.ToString(),
        };
    }

    [Test]
    public void Audit_MixedStockWorldSeed1_BandIsOneFindingWithIouAtLeast0_8AndLargestFindingsFirst()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.MixedStock with { Seed = 1 });
        var run = Audit(world);

        var match = MatchMixedStockBand(1, world, run);

        var purchase = world.Truth.Purchases.Single(p => p.Vendor == VendorKind.MixedStock);
        var sizes = run.Accounts.Single(a => a.AccountId == purchase.AccountId).DetectorResults
            .Where(r => r.Detector == CreationBatchDetector.DetectorName).SelectMany(r => r.Findings).Select(f => f.FollowerIds.Count).ToList();

        TestContext.Out.WriteLine(match + Environment.NewLine + match.Details);
        Assert.Multiple(() =>
        {
            Assert.That(match.BestIou, Is.GreaterThanOrEqualTo(BandIouTarget), "IoU over follower ids of the best single finding");
            Assert.That(match.FindingsTouchingBand, Is.EqualTo(1), "one finding for the band, not fragments");
            Assert.That(match.BestMetricWindows, Is.EqualTo(match.Windows), "creation windows listed in the finding");
            Assert.That(sizes, Is.Ordered.Descending, "largest finding first");
        });
    }

    // Seeds 1-20 were looked at while the band rules were written (BandMaxGap was set to one day after seeds 7 and 19);
    // seeds 21-40 were first run after that, but two later changes saw them (seed 38's false finding); seeds 41-60 were
    // first run after the last change: they are the held-out figures. mergeBands false is the detector before bands
    // (the same runs, only sorted differently): the "before" figures.
    [TestCase(1, true)]
    [TestCase(21, true)]
    [TestCase(41, true)]
    [TestCase(1, false)]
    [Explicit("Measurement: generates and audits twenty mixed-stock worlds (about a minute).")]
    [Category("Measure")]
    public void Measure_MixedStockWorlds_PrintsBandAccuracy(int firstSeed, bool mergeBands)
    {
        var seeds = Enumerable.Range(firstSeed, 20).ToArray();
        var options = CreationBatchOptions.Default with { MergeBands = mergeBands };
        var matches = new List<BandMatch>();
        foreach (var seed in seeds)
        {
            var world = SyntheticFollowers.Generate(WorldOptions.MixedStock with { Seed = seed });
            matches.Add(MatchMixedStockBand(seed, world, Audit(world, options)));
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"WorldOptions.MixedStock, seeds {seeds[0]}..{seeds[^1]}, MergeBands = {mergeBands}: the mixed-stock purchase against the creation-batch finding with the highest IoU over follower ids.");
        text.AppendLine();
        text.AppendLine("| seed | buyer | size | windows | delivery | creation-batch findings on the buyer | touching the band | best IoU (ids) | best IoU (ranks) | best is first | band is the buyer's largest purchase | windows in best |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in matches)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {m.Seed} | {m.Handle} | {m.Size} | {m.Windows} | {(m.Interleaved ? "interleaved" : "sub-blocks")} | {m.Findings} | {m.FindingsTouchingBand} | {m.BestIou:0.000} | {m.BestRankIou:0.000} | {(m.BestIsFirst ? "yes" : "no")} | {(m.BandIsLargestPurchase ? "yes" : "no")} | {m.BestMetricWindows} |");
        }

        string Share(Func<BandMatch, bool> where, Func<BandMatch, bool> hit)
        {
            var rows = matches.Where(where).ToList();
            return rows.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{rows.Count(hit)}/{rows.Count} = {rows.Count(hit) / (double)rows.Count:0.00}");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"one finding with IoU (ids) >= {BandIouTarget}: all {Share(_ => true, m => m.BestIou >= BandIouTarget)}, interleaved {Share(m => m.Interleaved, m => m.BestIou >= BandIouTarget)}, sub-blocks {Share(m => !m.Interleaved, m => m.BestIou >= BandIouTarget)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"one finding with IoU (ranks) >= {BandIouTarget}: {Share(_ => true, m => m.BestRankIou >= BandIouTarget)}; best finding first where the band is the buyer's largest purchase: {Share(m => m.BandIsLargestPurchase, m => m.BestIsFirst)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"mean findings touching the band: {matches.Average(m => m.FindingsTouchingBand):0.0}; mean best IoU (ids) {matches.Average(m => m.BestIou):0.000}");
        text.AppendLine();
        foreach (var m in matches)
        {
            text.Append(m.Details);
        }

        if (mergeBands)
        {
            text.AppendLine();
            text.Append(MeasureAccountLevelDetectors("WorldOptions.MixedStock", seeds, seed => WorldOptions.MixedStock with { Seed = seed }));
        }

        TestContext.Out.WriteLine(text.ToString());
        Assert.That(matches, Has.Count.EqualTo(seeds.Length));
    }
}
