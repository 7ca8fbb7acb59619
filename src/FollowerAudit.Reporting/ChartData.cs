using FollowerAudit.Core.Detectors.Engagement;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting;

/// <summary>Either a chart's data, or the reason it is skipped.</summary>
/// <typeparam name="T">The data type.</typeparam>
internal sealed record ChartInput<T>(T? Data, string? SkipReason)
    where T : class
{
    public static ChartInput<T> Skip(string reason) => new(null, reason);

    public static ChartInput<T> Of(T data) => new(data, null);
}

/// <summary>A shaded time range, in OLE Automation dates: a burst of arrivals, or the delivery of a detected batch.</summary>
internal sealed record TimeBand(double Start, double End, string Label, string Kind = TimeBand.Burst)
{
    /// <summary>A burst of new followers (follower-burst, viral-burst).</summary>
    public const string Burst = "burst";

    /// <summary>The follow times of a detected batch (creation batch, lockstep group, shared pool).</summary>
    public const string Batch = "batch";
}

/// <summary>Data of the followers-vs-engagement chart. Dates are OLE Automation dates (UTC).</summary>
/// <param name="FollowerX">Dates of the follower series.</param>
/// <param name="Followers">Followers at each date.</param>
/// <param name="FollowerSource">"follow times" or "snapshots".</param>
/// <param name="InteractionX">Dates of the interaction series (days with posts).</param>
/// <param name="Interactions">Interactions received by that day's posts.</param>
/// <param name="Bursts">Findings with a time range.</param>
/// <param name="Sample">"sample of N of M followers" when the chart holds fewer followers than the headline count, else <see langword="null"/>.</param>
internal sealed record EngagementSeries(double[] FollowerX, double[] Followers, string FollowerSource, double[] InteractionX, double[] Interactions, IReadOnlyList<TimeBand> Bursts, string? Sample = null);

/// <summary>A detected batch box on the follower map: follow positions × creation years.</summary>
internal sealed record BatchBox(double FirstPosition, double LastPosition, double Bottom, double Top, string Label);

/// <summary>
/// Data of the follower map ("Follower Factory" chart): one point per follower (every <paramref name="Step"/>-th
/// when there are many) with known creation date.
/// </summary>
/// <param name="Positions">Follow-order positions (0 = earliest follower).</param>
/// <param name="CreatedYear">Creation date as a decimal year (2019.5 = early July 2019).</param>
/// <param name="Scores">Fake score of each point.</param>
/// <param name="Step">Every Step-th follower is drawn (1 = all).</param>
/// <param name="FollowersWithDate">Followers with a creation date, before thinning.</param>
/// <param name="Batches">Detected batches.</param>
/// <param name="Threshold">Score threshold of "flagged".</param>
/// <param name="HasScores">Whether a scorer ran (else every score is 0 and colour means nothing).</param>
/// <param name="Sample">"sample of N of M followers" when the chart holds fewer followers than the headline count, else <see langword="null"/>.</param>
internal sealed record FollowerMapSeries(double[] Positions, double[] CreatedYear, double[] Scores, int Step, int FollowersWithDate, IReadOnlyList<BatchBox> Batches, double Threshold, bool HasScores, string? Sample = null);

/// <summary>Data of the score histogram.</summary>
/// <param name="BinLefts">Left edge of each bin.</param>
/// <param name="BinWidth">Width of every bin.</param>
/// <param name="Counts">Followers per bin (the last bin includes 1.0).</param>
/// <param name="Threshold">The flagging threshold.</param>
/// <param name="Scorer">The scorer's name.</param>
internal sealed record HistogramSeries(double[] BinLefts, double BinWidth, int[] Counts, double Threshold, string Scorer);

/// <summary>Data of the league table chart: one bar per account, in percent, coloured by its verdict.</summary>
/// <param name="Labels">Handles, shortened.</param>
/// <param name="SharePercent">Estimated fake share (%).</param>
/// <param name="LowerPercent">Lower end of the 95% interval (%).</param>
/// <param name="UpperPercent">Upper end of the 95% interval (%).</param>
/// <param name="VerdictCodes">Each account's <see cref="Core.Estimation.Verdict.Code"/> (bought, fake-followers-not-bought, inconclusive, no-sign).</param>
internal sealed record LeagueSeries(string[] Labels, double[] SharePercent, double[] LowerPercent, double[] UpperPercent, string[] VerdictCodes);

