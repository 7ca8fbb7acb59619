using System.Globalization;
using System.Text;
using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Detectors.Engagement;
using FollowerAudit.Core.Detectors.FollowerBurst;
using FollowerAudit.Core.Detectors.Fraudar;
using FollowerAudit.Core.Detectors.Lockstep;
using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests.Estimation;

/// <summary>
/// The one harness that measures every estimate method side by side on generated worlds, audited as
/// `followeraudit audit --all` does with a chosen model: each audited account and every background account with at
/// least <see cref="MinFollowers"/> followers; the label-free estimate; the labelled-sample estimate from
/// <see cref="LabelledPerAccount"/> followers drawn as `followeraudit sample` draws them and labelled from the truth;
/// and the verdict. Truth: fakes among the followers (truth.json), and whether the account bought any.
/// </summary>
internal static class EstimateCoverageHarness
{
    public const int MinFollowers = 500;

    public const int LabelledPerAccount = 200;

    public sealed record Row(string World, int Seed, string Handle, bool Audited, int Followers, double True, double BoughtShare,
        InflationEstimate LabelFree, InflationEstimate? Labelled, string Verdict)
    {
        public static bool Covers(InflationEstimate? e, double truth) =>
            e is { IsEstimated: true } && e.FakeShareLower <= truth + 1e-9 && truth <= e.FakeShareUpper + 1e-9;

        public double LabelFreeWidth => LabelFree.FakeShareUpper - LabelFree.FakeShareLower;

        public double LabelledWidth => Labelled is null ? double.NaN : Labelled.FakeShareUpper - Labelled.FakeShareLower;

        public bool Bought => BoughtShare > 0;
    }

