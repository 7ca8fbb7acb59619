using System.Globalization;
using System.Text;
using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Detectors.FollowerBurst;
using FollowerAudit.Core.Detectors.Fraudar;
using FollowerAudit.Core.Detectors.Lockstep;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Detectors;

// Account-level detectors scored against the synthetic world's ground truth. The measurement is run on purpose with
//   dotnet test tests/FollowerAudit.Core.Tests -c Release --filter Name=Measure_DefaultWorldsSeeds1To5_PrintsAccuracyTable --logger "console;verbosity=detailed"
// and its table is in docs/accuracy.md. The non-explicit tests pin what was measured on the Demo world, seed 1.
public sealed partial class SyntheticAccuracyTests
{
    private static readonly string[] DetectorNames =
        [FollowerBurstDetector.DetectorName, CreationBatchDetector.DetectorName, LockstepDetector.DetectorName, FraudarDetector.DetectorName];

    private const string BurstOrBatch = "burst or batch";

    private static AuditRun Audit(SyntheticWorld world, CreationBatchOptions? creationBatch = null)
    {
        var rows = world.Truth.AuditedAccounts
            .Select(a => world.Dataset.Accounts.TryGetRow(a.AccountId, out var row) ? row : throw new InvalidOperationException($"audited account {a.AccountId} is not in the dataset"))
            .ToArray();
        var pipeline = new AuditPipelineBuilder().UseFollowerBursts().UseCreationBatches(creationBatch).UseLockstep().UseFraudar().Build();
        return pipeline.Run(world.Dataset, rows, null, CancellationToken.None);
    }

    private static List<Finding> FindingsOf(AuditRun run, long accountId, string detector) =>
        run.Accounts.Single(a => a.AccountId == accountId).DetectorResults.Where(r => r.Detector == detector).SelectMany(r => r.Findings).ToList();

    private static List<Finding> ContextOf(AuditRun run, long accountId, string detector) =>
        run.Accounts.Single(a => a.AccountId == accountId).DetectorResults.Where(r => r.Detector == detector).SelectMany(r => r.Context).ToList();

    // F1 of a set of flagged ids against a true set.
    private static (int Tp, int Fp, int Fn) Confusion(IReadOnlyCollection<long> flagged, HashSet<long> truth)
    {
        var tp = flagged.Count(truth.Contains);
        return (tp, flagged.Count - tp, truth.Count - tp);
    }

    private static double F1((int Tp, int Fp, int Fn) c) => c.Tp == 0 ? 0 : 2.0 * c.Tp / ((2.0 * c.Tp) + c.Fp + c.Fn);

    // Followers of the camouflaged purchases, and those of them who follow at least two camouflage customers: the part
    // of the pool that co-follows anything, so the most any co-following method (FRAUDAR, lockstep) can tell apart.
    private static (HashSet<long> All, HashSet<long> CoFollowing) Camouflaged(GroundTruth truth)
    {
        var purchases = truth.Purchases.Where(p => p.Vendor == VendorKind.Camouflaged).ToList();
        var times = purchases.SelectMany(p => p.FollowerIds).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        return (times.Keys.ToHashSet(), times.Where(kv => kv.Value >= 2).Select(kv => kv.Key).ToHashSet());
    }

    // Share of the purchase's followers that the detector's findings on the buyer contain, together.
    private static double Coverage(AuditRun run, PurchaseTruth purchase, params string[] detectors)
    {
        var found = detectors.SelectMany(d => FindingsOf(run, purchase.AccountId, d)).SelectMany(f => f.FollowerIds).ToHashSet();
        return purchase.FollowerIds.Count == 0 ? 0 : purchase.FollowerIds.Count(found.Contains) / (double)purchase.FollowerIds.Count;
    }

    private static string MeanStrength(List<(string Detector, string Kind, bool True, double Strength)> strengths, (string Detector, string Kind) key, bool isTrue)
    {
        var values = strengths.Where(s => s.Detector == key.Detector && s.Kind == key.Kind && s.True == isTrue).Select(s => s.Strength).ToList();
        return values.Count == 0 ? "-" : values.Average().ToString("0.00", CultureInfo.InvariantCulture);
    }