/// <summary>One account on the engagement-rate chart.</summary>
/// <param name="AccountId">The account's id.</param>
/// <param name="Label">Its handle, shortened, drawn as a label only (attacker-controlled text).</param>
/// <param name="Followers">The headline follower count (<see cref="Core.Estimation.InflationEstimate.FollowersTotal"/>), &gt; 0.</param>
/// <param name="Rate">Median engagement rate of its latest posts (interactions / followers; 0.02 = 2%), ≥ 0.</param>
/// <param name="GenuineFollowers">Estimated genuine followers, when fewer than <paramref name="Followers"/> and more than 0.</param>
/// <param name="GenuineRate">
/// The same interactions per estimated genuine follower, <c>Rate × Followers / GenuineFollowers</c>; set with
/// <paramref name="GenuineFollowers"/>.
/// </param>
/// <param name="BelowBand">Whether <paramref name="Rate"/> is below the benchmark band of its follower tier.</param>
internal sealed record EngagementRatePoint(long AccountId, string Label, double Followers, double Rate, double? GenuineFollowers, double? GenuineRate, bool BelowBand);

/// <summary>A follower tier's typical engagement-rate band, clipped to the chart's follower range.</summary>
/// <param name="Tier">Tier name (nano, micro, …).</param>
/// <param name="FromFollowers">Left edge (followers).</param>
/// <param name="ToFollowers">Right edge (followers).</param>
/// <param name="Low">Low end of the typical rate (0.03 = 3%).</param>
/// <param name="High">High end of the typical rate.</param>
internal sealed record BenchmarkBand(string Tier, double FromFollowers, double ToFollowers, double Low, double High);

/// <summary>Accounts left off a chart for one reason.</summary>
/// <param name="Reason">Why, in plain words.</param>
/// <param name="Accounts">How many.</param>
internal sealed record LeftOut(string Reason, int Accounts);

/// <summary>
/// Data of the engagement-rate chart: accounts by followers and engagement rate, against the benchmark bands. Both axes
/// are drawn logarithmic; the limits are round numbers.
/// </summary>
/// <param name="Points">One per account with a measured rate, in league order.</param>
/// <param name="Bands">The tier bands overlapping [<paramref name="XMin"/>, <paramref name="XMax"/>], smallest tier first, edge to edge.</param>
/// <param name="XMin">Follower axis minimum (1, 2 or 5 × a power of ten, at least 1).</param>
/// <param name="XMax">Follower axis maximum (1, 2 or 5 × a power of ten).</param>
/// <param name="YMin">Rate axis minimum (1, 2 or 5 × a power of ten); zero rates are drawn on it.</param>
/// <param name="YMax">Rate axis maximum (1, 2 or 5 × a power of ten).</param>
/// <param name="LeftOut">Accounts not drawn, counted by reason (reasons sorted ordinally).</param>
internal sealed record EngagementRateSeries(IReadOnlyList<EngagementRatePoint> Points, IReadOnlyList<BenchmarkBand> Bands, double XMin, double XMax, double YMin, double YMax, IReadOnlyList<LeftOut> LeftOut);

/// <summary>Turns audits into chart series. Pure and deterministic, so tests check it exactly.</summary>
internal static class ChartData
{
    /// <summary>Most points drawn on the follower map; above it every k-th follower is kept (deterministic thinning).</summary>
    public const int MaxMapPoints = 150_000;

    /// <summary>Number of histogram bins over [0, 1].</summary>
    public const int HistogramBins = 20;

    // Room kept between the outermost point and the edge of a log axis (a factor: 10^0.1, a tenth of a decade).
    private static readonly double LogPad = Math.Pow(10, 0.1);

    // Round multiples of a power of ten for axis limits.
    private static readonly int[] NiceSteps = [1, 2, 5, 10];

    /// <summary>Cumulative followers (follow times, else snapshots) and daily interactions, with bursts.</summary>
    public static ChartInput<EngagementSeries> Engagement(AccountAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var timeline = audit.Timeline;
        double[] followerX = [], followers = [];
        var source = "none";
        if (audit.Slice.FollowedAt is not null && timeline.Days.Length > 0)
        {
            followerX = [.. timeline.Days.Select(d => d.ToOADate())];
            followers = [.. timeline.CumulativeFollowers];
            source = "follow times";
        }
        else if (timeline.SnapshotAt.Length > 0)
        {
            followerX = [.. timeline.SnapshotAt.Select(d => d.ToOADate())];
            followers = [.. timeline.SnapshotFollowers];
            source = "snapshots";
        }

        var interactionX = new List<double>();
        var interactions = new List<double>();
        for (var d = 0; d < timeline.Days.Length; d++)
        {
            if (timeline.Posts[d] > 0)
            {
                interactionX.Add(timeline.Days[d].ToOADate());
                interactions.Add(timeline.Interactions[d]);
            }
        }

        if (followerX.Length == 0 && interactionX.Count == 0)
        {
            return ChartInput<EngagementSeries>.Skip("the data has no follow times, no follower-count snapshots and no dated posts");
        }

        // Bursts and batch deliveries are drawn apart: an account with no burst must not show a "burst" band.
        var bursts = audit.Findings
            .Where(f => f.Start is not null && f.End is not null && (f.Kind is "follower-burst" or "viral-burst" || f.MarksFollowersAsFake))
            .OrderBy(f => f.Start)
            .ThenBy(f => f.Title, StringComparer.Ordinal)
            .Select(f => new TimeBand(f.Start!.Value.ToOADate(), f.End!.Value.ToOADate(), f.Title, f.MarksFollowersAsFake ? TimeBand.Batch : TimeBand.Burst))
            .ToList();
        return ChartInput<EngagementSeries>.Of(new EngagementSeries(followerX, followers, source, [.. interactionX], [.. interactions], bursts, source == "follow times" ? Sample(audit) : null));
    }