    public static List<Row> Measure(string worldName, IEnumerable<int> seeds, Func<int, WorldOptions> optionsOf, string model, StringBuilder log)
    {
        var rows = new List<Row>();
        foreach (var seed in seeds)
        {
            var world = SyntheticFollowers.Generate(optionsOf(seed));
            var dataset = world.Dataset;
            var fakes = world.Truth.FakeAccountIds();
            var audited = world.Truth.AuditedAccounts.ToDictionary(a => a.AccountId);
            var index = dataset.FollowerIndex;
            var accountRows = Enumerable.Range(0, dataset.Accounts.Count)
                .Where(r => audited.ContainsKey(dataset.Accounts.AccountId[r]) || index.FollowerCount(r) >= MinFollowers)
                .ToArray();

            // The labeller: a random sample per account, labelled from the truth.
            var labels = new Dictionary<long, FollowerLabels>();
            foreach (var row in accountRows)
            {
                var slice = AccountSlice.Create(dataset, row);
                var sample = LabelSample.Draw(slice, LabelledPerAccount, seed * 7919 + row);
                var byId = sample.Select(p => slice.Followers.AccountId[p])
                    .ToDictionary(id => id, id => fakes.Contains(id) ? FollowerLabel.Fake : FollowerLabel.Genuine);
                labels[slice.AccountId] = new FollowerLabels(slice.AccountId, byId, "truth.json", "simulated");
            }

            var pipeline = new AuditPipelineBuilder { Options = AuditOptions.Default with { Labels = labels } }
                .UseProfileScoring().UsePublishedRuleSets().UseUnsupervisedScoring().UseTrainedClassifier(model)
                .UseFollowerBursts().UseCreationBatches().UseEngagementDivergence().UseLockstep().UseFraudar()
                .Build();
            var run = pipeline.Run(dataset, accountRows, null, CancellationToken.None);
            var purchased = world.Truth.Purchases.GroupBy(p => p.AccountId).ToDictionary(g => g.Key, g => g.SelectMany(p => p.FollowerIds).ToHashSet());
            var vendors = world.Truth.Purchases.GroupBy(p => p.AccountId).ToDictionary(g => g.Key, g => string.Join("+", g.Select(p =>
                string.Create(CultureInfo.InvariantCulture, $"{p.Vendor}:{p.FollowerIds.Count}/{(p.DeliveryEnd - p.DeliveryStart).TotalHours:0}h"))));
            foreach (var audit in run.Accounts)
            {
                var ids = audit.Slice.Followers.AccountId.ToArray();
                var trueShare = ids.Count(fakes.Contains) / (double)Math.Max(1, ids.Length);
                var bought = purchased.TryGetValue(audit.AccountId, out var p) ? ids.Count(p.Contains) / (double)Math.Max(1, ids.Length) : 0;
                var e = audit.Estimate;
                var verdict = audit.Verdict;
                var r = new Row(worldName, seed, audit.Handle, audited.ContainsKey(audit.AccountId), ids.Length, trueShare, bought,
                    e.LabelFreeAlternative ?? e, e.LabelFreeAlternative is null ? null : e, verdict.Code);
                rows.Add(r);
                log.AppendLine(string.Format(CultureInfo.InvariantCulture,
                    "{0} | {1} | {2} | {3} | {4:N0} | {5:0.0%} | bought {6:0.0%} {18} | free {7:0.0%} [{8:0.0%}, {9:0.0%}] {10} w={11:0.00} | labelled {12:0.0%} [{13:0.0%}, {14:0.0%}] {15} | {16} {17}",
                    worldName, seed, r.Handle, r.Audited ? "audited" : "background", r.Followers, r.True, r.BoughtShare,
                    r.LabelFree.FakeShare, r.LabelFree.FakeShareLower, r.LabelFree.FakeShareUpper, Row.Covers(r.LabelFree, r.True) ? "ok" : "MISS", r.LabelFree.Fit.Widening,
                    r.Labelled?.FakeShare ?? double.NaN, r.Labelled?.FakeShareLower ?? double.NaN, r.Labelled?.FakeShareUpper ?? double.NaN, Row.Covers(r.Labelled, r.True) ? "ok" : "MISS", r.Verdict,
                    string.Join(",", audit.Findings.Concat(audit.DetectorResults.SelectMany(d => d.Context)).Where(f => Verdict.EvidenceKinds.Contains(f.Kind) || f.Kind.EndsWith("-burst", StringComparison.Ordinal))
                        .Select(f => (!Verdict.EvidenceKinds.Contains(f.Kind) ? "~" : Verdict.IsOwnOrder(audit.Slice, f) ? "+" : "-") + (f.Kind == "creation-batch"
                        ? $"{f.Kind}:{f.FollowerIds.Count}@{f.Strength:0.00}/c={BatchConcentration.Of(audit.Slice, f)?.Share:0.00}/o={BatchConcentration.Of(audit.Slice, f)?.Others}/t={BatchConcentration.Of(audit.Slice, f)?.CreatedThen}/a={Verdict.ArrivalSpan(audit.Slice, f)?.TotalHours:0}h/f={f.Metrics.GetValueOrDefault("fresh")}/d={f.Metrics.GetValueOrDefault("created_window_days"):0.0}"
                        : f.Kind == "creation-window"
                            ? $"{f.Kind}:{f.FollowerIds.Count}/x={f.Metrics.GetValueOrDefault("excess"):0}@{f.Strength:0.00}/c={BatchConcentration.OfWindow(audit.Slice, f)?.Share:0.00}/ex={BatchConcentration.OfWindow(audit.Slice, f)?.ExcessAccounts:0}/b={BatchConcentration.OfWindow(audit.Slice, f)?.BaseShare:0.00}/l={BatchConcentration.OfWindow(audit.Slice, f)?.Lift:0.00}/a={Verdict.ArrivalSpan(audit.Slice, f)?.TotalHours:0}h/s={Verdict.Spread(audit.Slice, f):0.00}/d={f.Metrics.GetValueOrDefault("created_window_days"):0.0}/p={f.Metrics.GetValueOrDefault("log10_p_value"):0.0}"
                        : f.Kind.EndsWith("-burst", StringComparison.Ordinal)
                            ? $"{f.Kind}:{f.FollowerIds.Count}@{f.Strength:0.00}/batch={f.Metrics.GetValueOrDefault("creation_batch_share", double.NaN):0.00}/flag={f.Metrics.GetValueOrDefault("flagged_excess_share", double.NaN):0.00}/eng={f.Metrics.GetValueOrDefault("engagement_ratio", double.NaN):0.00}"
                            : $"{f.Kind}:{f.FollowerIds.Count}@{f.Strength:0.00}/pool={f.Metrics.GetValueOrDefault("followers")}/a={Verdict.ArrivalSpan(audit.Slice, f)?.TotalHours:0}h"))),
                    vendors.GetValueOrDefault(audit.AccountId, "") + " | " + string.Join(",", audit.Findings.Where(f => !Verdict.EvidenceKinds.Contains(f.Kind))
                        .GroupBy(f => f.Kind).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}x{g.Count()}:{g.Max(f => f.FollowerIds.Count)}@{g.Max(f => f.Strength):0.00}")))));
            }
        }

        return rows;
    }

    public static string Summary(IReadOnlyList<Row> rows)
    {
        static double Median(IEnumerable<double> xs)
        {
            var s = xs.Where(x => !double.IsNaN(x)).Order().ToArray();
            return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
        }

        var large = rows.Where(r => r.Followers >= 2000).ToList();
        var nonBuyers = rows.Where(r => !r.Bought).ToList();
        var buyers = rows.Where(r => r.BoughtShare >= 0.02).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"""
            accounts {rows.Count} ({rows.Count(r => r.Audited)} audited, {rows.Count(r => !r.Audited)} background)
            label-free: covered {rows.Count(r => Row.Covers(r.LabelFree, r.True))}/{rows.Count(r => r.LabelFree.IsEstimated)} estimated, median width {Median(rows.Select(r => r.LabelFreeWidth)):0.0%}
            labelled ({LabelledPerAccount}): covered {rows.Count(r => Row.Covers(r.Labelled, r.True))}/{rows.Count}, median width {Median(rows.Select(r => r.LabelledWidth)):0.0%}; on >= 2,000 followers covered {large.Count(r => Row.Covers(r.Labelled, r.True))}/{large.Count}, median width {Median(large.Select(r => r.LabelledWidth)):0.0%}
            verdict 'bought' on accounts that bought nothing: {nonBuyers.Count(r => r.Verdict == "bought")}/{nonBuyers.Count} ({string.Join(", ", nonBuyers.Where(r => r.Verdict == "bought").Select(r => $"{r.World} {r.Seed} {r.Handle}"))})
            verdict 'bought' on accounts that bought >= 2%: {buyers.Count(r => r.Verdict == "bought")}/{buyers.Count} (missed: {string.Join(", ", buyers.Where(r => r.Verdict != "bought").Select(r => $"{r.World} {r.Seed} {r.Handle} {r.BoughtShare:0.0%} {r.Verdict}"))})
            """);
    }
}