    [Test]
    public void Audit_DemoWorldSeed1_CreationBatchFindsCheapPurchase()
    {
        var world = SyntheticFollowers.World(1);
        var run = Audit(world);

        var cheap = world.Truth.Purchases.Single(p => p.Vendor == VendorKind.Cheap);

        Assert.That(Coverage(run, cheap, CreationBatchDetector.DetectorName), Is.GreaterThanOrEqualTo(0.5));
    }

    [Test]
    public void Audit_DemoWorldSeed1_CleanAccountHasNoCreationBatchFinding()
    {
        var world = SyntheticFollowers.World(1);
        var run = Audit(world);

        var clean = world.Truth.AuditedAccounts.Single(a => !a.Bought);

        Assert.That(FindingsOf(run, clean.AccountId, CreationBatchDetector.DetectorName), Is.Empty);
    }

    // Regression pin of the issue-5 targets on three small Demo worlds (seeds 1..3, a few seconds in Release), with the
    // camouflaged pool sold to three customers as in Default (Demo sells it to two, too few for a lockstep group). The
    // bounds are the figures measured on 2026-11-25 (docs/accuracy.md) with a margin; a detector change that loses
    // recall, precision or clean accounts turns this red.
    [Test]
    public void Audit_DemoWorldsSeeds1To3_MeetIssueTargets()
    {
        int batchPurchases = 0, batchFound = 0, findings = 0, trueFindings = 0, cleanAccounts = 0, cleanSilent = 0, organicBursts = 0, organicAsEvidence = 0;
        (int Tp, int Fp, int Fn) lockstep = (0, 0, 0);
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var world = SyntheticFollowers.Generate(WorldOptions.Demo with { Seed = seed, CamouflageCustomers = 3 });
            var truth = world.Truth;
            var run = Audit(world);
            var fakes = truth.FakeAccountIds();
            foreach (var purchase in truth.Purchases.Where(p => p.FollowerIds.Count > 0 && p.Vendor is VendorKind.Cheap or VendorKind.Premium or VendorKind.Camouflaged))
            {
                batchPurchases++;
                batchFound += Coverage(run, purchase, FollowerBurstDetector.DetectorName, CreationBatchDetector.DetectorName) >= 0.5 ? 1 : 0;
            }

            foreach (var audit in run.Accounts)
            {
                foreach (var finding in DetectorNames.SelectMany(d => FindingsOf(run, audit.AccountId, d)))
                {
                    findings++;
                    trueFindings += finding.FollowerIds.Count > 0 && finding.FollowerIds.Count(fakes.Contains) >= 0.5 * finding.FollowerIds.Count ? 1 : 0;
                }
            }

            foreach (var clean in truth.AuditedAccounts.Where(a => !a.Bought))
            {
                cleanAccounts++;
                cleanSilent += DetectorNames.All(d => FindingsOf(run, clean.AccountId, d).Count == 0) ? 1 : 0;
            }

            foreach (var burst in truth.OrganicBursts)
            {
                organicBursts++;
                var evidence = FindingsOf(run, burst.AccountId, FollowerBurstDetector.DetectorName)
                    .Any(f => f.Start <= burst.PostedAt.AddDays(7) && f.End > burst.PostedAt && f.FollowerIds.Count(fakes.Contains) < 0.5 * f.FollowerIds.Count);
                organicAsEvidence += evidence ? 1 : 0;
            }

            var (_, coFollowing) = Camouflaged(truth);
            var grouped = run.DatasetResults.Where(r => r.Detector == LockstepDetector.DetectorName).SelectMany(r => r.Findings).SelectMany(f => f.FollowerIds).ToHashSet();
            var c = Confusion(grouped, coFollowing);
            lockstep = (lockstep.Tp + c.Tp, lockstep.Fp + c.Fp, lockstep.Fn + c.Fn);
        }

