using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting;

/// <summary>Builds the report documents (rendered to HTML and Markdown) from audits. All data text stays plain.</summary>
internal static class ReportContent
{
    /// <summary>Width of the fake-share interval at or above which the report says the scores cannot tell.</summary>
    public const double UninformativeWidth = 0.8;

    /// <summary>Charts shown right under the verdict, in this order; the others follow the detector sections.</summary>
    public static IReadOnlyList<string> KeyCharts { get; } = ["follower-map", "followers-engagement"];

    /// <summary>How many findings the top of the report shows.</summary>
    public const int TopFindings = 3;

    /// <summary>The document of one account.</summary>
    public static ReportDocument Account(AccountAudit audit, Verdict verdict, IReadOnlyList<RenderedChart> charts, RejectionSummary rejections, string rejectedRowsPath, ReportOptions options, string? title = null, string? indexHref = null)
    {
        var blocks = new List<Block>();
        if (indexHref is not null)
        {
            blocks.Add(new Link("← All audited accounts", indexHref));
        }

        var lines = new List<string> { verdict.Reason, EstimateSentence(audit) };
        if (FitWarning(audit) is { } fit)
        {
            lines.Add(fit);
        }

        if (EngagementSentence(audit) is { } engagement)
        {
            lines.Add(engagement);
        }

        if (audit.Slice.IsSample)
        {
            lines.Add($"Based on a random sample of {Format.Count(audit.Slice.Count)} of the {Format.Count(audit.Slice.TotalFollowersInData)} followers in the data (seed {options.Run.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }

        if (audit.DetectorResults.Any(r => r.Outcome == DetectorOutcome.Failed))
        {
            lines.Add("Warning: some detectors failed; their sections below say which. The rest of the report is valid.");
        }

        blocks.Add(new Callout(verdict.Headline, lines, verdict.Tone));

        // The two charts a reader needs first (who followed when, and whether engagement kept up) sit under the verdict.
        var key = KeyCharts.Select(name => charts.FirstOrDefault(c => c.Name == name)).OfType<RenderedChart>().ToList();
        if (key.Count > 0)
        {
            blocks.Add(new Heading(2, "At a glance", "at-a-glance"));
            blocks.AddRange(ChartBlocks(key));
        }

        // The verdict's own evidence (largest first) leads; other findings follow by strength.
        var top = verdict.Evidence.Concat(audit.Findings.Where(f => !verdict.Evidence.Contains(f))).Take(TopFindings).ToList();
        var overlaps = new FindingText.Overlaps(audit.Findings);
        blocks.Add(new Heading(2, "Strongest findings", "strongest-findings"));
        blocks.Add(top.Count == 0
            ? new Paragraph("No detector found a suspicious pattern.")
            : FindingText.List(top, overlaps));

        blocks.Add(new Heading(2, "Audience quality", "audience-quality"));
        var q = audit.Quality;
        blocks.Add(new Paragraph($"A different question from the estimate above: which followers a brand would actually reach. Each of the {Format.Count(q.Followers)} audited followers falls in exactly one group, checked in this order. " +
            "\"Likely fake\" here is the raw count of followers whose score reached its threshold, before the correction for the scorer's errors that the estimate makes, so the two can differ."));
        blocks.Add(new Table(
            ["Group", "Share", "Followers"],
            [
                Row("Likely fake (score at or above its threshold)", q.LikelyFake, q.Followers),
                Row($"Inactive (no post for {q.InactiveAfterDays.ToString(System.Globalization.CultureInfo.InvariantCulture)} days, or never)", q.Inactive, q.Followers),
                Row($"Mass-followers (following more than {Format.Count(q.MassFollowerThreshold)})", q.MassFollowers, q.Followers),
                Row("Real (the rest)", q.Real, q.Followers),
            ]));

        blocks.Add(new Heading(2, "Detectors", "detectors"));
        if (audit.DetectorResults.Count == 0)
        {
            blocks.Add(new Paragraph("No detector was enabled for this run."));
        }

        foreach (var result in audit.DetectorResults)
        {
            blocks.AddRange(DetectorSection(result, overlaps));
        }

        var others = charts.Where(c => !KeyCharts.Contains(c.Name)).ToList();
        if (others.Count > 0)
        {
            blocks.Add(new Heading(2, "More charts", "charts"));
            blocks.AddRange(ChartBlocks(others));
        }

        blocks.AddRange(MethodSection(audit, rejections, rejectedRowsPath, options));
        return new ReportDocument(title ?? options.Title ?? "Follower audit of " + audit.Handle, blocks);
    }

    /// <summary>The league-table index of a multi-account run.</summary>
    public static ReportDocument Index(RunSummary run, IReadOnlyList<(AccountSummary Audit, string Folder)> accounts, RenderedChart league, RenderedChart engagementRate, ReportOptions options)
    {
        var blocks = new List<Block>
        {
            new Paragraph($"{Format.Count(accounts.Count)} accounts audited. Open an account's report for its findings, charts and caveats."),
            new Heading(2, "League table", "league-table"),
            new Table(
                ["Account", "Account id", "Verdict", "Estimated fake", "95% interval", "Followers"],
                [.. accounts.Select(a => (IReadOnlyList<Cell>)
                [
                    new Cell(a.Audit.Handle, a.Folder + "/report.html"),
                    a.Audit.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    a.Audit.Verdict.Headline,
                    Format.Percent(a.Audit.Estimate.FakeShare),
                    a.Audit.Estimate.IsEstimated ? Format.Percent(a.Audit.Estimate.FakeShareLower) + "–" + Format.Percent(a.Audit.Estimate.FakeShareUpper) : "not estimated",
                    Format.Count(a.Audit.Estimate.FollowersTotal) + (a.Audit.FollowersAudited < a.Audit.Estimate.FollowersTotal ? $" (sample of {Format.Count(a.Audit.FollowersAudited)})" : ""),
                ])],
                [1, 3, 4, 5],
                [1]),
        };
        if (league.Png is { } png)
        {
            blocks.Add(new Figure(league.Title, "charts/" + league.Name + ".png", png, league.Title + ". " + league.Caption, league.NarrowPng));
            blocks.Add(new Paragraph(league.Caption));
        }

        blocks.Add(new Heading(2, "Engagement against the typical range", "engagement-rate"));
        if (engagementRate.Png is { } ratePng)
        {
            blocks.Add(new Figure(engagementRate.Title, "charts/" + engagementRate.Name + ".png", ratePng, engagementRate.Title + ". " + engagementRate.Caption, engagementRate.NarrowPng));
            blocks.Add(new Paragraph(engagementRate.Caption));
        }
        else
        {
            blocks.Add(new Paragraph($"{engagementRate.Title}: not drawn, because {engagementRate.SkipReason}."));
        }

        if (run.DatasetResults.Count > 0)
        {
            blocks.Add(new Heading(2, "Dataset-wide detectors", "dataset-detectors"));
            foreach (var result in run.DatasetResults)
            {
                blocks.AddRange(DetectorSection(result, new FindingText.Overlaps(result.Findings)));
            }
        }

        blocks.Add(new Heading(2, "Rows left out", "rejected-rows"));
        blocks.AddRange(RejectionBlocks(run.Rejections, "rejected-rows.csv"));
        blocks.Add(new Heading(2, "This run", "run"));
        blocks.Add(new BulletList(RunFacts(options.Run)));
        return new ReportDocument(options.Title ?? "Follower audit of " + Format.Count(accounts.Count) + " accounts", blocks);
    }

    /// <summary>The headline number: "About X of Y followers look real (Z%, 95% interval A–B)", or why there is none.</summary>
    public static string EstimateSentence(AccountAudit audit)
    {
        var e = audit.Estimate;
        if (e.FollowersAudited == 0)
        {
            return "No followers were audited.";
        }

        if (!e.IsEstimated)
        {
            return $"Cannot estimate the fake share from these columns: {e.CannotEstimate}. Label a random sample (followeraudit sample) to estimate it.";
        }

        var how = e.MethodCode == LabelledSampleEstimator.MethodCode
            ? $" (from {Format.Count(e.LabelledSample?.Labelled ?? 0)} hand-labelled followers and the model)"
            : " (label-free estimate)";
        if (e.MethodCode == LabelFreeEstimator.MethodCode && e.FakeShareUpper - e.FakeShareLower >= UninformativeWidth)
        {
            // An interval this wide is no estimate: say so plainly rather than print "0 to N look real".
            return $"The scores alone cannot say how many of the {Format.Count(e.FollowersTotal)} followers look real: the model's error rates on followers like these are unknown, so the 95% interval runs from {Format.Percent(e.FakeShareLower)} to {Format.Percent(e.FakeShareUpper)} fake (label-free). " +
                   "Label a random sample of followers (followeraudit sample, then audit --labels) for a real estimate.";
        }

        if (e.MethodCode == LabelFreeEstimator.MethodCode && !e.Fit.Fits)
        {
            // Off the model's population the point estimate carries the model's unknown bias: lead with the interval.
            return $"Between {Format.Count(e.EstimatedGenuineLower)} and {Format.Count(e.EstimatedGenuineUpper)} of {Format.Count(e.FollowersTotal)} followers look real ({Format.Percent(1 - e.FakeShareUpper)}–{Format.Percent(1 - e.FakeShareLower)}, 95% interval; label-free). " +
                   "The interval is wide because the model's error rates on followers like these are unknown, so no single number is reliable.";
        }

        return $"About {Format.Count(e.EstimatedGenuine)} of {Format.Count(e.FollowersTotal)} followers look real ({Format.Percent(1 - e.FakeShare)}, 95% interval {Format.Count(e.EstimatedGenuineLower)}–{Format.Count(e.EstimatedGenuineUpper)}, " +
               $"{Format.Percent(1 - e.FakeShareUpper)}–{Format.Percent(1 - e.FakeShareLower)}); about {Format.Count(e.EstimatedFake)} look fake ({Format.Percent(e.FakeShare)}, {Format.Percent(e.FakeShareLower)}–{Format.Percent(e.FakeShareUpper)}){how}.";
    }

    /// <summary>A warning when the model does not suit these followers and no labels corrected it, or <see langword="null"/>.</summary>
    public static string? FitWarning(AccountAudit audit)
    {
        var e = audit.Estimate;
        if (!e.IsEstimated || e.MethodCode != LabelFreeEstimator.MethodCode || e.Fit.Fits)
        {
            return null;
        }

        var features = e.Fit.TopShifts.Count == 0 ? "" : " Features that differ most: " + string.Join(", ", e.Fit.TopShifts.Select(s => s.Feature)) + ".";
        return e.Fit.Assessed
            ? $"The model does not fit these followers well: they do not look like the data it was trained on, so the interval is wide.{features} To narrow it, label a random sample of followers (followeraudit sample, then audit --labels) or train a model on data like yours."
            : "The model's fit to these followers cannot be checked (it carries no description of its training data), so the interval allows the error rates seen on other populations. To narrow it, label a random sample of followers (followeraudit sample, then audit --labels).";
    }

    /// <summary>"Engagement: 1.1% per follower, 1.3% (1.2–1.4%) per estimated genuine follower; typical for … 3–7%."</summary>
    public static string? EngagementSentence(AccountAudit audit)
    {
        if (EngagementSummary.Of(audit).Summary is not { } s)
        {
            return null;
        }

        var perGenuine = s.PerGenuine is { } g
            ? $", {Format.Percent(g)} per estimated genuine follower (95% interval {Format.Percent(s.PerGenuineLower ?? g)}–{(s.PerGenuineUpper is { } upper ? Format.Percent(upper) : "no upper bound")})"
            : "";
        return $"Engagement: {Format.Percent(s.Rate)} interactions per post per follower{perGenuine}; typical for the {s.Band.Tier} tier ({Format.Count(s.Band.MinFollowers)}+ followers): {Format.Percent(s.Band.Low)}–{Format.Percent(s.Band.High)}.";
    }

    /// <summary>What the data lacked, in plain words.</summary>
    public static IReadOnlyList<string> DataGaps(AccountAudit audit)
    {
        var slice = audit.Slice;
        var followers = slice.Followers;
        var gaps = new List<string>();
        if (slice.FollowedAt is null || slice.FollowedAtEstimated)
        {
            gaps.Add(slice.FollowOrder switch
            {
                FollowOrderSource.TableOrder => "No follow times and no follow order: follow order is the order of the follows table, and time-based detectors could not run.",
                _ when slice.FollowedAtEstimated => "No follow times: they were estimated from the follow order and the followers' creation dates (a follow cannot precede the follower's account), so they are lower bounds.",
                _ => "No follow times (only follow order): bursts in time cannot be dated.",
            });
        }

        if (followers.CreatedAt is null)
        {
            gaps.Add("No account creation dates: the follower map is not drawn and account age is unknown.");
        }

        if (slice.Posts.Count == 0)
        {
            gaps.Add("No posts: engagement cannot be compared with follower growth.");
        }

        if (slice.Snapshots.Count == 0)
        {
            gaps.Add("No follower-count snapshots.");
        }

        if (followers.Handle is null && followers.Bio is null)
        {
            gaps.Add("No profile text (handles, bios): only derived profile columns were used.");
        }

        if (!slice.HasFollowerActivityColumns)
        {
            gaps.Add("No follower activity columns (last post, post count): inactivity cannot be measured.");
        }

        return gaps;
    }

    private static IEnumerable<Block> ChartBlocks(IEnumerable<RenderedChart> charts)
    {
        foreach (var chart in charts)
        {
            if (chart.Png is { } png)
            {
                yield return new Heading(3, chart.Title, "chart-" + chart.Name);
                yield return new Figure(chart.Title, "charts/" + chart.Name + ".png", png, chart.Title + ". " + chart.Caption, chart.NarrowPng);
                yield return new Paragraph(chart.Caption);
            }
            else
            {
                yield return new Paragraph($"{chart.Title}: not drawn, because {chart.SkipReason}.");
            }
        }
    }

    private static IReadOnlyList<Cell> Row(string label, double share, int total) =>
        [label, Format.Percent(share), Format.Count((long)Math.Round(share * total))];

    /// <summary>A detector's section: its summary, its findings in plain words, and its tables folded away.</summary>
    /// <param name="result">The detector's result.</param>
    /// <param name="all">Every finding of the account (or run), searched for findings with the same followers.</param>
    private static IEnumerable<Block> DetectorSection(DetectorResult result, FindingText.Overlaps all)
    {
        yield return new Heading(3, result.Detector, result.Detector);
        switch (result.Outcome)
        {
            case DetectorOutcome.Failed:
                yield return new Callout("FAILED: " + result.Detector, [result.Summary, "Its evidence is missing from this report; the other detectors still ran. Details are in run.json."], "failed");
                yield break;
            case DetectorOutcome.NotApplicable:
                yield return new Paragraph("Not applicable to this data: " + result.Summary);
                break;
            default:
                yield return new Paragraph(result.Summary);
                break;
        }

        var ordered = result.Findings.OrderByDescending(f => f.Strength).ThenBy(f => f.Title, StringComparer.Ordinal).ToList();
        if (ordered.Count > 0)
        {
            yield return FindingText.List(ordered, all);
        }

        if (result.Context.Count > 0)
        {
            // Shown so a reader can check the judgement, but labelled: these are not findings and count nowhere.
            yield return new Paragraph("Context, not evidence (judged innocent; not counted in findings, the verdict or the estimate):");
            yield return new BulletList([.. result.Context.OrderBy(f => f.Start).ThenBy(f => f.Title, StringComparer.Ordinal).Select(f => f.Title + " (" + Where(f) + "): " + f.Explanation)]);
        }

        if (result.Warnings.Count > 0)
        {
            yield return new BulletList([.. result.Warnings.Select(w => "Warning: " + w)]);
        }

        // The tables are for those checking the work: folded, so that a reader scrolls past one line per detector.
        var tables = new List<Block>();
        if (ordered.Count > 0)
        {
            tables.Add(new Table(
                ["Finding", "Strength", "Followers", "When / where"],
                [.. ordered.Select(f => (IReadOnlyList<Cell>)
                [
                    f.Title,
                    Format.Number(f.Strength),
                    Format.Count(f.FollowerIds.Count),
                    Where(f),
                ])],
                [1, 2]));
        }

        if (result.Metrics.Count > 0)
        {
            tables.Add(new Table(["Metric", "Value"], [.. result.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (IReadOnlyList<Cell>)[m.Key, Format.Number(m.Value)])]));
        }

        if (tables.Count > 0)
        {
            yield return new Details(ordered.Count > 0 ? $"Findings table and metrics of {result.Detector}" : $"Metrics of {result.Detector}", tables);
        }
    }

    private static string Where(Finding f)
    {
        var parts = new List<string>();
        if (f.Start is not null || f.End is not null)
        {
            parts.Add(Format.Date(f.Start) + " to " + Format.Date(f.End));
        }

        if (f.FirstPosition is { } first && f.LastPosition is { } last)
        {
            parts.Add($"followers #{Format.Count(first)}–#{Format.Count(last)}");
        }

        return parts.Count == 0 ? "—" : string.Join("; ", parts);
    }

    private static IEnumerable<Block> MethodSection(AccountAudit audit, RejectionSummary rejections, string rejectedRowsPath, ReportOptions options)
    {
        yield return new Heading(2, "Method and caveats", "method");
        yield return new Paragraph(audit.Estimate.Method);
        yield return new Paragraph("A fake score says how much a follower looks like a bought or automated account; it is evidence, not proof, about any single follower. " +
                                   "The per-follower scores are in followers.csv.");
        var gaps = DataGaps(audit);
        yield return new Heading(3, "What the data lacked", "data-gaps");
        yield return gaps.Count == 0 ? new Paragraph("Nothing the detectors need was missing.") : new BulletList(gaps);
        yield return new Heading(3, "Rows left out", "rejected-rows");
        foreach (var block in RejectionBlocks(rejections, rejectedRowsPath))
        {
            yield return block;
        }

        yield return new Heading(3, "This run", "run");
        yield return new BulletList(RunFacts(options.Run));
    }

    private static IEnumerable<Block> RejectionBlocks(RejectionSummary rejections, string path)
    {
        if (rejections.Total == 0)
        {
            yield return new Paragraph("No input rows were rejected.");
            yield break;
        }

        yield return new Paragraph($"{Format.Count(rejections.Total)} input rows broke the data contract and were left out; every one is listed in {path}.");
        yield return new Table(["Reason", "Rows"], [.. rejections.ByReason.Select(kv => (IReadOnlyList<Cell>)[kv.Key, Format.Count(kv.Value)])]);
    }

    /// <summary>Rejections counted by reason, reasons sorted ordinally.</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> RejectionCounts(IReadOnlyList<Rejection> rejections) =>
        [.. rejections.GroupBy(r => r.Reason, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new KeyValuePair<string, long>(g.Key, g.LongCount()))];

    private static List<string> RunFacts(RunInfo run)
    {
        var facts = new List<string> { "FollowerAudit version " + run.ToolVersion, "Seed " + run.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (run.StartedAt is { } started)
        {
            facts.Add("Started " + Format.Date(started.UtcDateTime) + (run.FinishedAt is { } finished ? ", finished " + Format.Date(finished.UtcDateTime) : string.Empty));
        }

        facts.AddRange(run.Inputs.Select(i => $"Input {i.Path} ({Format.Count(i.Bytes)} bytes, SHA-256 {i.Sha256})"));
        facts.Add("Full details (arguments, timings, failures) are in run.json.");
        return facts;
    }
}
