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
public sealed class SyntheticAccuracyTests
{
    private static readonly string[] DetectorNames =
        [FollowerBurstDetector.DetectorName, CreationBatchDetector.DetectorName, LockstepDetector.DetectorName, FraudarDetector.DetectorName];

    private const string BurstOrBatch = "burst or batch";

    private static AuditRun Audit(SyntheticWorld world)
    {
        var rows = world.Truth.AuditedAccounts
            .Select(a => world.Dataset.Accounts.TryGetRow(a.AccountId, out var row) ? row : throw new InvalidOperationException($"audited account {a.AccountId} is not in the dataset"))
            .ToArray();
        var pipeline = new AuditPipelineBuilder().UseFollowerBursts().UseCreationBatches().UseLockstep().UseFraudar().Build();
        return pipeline.Run(world.Dataset, rows, null, CancellationToken.None);
    }

    private static List<Finding> FindingsOf(AuditRun run, long accountId, string detector) =>
        run.Accounts.Single(a => a.AccountId == accountId).DetectorResults.Where(r => r.Detector == detector).SelectMany(r => r.Findings).ToList();

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

    [Test]
    [Explicit("Measurement: generates and audits five Default worlds (about a minute).")]
    [Category("Measure")]
    public void Measure_DefaultWorldsSeeds1To5_PrintsAccuracyTable()
    {
        var seeds = Enumerable.Range(1, 5).ToArray();
        var purchaseRows = new List<(VendorKind Vendor, string Detector, bool Detected, double Coverage)>();
        var findingRows = new List<(string Detector, string Kind, bool True)>();
        var strengths = new List<(string Detector, string Kind, bool True, double Strength)>();
        var organic = new List<string>();
        var organicCount = 0;
        var cleanRows = new List<(string Detector, bool Silent)>();
        int fraudarTp = 0, fraudarFp = 0, fraudarFn = 0;
        var details = new StringBuilder();
        foreach (var seed in seeds)
        {
            var world = SyntheticFollowers.DefaultWorld(seed);
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
                    purchaseRows.Add((purchase.Vendor, detector, coverage >= 0.5, coverage));
                    details.AppendLine(CultureInfo.InvariantCulture, $"seed {seed} {buyer.Handle} {purchase.Vendor} n={purchase.FollowerIds.Count} ({purchase.FollowerIds.Count / (double)buyer.GenuineFollowers:P1} of genuine) {detector}: {coverage:P0}");
                }
            }

            foreach (var audit in run.Accounts)
            {
                foreach (var detector in DetectorNames)
                {
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
                var hits = FindingsOf(run, burst.AccountId, FollowerBurstDetector.DetectorName)
                    .Where(f => f.Start <= burst.PostedAt.AddDays(7) && f.End > burst.PostedAt)
                    .ToList();
                var handle = truth.AuditedAccounts.Single(a => a.AccountId == burst.AccountId).Handle;
                organic.Add(hits.Count == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"seed {seed} {handle} {burst.PostedAt:yyyy-MM-dd} ({burst.Followers} followers): not flagged")
                    : string.Create(CultureInfo.InvariantCulture, $"seed {seed} {handle} {burst.PostedAt:yyyy-MM-dd} ({burst.Followers} followers): {string.Join(", ", hits.Select(h => $"{h.Kind} {h.Strength:0.00}"))}"));
            }

            foreach (var clean in truth.AuditedAccounts.Where(a => !a.Bought))
            {
                foreach (var detector in DetectorNames)
                {
                    cleanRows.Add((detector, FindingsOf(run, clean.AccountId, detector).Count == 0));
                }

                cleanRows.Add(("all", DetectorNames.All(d => FindingsOf(run, clean.AccountId, d).Count == 0)));
                cleanRows.Add(("all but viral-burst", DetectorNames.All(d => FindingsOf(run, clean.AccountId, d).All(f => f.Kind == "viral-burst"))));
            }