        var recall = batchFound / (double)batchPurchases;
        var precision = trueFindings / (double)findings;
        TestContext.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"batch recall {batchFound}/{batchPurchases}, precision {trueFindings}/{findings}, clean silent {cleanSilent}/{cleanAccounts}, organic bursts as evidence {organicAsEvidence}/{organicBursts}, lockstep on co-following {lockstep}"));
        Assert.Multiple(() =>
        {
            Assert.That(recall, Is.GreaterThanOrEqualTo(0.95), "burst-or-batch recall of batch purchases");
            Assert.That(precision, Is.GreaterThanOrEqualTo(0.95), "precision of all findings");
            Assert.That(cleanSilent, Is.EqualTo(cleanAccounts), "clean accounts without any finding");
            Assert.That(organicAsEvidence, Is.LessThanOrEqualTo(1), "organic bursts reported as evidence");
            Assert.That(lockstep.Fp, Is.Zero, "lockstep members who are not co-following camouflaged fakes");
            Assert.That(lockstep.Tp, Is.GreaterThanOrEqualTo(0.8 * (lockstep.Tp + lockstep.Fn)), "lockstep recall on co-following camouflaged fakes");
        });
    }

    [Test]
    [Explicit("Measurement: generates and audits five Default worlds (about a minute).")]
    [Category("Measure")]
    public void Measure_DefaultWorldsSeeds1To5_PrintsAccuracyTable()
    {
        var report = MeasureAccountLevelDetectors("WorldOptions.Default", Enumerable.Range(1, 5).ToArray(), seed => WorldOptions.Default with { Seed = seed });

        TestContext.Out.WriteLine(report);
    }

    // Purchase sizes (followers) for the recall breakdown: small purchases on small accounts are where burst and batch
    // detectors lose power against a day's organic arrivals.
    private static readonly (string Label, int Min, int Max)[] PurchaseSizes = [("< 50", 0, 49), ("50-200", 50, 200), ("> 200", 201, int.MaxValue)];

    private static readonly VendorKind[] BatchVendors = [VendorKind.Cheap, VendorKind.Premium, VendorKind.Camouflaged];

    // Audits each seed's world with the four account-level detectors and returns the accuracy tables followed by the
    // per-purchase and per-false-finding details. Shared by the Measure_* tests; docs/accuracy.md quotes its tables.
    private static string MeasureAccountLevelDetectors(string worldName, int[] seeds, Func<int, WorldOptions> optionsOf)
    {
        var purchaseRows = new List<(VendorKind Vendor, int Size, string Detector, bool Detected, double Coverage)>();
        var findingRows = new List<(string Detector, string Kind, bool True)>();
        var strengths = new List<(string Detector, string Kind, bool True, double Strength)>();
        var organic = new List<string>();
        var organicCount = 0;
        var cleanRows = new List<(string Detector, bool Silent)>();
        var markedFollowers = DetectorNames.ToDictionary(d => d, _ => (Marked: 0, Fake: 0), StringComparer.Ordinal);
        var fraudarRows = new List<string>();
        (int Tp, int Fp, int Fn) fraudarTotal = (0, 0, 0), fraudarCoTotal = (0, 0, 0), lockstepTotal = (0, 0, 0), lockstepCoTotal = (0, 0, 0);
        var details = new StringBuilder();
        foreach (var seed in seeds)
        {
            var world = SyntheticFollowers.Generate(optionsOf(seed));
            var truth = world.Truth;
            var run = Audit(world);
            Assert.That(run.AnyDetectorFailed, Is.False, $"seed {seed}: a detector failed");
            var fakes = truth.FakeAccountIds();
            foreach (var result in run.DatasetResults)
            {
                details.AppendLine(CultureInfo.InvariantCulture, $"seed {seed} dataset-wide {result.Detector}: {result.Outcome}, {result.Findings.Count} finding(s). {result.Summary}");
            }

            foreach (var purchase in truth.Purchases.Where(p => p.FollowerIds.Count > 0))
            {
                var buyer = truth.AuditedAccounts.Single(a => a.AccountId == purchase.AccountId);
                foreach (var detector in DetectorNames.Append(BurstOrBatch))
                {
                    var coverage = detector == BurstOrBatch
                        ? Coverage(run, purchase, FollowerBurstDetector.DetectorName, CreationBatchDetector.DetectorName)
                        : Coverage(run, purchase, detector);
                    purchaseRows.Add((purchase.Vendor, purchase.FollowerIds.Count, detector, coverage >= 0.5, coverage));
                    details.AppendLine(CultureInfo.InvariantCulture, $"seed {seed} {buyer.Handle} {purchase.Vendor} n={purchase.FollowerIds.Count} ({purchase.FollowerIds.Count / (double)buyer.GenuineFollowers:P1} of genuine) {detector}: {coverage:P0}");
                }
            }

            foreach (var audit in run.Accounts)
            {
                foreach (var detector in DetectorNames)
                {
                    // Follower-level precision: distinct followers the detector's findings name on this account.
                    var named = FindingsOf(run, audit.AccountId, detector).SelectMany(f => f.FollowerIds).ToHashSet();
                    markedFollowers[detector] = (markedFollowers[detector].Marked + named.Count, markedFollowers[detector].Fake + named.Count(fakes.Contains));
                    foreach (var finding in FindingsOf(run, audit.AccountId, detector))
                    {
                        var fakeShare = finding.FollowerIds.Count == 0 ? 0 : finding.FollowerIds.Count(fakes.Contains) / (double)finding.FollowerIds.Count;
                        findingRows.Add((detector, finding.Kind, fakeShare >= 0.5));
                        strengths.Add((detector, finding.Kind, fakeShare >= 0.5, finding.Strength));
                        if (fakeShare < 0.5)
                        {
                            details.AppendLine(CultureInfo.InvariantCulture, $"seed {seed} {audit.Handle} false {detector}/{finding.Kind} strength {finding.Strength:0.00} followers {finding.FollowerIds.Count} fake {fakeShare:P0} {finding.Start:yyyy-MM-dd}..{finding.End:yyyy-MM-dd}");
                        }
                    }
                }
            }

            foreach (var burst in truth.OrganicBursts)
            {
                organicCount++;
                bool Near(Finding f) => f.Start <= burst.PostedAt.AddDays(7) && f.End > burst.PostedAt;
                var hits = FindingsOf(run, burst.AccountId, FollowerBurstDetector.DetectorName).Where(Near)
                    .Concat(ContextOf(run, burst.AccountId, FollowerBurstDetector.DetectorName).Where(Near))
                    .ToList();
                var handle = truth.AuditedAccounts.Single(a => a.AccountId == burst.AccountId).Handle;
                organic.Add(hits.Count == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"seed {seed} {handle} {burst.PostedAt:yyyy-MM-dd} ({burst.Followers} followers): not flagged")
                    : string.Create(CultureInfo.InvariantCulture, $"seed {seed} {handle} {burst.PostedAt:yyyy-MM-dd} ({burst.Followers} followers): {string.Join(", ", hits.Select(h => $"{h.Kind} {h.Strength:0.00} (engagement {h.Metrics.GetValueOrDefault("engagement_ratio"):0.0}x for {h.Metrics["observed"] / Math.Max(1, h.Metrics["expected"]):0.0}x followers, creation batch share {h.Metrics.GetValueOrDefault("creation_batch_share", double.NaN):0.00})"))}"));
            }

            foreach (var clean in truth.AuditedAccounts.Where(a => !a.Bought))
            {
                foreach (var detector in DetectorNames)
                {
                    cleanRows.Add((detector, FindingsOf(run, clean.AccountId, detector).Count == 0));
                }

                cleanRows.Add(("all", DetectorNames.All(d => FindingsOf(run, clean.AccountId, d).Count == 0)));
            }

            // FRAUDAR: the dataset-wide block that best matches the camouflaged purchases' followers (highest F1).
            var (camouflaged, coFollowing) = Camouflaged(truth);
            var blocks = run.DatasetResults.Where(r => r.Detector == FraudarDetector.DetectorName).SelectMany(r => r.Findings).ToList();
            var best = blocks.Select(b => (Block: b, C: Confusion(b.FollowerIds, camouflaged))).OrderByDescending(x => F1(x.C)).FirstOrDefault();
            var bestConfusion = best.Block is null ? (0, 0, camouflaged.Count) : best.C;
            var bestCo = best.Block is null ? (0, 0, coFollowing.Count) : Confusion(best.Block.FollowerIds, coFollowing);
            fraudarTotal = (fraudarTotal.Tp + bestConfusion.Item1, fraudarTotal.Fp + bestConfusion.Item2, fraudarTotal.Fn + bestConfusion.Item3);
            fraudarCoTotal = (fraudarCoTotal.Tp + bestCo.Item1, fraudarCoTotal.Fp + bestCo.Item2, fraudarCoTotal.Fn + bestCo.Item3);
            fraudarRows.Add(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: {blocks.Count} block(s) ({string.Join("; ", blocks.Select(b => $"{b.FollowerIds.Count} x {b.Metrics["accounts"]} density {b.Metrics["density"]:0.00}"))}); camouflaged followers {camouflaged.Count}, {coFollowing.Count} of them co-following; best block F1 {F1(bestConfusion):0.000}"));

            // Lockstep: all its groups together against the same sets.
            var grouped = run.DatasetResults.Where(r => r.Detector == LockstepDetector.DetectorName).SelectMany(r => r.Findings).SelectMany(f => f.FollowerIds).ToHashSet();
            var l = Confusion(grouped, camouflaged);
            var lc = Confusion(grouped, coFollowing);
            lockstepTotal = (lockstepTotal.Tp + l.Tp, lockstepTotal.Fp + l.Fp, lockstepTotal.Fn + l.Fn);
            lockstepCoTotal = (lockstepCoTotal.Tp + lc.Tp, lockstepCoTotal.Fp + lc.Fp, lockstepCoTotal.Fn + lc.Fn);
        }

        var table = new StringBuilder();
        string Recall(Func<(VendorKind Vendor, int Size, string Detector, bool Detected, double Coverage), bool> where, string detector)
        {
            var rows = purchaseRows.Where(r => r.Detector == detector && where(r)).ToList();
            return rows.Count == 0
                ? "-"
                : string.Create(CultureInfo.InvariantCulture, $"{rows.Count(r => r.Detected)}/{rows.Count} = {rows.Count(r => r.Detected) / (double)rows.Count:0.00} ({rows.Average(r => r.Coverage):P0})");
        }

        int Purchases(Func<(VendorKind Vendor, int Size, string Detector, bool Detected, double Coverage), bool> where) =>
            purchaseRows.Count(r => r.Detector == DetectorNames[0] && where(r));

        table.AppendLine(CultureInfo.InvariantCulture, $"{worldName}, seeds {seeds[0]}..{seeds[^1]}; a purchase is detected when the detector's findings on the buyer contain >= 50% of its followers.");
        table.AppendLine();
        table.AppendLine("| vendor | purchases | " + string.Join(" | ", DetectorNames.Append(BurstOrBatch).Select(d => $"{d} detected (mean share covered)")) + " |");
        table.AppendLine("|---|---|" + string.Concat(DetectorNames.Append(BurstOrBatch).Select(_ => "---|")));
        foreach (var vendor in purchaseRows.Select(r => r.Vendor).Distinct().Order())
        {
            var cells = DetectorNames.Append(BurstOrBatch).Select(d => Recall(r => r.Vendor == vendor, d));
            table.AppendLine(CultureInfo.InvariantCulture, $"| {vendor} | {Purchases(r => r.Vendor == vendor)} | {string.Join(" | ", cells)} |");
        }

        var batchCells = DetectorNames.Append(BurstOrBatch).Select(d => Recall(r => BatchVendors.Contains(r.Vendor), d));
        table.AppendLine(CultureInfo.InvariantCulture, $"| batch vendors ({string.Join(", ", BatchVendors)}) | {Purchases(r => BatchVendors.Contains(r.Vendor))} | {string.Join(" | ", batchCells)} |");

        // Recall by purchase size in followers, per vendor and for the batch vendors together.
        string[] sizeDetectors = [FollowerBurstDetector.DetectorName, CreationBatchDetector.DetectorName, BurstOrBatch];
        table.AppendLine();
        table.AppendLine("| vendor | size (followers) | purchases | " + string.Join(" | ", sizeDetectors) + " |");
        table.AppendLine("|---|---|---|" + string.Concat(sizeDetectors.Select(_ => "---|")));
        var vendorGroups = purchaseRows.Select(r => r.Vendor).Distinct().Order().Select(v => (Name: v.ToString(), Vendors: new[] { v }))
            .Append((Name: "batch vendors", Vendors: BatchVendors));
        foreach (var (name, vendors) in vendorGroups)
        {
            foreach (var (label, min, max) in PurchaseSizes)
            {
                bool Where((VendorKind Vendor, int Size, string Detector, bool Detected, double Coverage) r) => vendors.Contains(r.Vendor) && r.Size >= min && r.Size <= max;
                if (Purchases(Where) > 0)
                {
                    table.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {label} | {Purchases(Where)} | {string.Join(" | ", sizeDetectors.Select(d => Recall(Where, d)))} |");
                }
            }
        }

        table.AppendLine();
        table.AppendLine("| detector | findings | true (>= 50% fake followers) | precision | clean accounts without a finding |");
        table.AppendLine("|---|---|---|---|---|");
        foreach (var detector in DetectorNames.Append("all"))
        {
            var rows = detector == "all" ? findingRows : findingRows.Where(r => r.Detector == detector).ToList();
            var clean = cleanRows.Where(r => r.Detector == detector).ToList();
            var precision = rows.Count == 0 ? "n/a" : (rows.Count(r => r.True) / (double)rows.Count).ToString("0.00", CultureInfo.InvariantCulture);
            table.AppendLine(CultureInfo.InvariantCulture, $"| {detector} | {rows.Count} | {rows.Count(r => r.True)} | {precision} | {clean.Count(r => r.Silent)}/{clean.Count} = {clean.Count(r => r.Silent) / (double)clean.Count:0.00} |");
        }

        table.AppendLine();
        table.AppendLine("| detector | distinct followers named in findings (per account) | of them fake | follower precision |");
        table.AppendLine("|---|---|---|---|");
        foreach (var (detector, (marked, fake)) in markedFollowers)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {detector} | {marked} | {fake} | {(marked == 0 ? "n/a" : (fake / (double)marked).ToString("0.000", CultureInfo.InvariantCulture))} |");
        }

        table.AppendLine();
        table.AppendLine("| detector / kind | findings | true | precision | mean strength of true | mean strength of false |");
        table.AppendLine("|---|---|---|---|---|---|");
        foreach (var group in findingRows.GroupBy(r => (r.Detector, r.Kind)).OrderBy(g => g.Key.Detector, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal))
        {
            var rows = group.ToList();
            table.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Detector} / {group.Key.Kind} | {rows.Count} | {rows.Count(r => r.True)} | {rows.Count(r => r.True) / (double)rows.Count:0.00} | {MeanStrength(strengths, group.Key, true)} | {MeanStrength(strengths, group.Key, false)} |");
        }

        static string Prf((int Tp, int Fp, int Fn) c) => string.Create(
            CultureInfo.InvariantCulture,
            $"TP {c.Tp}, FP {c.Fp}, FN {c.Fn}, precision {c.Tp / (double)Math.Max(1, c.Tp + c.Fp):0.000}, recall {c.Tp / (double)Math.Max(1, c.Tp + c.Fn):0.000}, F1 {F1(c):0.000}");
        table.AppendLine();
        table.AppendLine("FRAUDAR, best-matching reported block per world (highest F1), summed over worlds:");
        table.AppendLine("- against all followers of the camouflaged purchases: " + Prf(fraudarTotal));
        table.AppendLine("- against those following >= 2 camouflage customers: " + Prf(fraudarCoTotal));
        foreach (var line in fraudarRows)
        {
            table.AppendLine("- " + line);
        }

        table.AppendLine();
        table.AppendLine("Lockstep, all groups together, summed over worlds:");
        table.AppendLine("- against all followers of the camouflaged purchases: " + Prf(lockstepTotal));
        table.AppendLine("- against those following >= 2 camouflage customers: " + Prf(lockstepCoTotal));
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Organic (viral) bursts: {organicCount}; follower-burst findings within 7 days of the viral post:");
        foreach (var line in organic)
        {
            table.AppendLine("- " + line);
        }

        Assert.That(purchaseRows, Is.Not.Empty);
        table.AppendLine();
        table.AppendLine("Details:");
        table.Append(details);
        return table.ToString();
    }
}