    /// <summary>
    /// "sample of 595 of 31,508 followers" when the audit holds fewer followers than its headline count (the data holds
    /// a sample, or --sample drew one), else <see langword="null"/>.
    /// </summary>
    public static string? Sample(AccountAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var shown = audit.Slice.Count;
        var total = Math.Max(audit.Estimate.FollowersTotal, audit.Slice.TotalFollowersInData);
        return shown < total ? $"sample of {Format.Count(shown)} of {Format.Count(total)} followers" : null;
    }

    /// <summary>Follow order vs account creation, coloured by score, with detected batches boxed.</summary>
    public static ChartInput<FollowerMapSeries> FollowerMap(AccountAudit audit, int maxPoints = MaxMapPoints)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        var slice = audit.Slice;
        var created = slice.Followers.CreatedAt;
        if (created is null)
        {
            return ChartInput<FollowerMapSeries>.Skip("the data has no account creation dates");
        }

        // Counted, then every step-th follower with a date kept: no list of every follower's position (40 MB at 10M).
        var withDate = 0;
        for (var i = 0; i < slice.Count; i++)
        {
            if (created[i] is not null)
            {
                withDate++;
            }
        }

        if (withDate == 0)
        {
            return ChartInput<FollowerMapSeries>.Skip("no follower has an account creation date");
        }

        var step = (withDate + maxPoints - 1) / maxPoints;
        var kept = new int[(withDate + step - 1) / step];
        for (int i = 0, k = 0; i < slice.Count; i++)
        {
            if (created[i] is not null)
            {
                if (k % step == 0)
                {
                    kept[k / step] = i;
                }

                k++;
            }
        }

        var scores = audit.FollowerScores.Scores;
        var positions = kept.Select(i => (double)i).ToArray();
        var years = kept.Select(i => DecimalYear(created[i]!.Value)).ToArray();
        var pointScores = kept.Select(i => scores[i]).ToArray();

        var batches = new List<BatchBox>();
        foreach (var f in audit.Findings.Where(f => f.FirstPosition is not null && f.LastPosition is not null)
                     .OrderBy(f => f.FirstPosition).ThenBy(f => f.Title, StringComparer.Ordinal))
        {
            var first = Math.Max(0, f.FirstPosition!.Value);
            var last = Math.Min(slice.Count - 1, f.LastPosition!.Value);
            var windows = CreationWindows(f);
            if (windows.Count > 0)
            {
                // The batch's own creation windows: one box per window, not the creation span of its whole rank range.
                batches.AddRange(windows.Select(w => new BatchBox(first, last, w.From, w.To, f.Title)));
                continue;
            }

            double lo = double.MaxValue, hi = double.MinValue;
            for (var i = first; i <= last; i++)
            {
                if (created[i] is { } c)
                {
                    var y = DecimalYear(c);
                    lo = Math.Min(lo, y);
                    hi = Math.Max(hi, y);
                }
            }

            if (lo <= hi)
            {
                batches.Add(new BatchBox(first, last, lo, hi, f.Title));
            }
        }