            var camouflaged = truth.Purchases.Where(p => p.Vendor == VendorKind.Camouflaged).SelectMany(p => p.FollowerIds).ToHashSet();
            var flagged = run.Accounts.SelectMany(a => FindingsOf(run, a.AccountId, FraudarDetector.DetectorName)).SelectMany(f => f.FollowerIds).ToHashSet();
            fraudarTp += flagged.Count(camouflaged.Contains);
            fraudarFp += flagged.Count(id => !camouflaged.Contains(id));
            fraudarFn += camouflaged.Count(id => !flagged.Contains(id));
        }

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"WorldOptions.Default, seeds {seeds[0]}..{seeds[^1]}; a purchase is detected when the detector's findings on the buyer contain >= 50% of its followers.");
        table.AppendLine();
        table.AppendLine("| vendor | purchases | " + string.Join(" | ", DetectorNames.Append(BurstOrBatch).Select(d => $"{d} detected (mean share covered)")) + " |");
        table.AppendLine("|---|---|" + string.Concat(DetectorNames.Append(BurstOrBatch).Select(_ => "---|")));
        foreach (var vendor in purchaseRows.Select(r => r.Vendor).Distinct().Order())
        {
            var count = purchaseRows.Count(r => r.Vendor == vendor && r.Detector == DetectorNames[0]);
            var cells = DetectorNames.Append(BurstOrBatch).Select(d =>
            {
                var rows = purchaseRows.Where(r => r.Vendor == vendor && r.Detector == d).ToList();
                return string.Create(CultureInfo.InvariantCulture, $"{rows.Count(r => r.Detected)}/{rows.Count} = {rows.Count(r => r.Detected) / (double)rows.Count:0.00} ({rows.Average(r => r.Coverage):P0})");
            });
            table.AppendLine(CultureInfo.InvariantCulture, $"| {vendor} | {count} | {string.Join(" | ", cells)} |");
        }

        table.AppendLine();
        table.AppendLine("| detector | findings | true (>= 50% fake followers) | precision | clean accounts without a finding |");
        table.AppendLine("|---|---|---|---|---|");
        foreach (var detector in DetectorNames.Append("all").Append("all but viral-burst"))
        {
            var rows = detector switch
            {
                "all" => findingRows,
                "all but viral-burst" => findingRows.Where(r => r.Kind != "viral-burst").ToList(),
                _ => findingRows.Where(r => r.Detector == detector).ToList(),
            };
            var clean = cleanRows.Where(r => r.Detector == detector).ToList();
            var precision = rows.Count == 0 ? "n/a" : (rows.Count(r => r.True) / (double)rows.Count).ToString("0.00", CultureInfo.InvariantCulture);
            table.AppendLine(CultureInfo.InvariantCulture, $"| {detector} | {rows.Count} | {rows.Count(r => r.True)} | {precision} | {clean.Count(r => r.Silent)}/{clean.Count} = {clean.Count(r => r.Silent) / (double)clean.Count:0.00} |");
        }

        table.AppendLine();
        table.AppendLine("| detector / kind | findings | true | precision | mean strength of true | mean strength of false |");
        table.AppendLine("|---|---|---|---|---|---|");
        foreach (var group in findingRows.GroupBy(r => (r.Detector, r.Kind)).OrderBy(g => g.Key.Detector, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal))
        {
            var rows = group.ToList();
            table.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Detector} / {group.Key.Kind} | {rows.Count} | {rows.Count(r => r.True)} | {rows.Count(r => r.True) / (double)rows.Count:0.00} | {MeanStrength(strengths, group.Key, true)} | {MeanStrength(strengths, group.Key, false)} |");
        }

        var fraudarPrecision = fraudarTp / (double)Math.Max(1, fraudarTp + fraudarFp);
        var fraudarRecall = fraudarTp / (double)Math.Max(1, fraudarTp + fraudarFn);
        var f1 = fraudarPrecision + fraudarRecall == 0 ? 0 : 2 * fraudarPrecision * fraudarRecall / (fraudarPrecision + fraudarRecall);
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"FRAUDAR on followers of camouflaged purchases: TP {fraudarTp}, FP {fraudarFp}, FN {fraudarFn}, precision {fraudarPrecision:0.000}, recall {fraudarRecall:0.000}, F1 {f1:0.000}");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Organic (viral) bursts: {organicCount}; follower-burst findings within 7 days of the viral post:");
        foreach (var line in organic)
        {
            table.AppendLine("- " + line);
        }

        TestContext.Out.WriteLine(table.ToString());
        TestContext.Out.WriteLine("Details:");
        TestContext.Out.WriteLine(details.ToString());
        Assert.That(purchaseRows, Is.Not.Empty);
    }
}