        return ChartInput<FollowerMapSeries>.Of(new FollowerMapSeries(positions, years, pointScores, step, withDate, batches, audit.FollowerScores.Threshold, audit.ScorerOutputs.Count > 0, Sample(audit)));
    }

    /// <summary>
    /// A finding's creation windows as decimal years, from its <c>created_from_unix_days_K</c> /
    /// <c>created_to_unix_days_K</c> metrics (the creation-batch detector's), in order; empty when it has none.
    /// </summary>
    public static IReadOnlyList<(double From, double To)> CreationWindows(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var windows = new List<(double From, double To)>();
        for (var k = 1; ; k++)
        {
            var n = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!finding.Metrics.TryGetValue("created_from_unix_days_" + n, out var from) || !finding.Metrics.TryGetValue("created_to_unix_days_" + n, out var to) ||
                !double.IsFinite(from) || !double.IsFinite(to) || to < from)
            {
                return windows;
            }

            windows.Add((DecimalYear(DateTime.UnixEpoch.AddDays(from)), DecimalYear(DateTime.UnixEpoch.AddDays(to))));
        }
    }

    /// <summary>Distribution of the combined follower score.</summary>
    public static ChartInput<HistogramSeries> ScoreHistogram(AccountAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var scores = audit.FollowerScores;
        if (scores.Scores.Length == 0)
        {
            return ChartInput<HistogramSeries>.Skip("the account has no followers in the data");
        }

        if (audit.ScorerOutputs.Count == 0)
        {
            return ChartInput<HistogramSeries>.Skip("no follower scorer ran, so there are no scores to show");
        }

        const double width = 1.0 / HistogramBins;
        var counts = new int[HistogramBins];
        foreach (var s in scores.Scores)
        {
            if (double.IsNaN(s))
            {
                continue;
            }

            counts[Math.Clamp((int)(s * HistogramBins), 0, HistogramBins - 1)]++;
        }

        var lefts = Enumerable.Range(0, HistogramBins).Select(i => i * width).ToArray();
        return ChartInput<HistogramSeries>.Of(new HistogramSeries(lefts, width, counts, scores.Threshold, scores.Scorer));
    }

    /// <summary>Estimated fake share with its interval, per account, highest share first (ties by account id).</summary>
    public static ChartInput<LeagueSeries> League(IReadOnlyList<AccountAudit> audits) =>
        League([.. (audits ?? throw new ArgumentNullException(nameof(audits))).Select(AccountSummary.Of)]);

    /// <summary>As <see cref="League(IReadOnlyList{AccountAudit})"/>, from the accounts' summaries.</summary>
    public static ChartInput<LeagueSeries> League(IReadOnlyList<AccountSummary> audits)
    {
        ArgumentNullException.ThrowIfNull(audits);
        if (audits.Count < 2)
        {
            return ChartInput<LeagueSeries>.Skip("fewer than two accounts were audited");
        }

        // An account whose fake share could not be estimated has no bar to draw.
        audits = LeagueOrder([.. audits.Where(a => a.Estimate.IsEstimated)]);
        if (audits.Count < 2)
        {
            return ChartInput<LeagueSeries>.Skip("fewer than two audited accounts have an estimated fake share");
        }

        return ChartInput<LeagueSeries>.Of(new LeagueSeries(
            [.. audits.Select(a => ShortLabel(a.Handle))],
            [.. audits.Select(a => a.Estimate.FakeShare * 100)],
            [.. audits.Select(a => a.Estimate.FakeShareLower * 100)],
            [.. audits.Select(a => a.Estimate.FakeShareUpper * 100)],
            [.. audits.Select(a => a.Verdict.Code)]));
    }

    /// <summary>
    /// Engagement rate (the engagement-divergence detector's <c>median_engagement_rate</c>) against followers
    /// (<see cref="Core.Estimation.InflationEstimate.FollowersTotal"/>) for every audited account whose rate was
    /// measured, with the per-tier benchmark bands of <see cref="EngagementBenchmarks.Instagram"/>.
    /// </summary>
    public static ChartInput<EngagementRateSeries> EngagementRate(IReadOnlyList<AccountAudit> audits) =>
        EngagementRate([.. (audits ?? throw new ArgumentNullException(nameof(audits))).Select(AccountSummary.Of)]);

    /// <summary>As <see cref="EngagementRate(IReadOnlyList{AccountAudit})"/>, from the accounts' summaries.</summary>
    public static ChartInput<EngagementRateSeries> EngagementRate(IReadOnlyList<AccountSummary> audits)
    {
        ArgumentNullException.ThrowIfNull(audits);
        var points = new List<EngagementRatePoint>();
        var leftOut = new List<string>();
        foreach (var audit in LeagueOrder(audits))
        {
            var (summary, missing) = EngagementSummary.Of(audit);
            if (summary is null)
            {
                leftOut.Add(missing!);
                continue;
            }

            var hasGenuine = summary.PerGenuine is not null && audit.Estimate.EstimatedGenuine < summary.Followers;
            points.Add(new EngagementRatePoint(
                audit.AccountId,
                ShortLabel(audit.Handle),
                summary.Followers,
                summary.Rate,
                hasGenuine ? audit.Estimate.EstimatedGenuine : null,
                hasGenuine ? summary.PerGenuine : null,
                summary.BelowBand));
        }

        var counted = leftOut.GroupBy(r => r, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new LeftOut(g.Key, g.Count())).ToList();
        if (points.Count == 0)
        {
            return ChartInput<EngagementRateSeries>.Skip(audits.Count == 1
                ? "the account's engagement rate was not measured (" + (counted.Count > 0 ? counted[0].Reason : "no account") + ")"
                : "no audited account has a measured engagement rate (" + string.Join("; ", counted.Select(c => c.Reason)) + ")");
        }

        // Round numbers (1, 2 or 5 × a power of ten), with some room so that no point sits on an edge.
        var xs = points.Select(p => p.Followers).Concat(points.Select(p => p.GenuineFollowers ?? p.Followers)).ToArray();
        var (xMin, xMax) = AtLeastADecade(Math.Max(1, NiceBelow(xs.Min() / LogPad)), NiceAbove(xs.Max() * LogPad), floor: 1);
        var bands = EngagementBenchmarks.Instagram
            .Where(b => b.MinFollowers < xMax && b.MaxFollowers > xMin)
            .Select(b => new BenchmarkBand(b.Tier, Math.Max(xMin, b.MinFollowers), Math.Min(xMax, b.MaxFollowers), b.Low, b.High))
            .ToList();
        var ys = points.Select(p => p.Rate).Concat(points.Select(p => p.GenuineRate ?? p.Rate)).Concat(bands.Select(b => b.Low)).Concat(bands.Select(b => b.High)).Where(y => y > 0).ToArray();
        var (yMin, yMax) = AtLeastADecade(NiceBelow(ys.Min() / LogPad), NiceAbove(ys.Max() * LogPad), floor: 0);
        return ChartInput<EngagementRateSeries>.Of(new EngagementRateSeries(points, bands, xMin, xMax, yMin, yMax, counted));
    }

    /// <summary>The league-table order: highest estimated fake share first, ties by account id; stable.</summary>
    public static IReadOnlyList<AccountAudit> LeagueOrder(IReadOnlyList<AccountAudit> audits) =>
        [.. audits.OrderByDescending(a => a.Estimate.FakeShare).ThenBy(a => a.AccountId)];

    /// <summary>As <see cref="LeagueOrder(IReadOnlyList{AccountAudit})"/>, for summaries.</summary>
    public static IReadOnlyList<AccountSummary> LeagueOrder(IReadOnlyList<AccountSummary> accounts) =>
        [.. accounts.OrderByDescending(a => a.Estimate.FakeShare).ThenBy(a => a.AccountId)];

    /// <summary>
    /// Widens [min, max] to round numbers, alternately down and up, until it spans at least a factor of ten: a single
    /// account would otherwise fill the chart and hide the neighbouring tiers.
    /// </summary>
    private static (double Min, double Max) AtLeastADecade(double min, double max, double floor)
    {
        for (var down = true; max / min < 10 * (1 - 1e-9); down = !down)
        {
            if (down && NiceBelow(min / 1.001) >= floor)
            {
                min = NiceBelow(min / 1.001);
            }
            else if (!down)
            {
                max = NiceAbove(max * 1.001);
            }
        }

        return (min, max);
    }

    /// <summary>The largest 1, 2 or 5 × 10^k at or below <paramref name="value"/> (&gt; 0).</summary>
    public static double NiceBelow(double value)
    {
        var decade = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return NiceSteps.OrderDescending().Select(m => m * decade).First(v => v <= value * (1 + 1e-9));
    }

    /// <summary>The smallest 1, 2 or 5 × 10^k at or above <paramref name="value"/> (&gt; 0).</summary>
    public static double NiceAbove(double value)
    {
        var decade = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return NiceSteps.Select(m => m * decade).First(v => v >= value * (1 - 1e-9));
    }

    /// <summary>A date as a decimal year: 2020-07-02 ≈ 2020.5.</summary>
    public static double DecimalYear(DateTime t)
    {
        var start = new DateTime(t.Year, 1, 1, 0, 0, 0, t.Kind);
        var days = DateTime.IsLeapYear(t.Year) ? 366.0 : 365.0;
        return t.Year + ((t - start).TotalDays / days);
    }

    // Chart labels are drawn as pixels (no markup), but keep them short and on one line.
    private static string ShortLabel(string handle)
    {
        var clean = new string([.. handle.Where(c => !char.IsControl(c))]);
        return clean.Length <= 18 ? clean : string.Concat(clean.AsSpan(0, 17), "…");
    }
}
