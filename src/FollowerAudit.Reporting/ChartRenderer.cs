using System.Globalization;
using ScottPlot;

namespace FollowerAudit.Reporting;

/// <summary>A drawn (or skipped) chart.</summary>
/// <param name="Name">File stem under <c>charts/</c>, e.g. <c>follower-map</c>.</param>
/// <param name="Title">Chart title.</param>
/// <param name="Caption">What the reader sees and how to read it.</param>
/// <param name="Png">The PNG, or <see langword="null"/> when skipped.</param>
/// <param name="Svg">The SVG when small enough, else <see langword="null"/>.</param>
/// <param name="SkipReason">Why the chart is missing, when it is.</param>
/// <param name="NarrowPng">
/// The same chart rendered for phone-width screens (<see cref="ChartRenderer.NarrowWidth"/> pixels wide, larger text,
/// legend below), or <see langword="null"/> when skipped.
/// </param>
internal sealed record RenderedChart(string Name, string Title, string Caption, byte[]? Png, string? Svg, string? SkipReason, byte[]? NarrowPng = null);

/// <summary>Draws chart series with ScottPlot 5. Only smoke-tested: the data behind each chart is tested in <see cref="ChartData"/>.</summary>
internal static partial class ChartRenderer
{
    /// <summary>Chart width in pixels.</summary>
    public const int Width = 1000;

    /// <summary>Chart height in pixels.</summary>
    public const int Height = 500;

    /// <summary>Width in pixels of the render for phones: shown at about 400 CSS pixels, its text stays 11–15 px.</summary>
    public const int NarrowWidth = 600;

    /// <summary>Height in pixels of the render for phones.</summary>
    public const int NarrowHeight = 600;

    /// <summary>An SVG is kept only below this many bytes (big scatters make huge SVGs).</summary>
    public const int MaxSvgBytes = 300_000;

    private static readonly Color FollowerColor = Color.FromHex("#1f4e79");
    private static readonly Color InteractionColor = Color.FromHex("#e67e22");
    private static readonly Color BurstColor = Color.FromHex("#c0392b");
    private static readonly Color BatchColor = Color.FromHex("#7d3c98");
    private static readonly Color BandColor = Color.FromHex("#2e8b57");

    // League-table bars by verdict code (Verdict.Code), with the legend's words.
    private static readonly (string Code, string Hex, string Label)[] VerdictColors =
    [
        ("bought", "#c0392b", "Verdict: likely bought followers"),
        ("fake-followers-not-bought", "#e67e22", "Verdict: fake-looking followers, not bought"),
        ("inconclusive", "#7f8c8d", "Verdict: inconclusive"),
        ("no-sign", "#1e8449", "Verdict: no sign of purchase"),
    ];

    // Score buckets of the follower map, genuine-looking (blue) to fake-looking (red).
    private static readonly (double Low, double High, string Hex)[] ScoreBuckets =
    [
        (0.0, 0.2, "#2c7bb6"),
        (0.2, 0.4, "#66a9cf"),
        (0.4, 0.6, "#b3a200"),
        (0.6, 0.8, "#f46d43"),
        (0.8, 1.0001, "#b2182b"),
    ];

    /// <summary>Cumulative followers vs interactions per day, bursts shaded.</summary>
    public static RenderedChart Engagement(ChartInput<EngagementSeries> input)
    {
        const string name = "followers-engagement", title = "Followers and engagement over time";
        if (input.Data is not { } d)
        {
            return Skipped(name, title, input.SkipReason);
        }

        ChartFonts.EnsureRegistered();
        var plot = NewPlot(title);
        var allX = d.FollowerX.Concat(d.InteractionX).ToArray();
        var xSpan = allX.Max() - allX.Min();

        // A one-day burst in a two-year chart would be a hairline: give every band a visible minimum width.
        var minWidth = Math.Max(1.0 / 24, xSpan * 0.006);
        var legendShown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var band in d.Bursts)
        {
            var widen = Math.Max(0, minWidth - (band.End - band.Start)) / 2;
            var colour = band.Kind == TimeBand.Batch ? BatchColor : BurstColor;
            var span = plot.Add.HorizontalSpan(band.Start - widen, band.End + widen, colour.WithAlpha(0.25));
            span.LineColor = colour.WithAlpha(0.6);
            span.LegendText = legendShown.Add(band.Kind) ? (band.Kind == TimeBand.Batch ? "Delivery of a detected batch" : "Detected burst") : string.Empty;
        }

        if (d.FollowerX.Length > 0)
        {
            var followers = plot.Add.ScatterLine(d.FollowerX, d.Followers, FollowerColor);
            followers.LineWidth = 2.5f;
            followers.LegendText = "Followers (" + d.FollowerSource + (d.Sample is { } sample ? "; " + sample : "") + ", left axis)";
            if (d.FollowerX.Length <= 60)
            {
                followers.MarkerSize = 5;
            }
        }

        if (d.InteractionX.Length > 0)
        {
            var interactions = plot.Add.ScatterPoints(d.InteractionX, d.Interactions, InteractionColor);
            interactions.MarkerSize = d.InteractionX.Length > 2000 ? 3 : 6;
            interactions.LegendText = "Interactions per day (right axis)";
            interactions.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "Interactions per day";
        }

        var dateAxis = plot.Axes.DateTimeTicksBottom();
        if (dateAxis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            // ISO dates: "01/02/2024" means different days to different readers.
            var format = xSpan > 90 ? "yyyy-MM" : "yyyy-MM-dd";
            ticks.LabelFormatter = t => t.ToString(format, CultureInfo.InvariantCulture);
        }

        plot.Axes.Bottom.Label.Text = "Date (UTC)";
        plot.Axes.Left.Label.Text = d.Sample is null ? "Followers" : "Followers in the data";
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = y => y.ToString("#,0.##", CultureInfo.InvariantCulture) };
        // Counts start at zero on both axes: an axis from 50 would make a small change look large.
        plot.Axes.AutoScale();
        if (d.FollowerX.Length > 0)
        {
            plot.Axes.SetLimitsY(0, Math.Max(1, d.Followers.Max()) * 1.05, plot.Axes.Left);
        }

        if (d.InteractionX.Length > 0)
        {
            plot.Axes.SetLimitsY(0, Math.Max(1, d.Interactions.Max()) * 1.08, plot.Axes.Right);
        }

        plot.ShowLegend(Edge.Bottom);
        var caption = "The line counts followers over time" + (d.FollowerSource == "snapshots" ? " from follower-count snapshots" : " from follow times") +
                      "; dots are the interactions (likes + replies + reposts) the account's posts received each day. Bought followers add followers without adding interactions; red bands are bursts of arrivals the detectors found, purple bands the follow times of detected batches." +
                      (d.Sample is { } s ? $" The data holds a {s}, so the line counts only those." : "");
        return Render(plot, name, title, caption, allowSvg: true);
    }

    /// <summary>Follow order vs account creation year, coloured by fake score, batches boxed.</summary>
    public static RenderedChart FollowerMap(ChartInput<FollowerMapSeries> input)
    {
        const string name = "follower-map", title = "Followers by follow order and account creation date";
        if (input.Data is not { } d)
        {
            return Skipped(name, title, input.SkipReason);
        }

        ChartFonts.EnsureRegistered();
        var plot = NewPlot(title);
        var size = d.Positions.Length switch
        {
            <= 2_000 => 5f,
            <= 20_000 => 3f,
            <= 80_000 => 2f,
            _ => 1.5f,
        };
        var xSpan = d.Positions.Length == 0 ? 1 : d.Positions.Max() - d.Positions.Min();
        var ySpan = d.CreatedYear.Length == 0 ? 1 : d.CreatedYear.Max() - d.CreatedYear.Min();
        // Dense clouds saturate into a solid block; translucent dots keep the density (and the bands) visible.
        var alpha = d.Positions.Length switch
        {
            <= 5_000 => 1.0,
            <= 50_000 => 0.7,
            _ => 0.5,
        };

        // Legend entries are drawn by hand: the plotted dots are too small and faint to read in a legend.
        var legend = new List<LegendItem>();
        var buckets = d.HasScores ? ScoreBuckets : [(double.NegativeInfinity, double.PositiveInfinity, "#2c7bb6")];
        foreach (var (low, high, hex) in buckets)
        {
            var idx = Enumerable.Range(0, d.Positions.Length).Where(i => d.Scores[i] >= low && d.Scores[i] < high).ToArray();
            if (idx.Length == 0)
            {
                continue;
            }

            plot.Add.Markers(idx.Select(i => d.Positions[i]).ToArray(), idx.Select(i => d.CreatedYear[i]).ToArray(), MarkerShape.FilledCircle, size, Color.FromHex(hex).WithAlpha(alpha));
            legend.Add(new LegendItem
            {
                LabelText = d.HasScores ? string.Create(CultureInfo.InvariantCulture, $"fake score {low:0.0}–{Math.Min(1, high):0.0}") : "follower (no scores)",
                MarkerShape = MarkerShape.FilledCircle,
                MarkerSize = 9,
                MarkerFillColor = Color.FromHex(hex),
                MarkerLineColor = Color.FromHex(hex),
            });
        }

        foreach (var (box, k) in d.Batches.Select((b, k) => (b, k)))
        {
            // Pad the box so its border frames the batch's dots instead of covering them.
            var pad = Math.Max(0.5, xSpan * 0.004);
            var yPad = Math.Max(0.05, ySpan * 0.02);
            var rect = plot.Add.Rectangle(box.FirstPosition - pad, box.LastPosition + pad, box.Bottom - yPad, box.Top + yPad);
            rect.FillColor = Colors.Black.WithAlpha(0.03);
            rect.LineColor = Colors.Black.WithAlpha(0.85);
            rect.LineWidth = 1.5f;
            if (k == 0)
            {
                legend.Add(new LegendItem { LabelText = "Detected batch", LineColor = Colors.Black, LineWidth = 1.5f, FillColor = Colors.Black.WithAlpha(0.03), OutlineColor = Colors.Black, OutlineWidth = 1.5f });
            }
        }

        plot.Legend.DisplayPlottableLegendItems = false;
        plot.Legend.ManualItems.AddRange(legend);

        var shown = d.Step == 1 ? "" : $"; 1 in {d.Step.ToString(CultureInfo.InvariantCulture)} followers shown";
        plot.Axes.Bottom.Label.Text = $"Follow order (0 = earliest follower{(d.Sample is { } sample ? "; " + sample : "")}{shown})";
        plot.Axes.Left.Label.Text = "Account created (year)";
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = y => y.ToString("0.##", CultureInfo.InvariantCulture) };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = x => x.ToString("#,0.##", CultureInfo.InvariantCulture) };
        plot.ShowLegend(Edge.Right);
        var caption = "Each dot is a follower: left to right in the order they followed, up and down by when their account was created. " +
                      "Genuine audiences make a ragged cloud; bought followers show as flat bands or steep lines of accounts all created around the same time and following together. " +
                      "Each box spans a detected batch's followers (across) and the dates its accounts were created (up); a batch whose accounts were made in several short bursts gets one box per burst." +
                      (d.Sample is { } s ? $" The data holds a {s}: positions count only those." : "");
        return Render(plot, name, title, caption, allowSvg: d.Positions.Length <= 2_000);
    }

    /// <summary>Distribution of follower scores with the threshold.</summary>
    public static RenderedChart Histogram(ChartInput<HistogramSeries> input)
    {
        const string name = "score-histogram", title = "Distribution of follower fake scores";
        if (input.Data is not { } d)
        {
            return Skipped(name, title, input.SkipReason);
        }

        ChartFonts.EnsureRegistered();
        var plot = NewPlot(title);
        var bars = d.BinLefts.Select((left, i) => new Bar
        {
            Position = left + (d.BinWidth / 2),
            Value = d.Counts[i],
            Size = d.BinWidth * 0.92,
            FillColor = left + (d.BinWidth / 2) < d.Threshold ? FollowerColor : BurstColor,
            LineWidth = 0,
        }).ToArray();
        plot.Add.Bars(bars);
        var line = plot.Add.VerticalLine(d.Threshold, 2, Colors.Black, LinePattern.Dashed);
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"Flagging threshold ({d.Threshold:0.##})");
        plot.Axes.SetLimitsX(-0.02, 1.02);
        plot.Axes.Margins(bottom: 0);
        plot.Axes.Bottom.Label.Text = "Fake score (" + d.Scorer + "; 1 = looks fake)";
        plot.Axes.Left.Label.Text = "Followers";
        // Below the chart: inside it, the legend box would sit on the bars or on the threshold line.
        plot.ShowLegend(Edge.Bottom);
        const string caption = "How many followers got each fake score (0 = looks genuine, 1 = looks fake). Followers at or right of the dashed line count as flagged (red bars).";
        return Render(plot, name, title, caption, allowSvg: true);
    }

    /// <summary>Estimated fake share per account with the 95% interval.</summary>
    public static RenderedChart League(ChartInput<LeagueSeries> input)
    {
        const string name = "league-table", title = "Estimated share of fake followers per account";
        if (input.Data is not { } d)
        {
            return Skipped(name, title, input.SkipReason);
        }

        ChartFonts.EnsureRegistered();
        var plot = NewPlot(title);
        var bars = d.Labels.Select((_, i) => new Bar
        {
            Position = i,
            Value = d.SharePercent[i],
            FillColor = VerdictColor(d.VerdictCodes[i]),
            Size = 0.6,
        }).ToArray();
        plot.Add.Bars(bars);
        plot.Legend.DisplayPlottableLegendItems = false;
        foreach (var (code, hex, label) in VerdictColors.Where(v => d.VerdictCodes.Contains(v.Code)))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = Color.FromHex(hex), OutlineColor = Color.FromHex(hex) });
        }

        plot.ShowLegend(Edge.Bottom);
        var positions = d.Labels.Select((_, i) => (double)i).ToArray();
        var whiskers = plot.Add.ErrorBar(positions, d.SharePercent, new double[d.Labels.Length]);
        whiskers.YErrorPositive = [.. d.Labels.Select((_, i) => d.UpperPercent[i] - d.SharePercent[i])];
        whiskers.YErrorNegative = [.. d.Labels.Select((_, i) => d.SharePercent[i] - d.LowerPercent[i])];
        whiskers.Color = Colors.Black;
        whiskers.LineWidth = 1.5f;
        whiskers.CapSize = 8;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. d.Labels.Select((_, i) => (double)i)], d.Labels);
        if (d.Labels.Length > 6)
        {
            // Many accounts: slanted labels so that neighbours do not overlap.
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 130;
        }

        plot.Axes.Left.Label.Text = "Estimated fake followers (%)";
        plot.Axes.SetLimitsY(0, Math.Min(100, Math.Max(5, d.UpperPercent.DefaultIfEmpty(0).Max() * 1.15)));
        const string caption = "Bars are the estimated share of fake followers, coloured by the account's verdict; whiskers are the 95% interval. " +
                               "A high share with an orange bar is common and not evidence of purchase: fake accounts follow popular accounts as camouflage.";

        // Tick labels come from handles: keep them out of the SVG, which could be opened as markup.
        return Render(plot, name, title, caption, allowSvg: false);
    }

    /// <summary>Engagement rate vs followers on log-log axes, against the benchmark band of each follower tier.</summary>
    public static RenderedChart EngagementRate(ChartInput<EngagementRateSeries> input)
    {
        const string name = "engagement-rate", title = "Engagement rate vs followers, against the typical range";
        if (input.Data is not { } d)
        {
            return Skipped(name, title, input.SkipReason);
        }

        ChartFonts.EnsureRegistered();
        var plot = NewPlot(title);

        // ScottPlot 5 has no log axis: plot log10 of every value and label the ticks with the powers of ten.
        double X(double followers) => Math.Log10(followers);
        double Y(double rate) => Math.Log10(Math.Max(rate, d.YMin));

        // The bands of neighbouring tiers form one stepped polygon: along the top edges, then back along the bottoms.
        var outline = d.Bands.SelectMany(b => new[] { new Coordinates(X(b.FromFollowers), Y(b.High)), new Coordinates(X(b.ToFollowers), Y(b.High)) })
            .Concat(d.Bands.Reverse().SelectMany(b => new[] { new Coordinates(X(b.ToFollowers), Y(b.Low)), new Coordinates(X(b.FromFollowers), Y(b.Low)) }))
            .ToArray();
        var band = plot.Add.Polygon(outline);
        band.FillColor = BandColor.WithAlpha(0.22);
        band.LineColor = BandColor.WithAlpha(0.7);
        band.LineWidth = 1;

        foreach (var b in d.Bands)
        {
            // Name the tier inside its band where there is room (a tier clipped to a sliver is left unnamed).
            if (X(b.ToFollowers) - X(b.FromFollowers) < 0.14 * (X(d.XMax) - X(d.XMin)))
            {
                continue;
            }

            var tier = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"{b.Tier}: {Percent(b.Low)}–{Percent(b.High)}"), X(b.FromFollowers), Y(b.High));
            tier.LabelFontSize = 13;
            tier.LabelFontColor = BandColor.Darken(0.35);
            tier.LabelAlignment = Alignment.UpperLeft;
            tier.OffsetX = 6;
            tier.OffsetY = 4;
        }

        foreach (var p in d.Points)
        {
            var colour = p.BelowBand ? BurstColor : FollowerColor;
            if (p.GenuineFollowers is { } gx && p.GenuineRate is { } gy)
            {
                var link = plot.Add.Line(X(p.Followers), Y(p.Rate), X(gx), Y(gy));
                link.LineColor = colour.WithAlpha(0.6);
                link.LineWidth = 1.5f;
                link.LinePattern = LinePattern.Dashed;
                var open = plot.Add.Marker(X(gx), Y(gy), MarkerShape.OpenCircle, 11, colour);
                open.MarkerLineWidth = 2;
            }

            plot.Add.Marker(X(p.Followers), Y(p.Rate), p.Rate < d.YMin ? MarkerShape.FilledTriangleDown : MarkerShape.FilledCircle, 12, colour);
        }

        // Zero rates sit on the bottom edge: leave room below it so that their triangles are not cut in half.
        var floorRoom = d.Points.Any(p => p.Rate < d.YMin) ? 0.03 * (Y(d.YMax) - Y(d.YMin)) : 0;
        plot.Axes.SetLimits(X(d.XMin), X(d.XMax), Y(d.YMin) - floorRoom, Y(d.YMax));
        plot.Axes.Bottom.TickGenerator = LogTicks(d.XMin, d.XMax, FollowerTick);
        plot.Axes.Left.TickGenerator = LogTicks(d.YMin, d.YMax, Percent);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.04);
        plot.Grid.MinorLineWidth = 1;
        plot.Axes.Bottom.Label.Text = "Followers (log scale)";
        plot.Axes.Left.Label.Text = "Engagement rate (log scale)";

        plot.Legend.DisplayPlottableLegendItems = false;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Account: rate per follower", MarkerShape = MarkerShape.FilledCircle, MarkerSize = 11, MarkerFillColor = FollowerColor, MarkerLineColor = FollowerColor });
        if (d.Points.Any(p => p.BelowBand))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Below the typical range", MarkerShape = MarkerShape.FilledCircle, MarkerSize = 11, MarkerFillColor = BurstColor, MarkerLineColor = BurstColor });
        }

        if (d.Points.Any(p => p.GenuineFollowers is not null))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Rate per estimated genuine follower", MarkerShape = MarkerShape.OpenCircle, MarkerSize = 11, MarkerLineColor = FollowerColor, MarkerLineWidth = 2, LineColor = FollowerColor.WithAlpha(0.6), LineWidth = 1.5f, LinePattern = LinePattern.Dashed });
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Typical range for the follower tier (Instagram)", FillColor = BandColor.WithAlpha(0.22), OutlineColor = BandColor.WithAlpha(0.7), OutlineWidth = 1 });
        plot.ShowLegend(Edge.Bottom);
        StyleAxes(plot);

        // Handles go where they overlap nothing, which needs the final pixel layout: render once, then place them.
        plot.RenderInMemory(Width, Height);
        PlaceLabels(plot, d, X, Y);

        var caption = "Each filled dot is an account: across, its followers; up, the median engagement rate of its latest posts (likes + replies + reposts per follower). " +
                      "The shaded band is the typical rate for accounts of that size (Instagram rates by follower tier, H. Aljammal 2026; see docs/engagement-benchmarks.md). " +
                      "Bought followers add followers but no interactions, so they push an account right and down, often below the band (red dots).";
        if (d.Points.Any(p => p.GenuineFollowers is not null))
        {
            caption += " Each hollow circle divides the same interactions among the account's estimated genuine followers only; the dashed line between the two shows how much the estimated fake followers inflate the count.";
        }

        if (d.Points.Any(p => p.Rate < d.YMin))
        {
            caption += " Downward triangles sit on the bottom edge: those accounts' posts got no interactions.";
        }

        caption += " A rate below the band is evidence to weigh, not proof: niche or rarely-posting accounts sit low for honest reasons.";
        if (d.LeftOut.Count > 0)
        {
            caption += " Not shown: " + string.Join("; ", d.LeftOut.Select(l => Format.Count(l.Accounts) + (l.Accounts == 1 ? " account (" : " accounts (") + l.Reason + ")")) + ".";
        }

        // Labels come from handles: keep them out of the SVG, which could be opened as markup.
        return Render(plot, name, title, caption, allowSvg: false);
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        plot.Title(title, 21);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        return plot;
    }

    private static RenderedChart Render(Plot plot, string name, string title, string caption, bool allowSvg)
    {
        StyleAxes(plot);
        var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        string? svg = null;
        if (allowSvg)
        {
            var xml = WithStableClipIds(plot.GetSvgXml(Width, Height));
            svg = System.Text.Encoding.UTF8.GetByteCount(xml) < MaxSvgBytes ? xml : null;
        }

        return new RenderedChart(name, title, caption, png, svg, null, RenderNarrow(plot));
    }

    /// <summary>
    /// ScottPlot names clip paths from a counter shared by the whole process (<c>cl_1f</c>), so the same chart drawn
    /// after other charts (by a silo, or in another order) gets other ids. Renumbering them per file in order of
    /// appearance makes the SVG depend only on the chart.
    /// </summary>
    internal static string WithStableClipIds(string svg)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(svg, match =>
        {
            var id = match.Groups["id"].Value;
            if (!renamed.TryGetValue(id, out var stable))
            {
                stable = "clip" + renamed.Count.ToString(CultureInfo.InvariantCulture);
                renamed.Add(id, stable);
            }

            return match.Groups["lead"].Value + stable;
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<lead>id=""|url\(#)(?<id>cl_[0-9a-fA-F]+)")]
    private static partial System.Text.RegularExpressions.Regex ClipId();

    /// <summary>
    /// The chart for a phone: narrower, text about 1.35× larger, and the legend below the data (a legend on the right
    /// would take half the width). Rendered last, as it restyles the plot.
    /// </summary>
    private static byte[] RenderNarrow(Plot plot)
    {
        const float scale = 1.35f;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left, plot.Axes.Right })
        {
            axis.Label.FontSize *= scale;
            axis.TickLabelStyle.FontSize *= scale;
        }

        // The title only repeats the heading above the chart: it keeps its size so that it fits the narrow width.
        plot.Axes.Title.Label.FontSize = Math.Min(plot.Axes.Title.Label.FontSize, 18);
        plot.Legend.FontSize *= scale;
        foreach (var text in plot.GetPlottables().OfType<ScottPlot.Plottables.Text>())
        {
            text.LabelFontSize *= scale;
        }

        foreach (var legend in plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>())
        {
            legend.Edge = Edge.Bottom;
            legend.Legend.Orientation = Orientation.Horizontal;
        }

        // The legend panel is sized from the legend's previous render: render once so that it measures the new layout.
        plot.RenderInMemory(NarrowWidth, NarrowHeight);
        return plot.GetImageBytes(NarrowWidth, NarrowHeight, ImageFormat.Png);
    }

    private static Color VerdictColor(string code) =>
        VerdictColors.FirstOrDefault(v => v.Code == code) is { Hex: { } hex } ? Color.FromHex(hex) : FollowerColor;

    private static void StyleAxes(Plot plot)
    {
        plot.Font.Set(ChartFonts.Family);

        // Larger than ScottPlot's defaults: the 1000-pixel image is shown at phone width too.
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left, plot.Axes.Right })
        {
            axis.Label.FontSize = 17;
            axis.TickLabelStyle.FontSize = 14;
        }

        plot.Legend.FontSize = 14;
    }

    /// <summary>
    /// Ticks of a log10 axis from <paramref name="min"/> to <paramref name="max"/>: a labelled tick at every power of
    /// ten, also at its 2× and 5× when the axis spans little more than two decades, and unlabelled ticks between.
    /// </summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double min, double max, Func<double, string> label)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int[] labelled = Math.Log10(max / min) <= 2.5 ? [1, 2, 5] : [1];
        for (var k = (int)Math.Floor(Math.Log10(min)); k <= (int)Math.Ceiling(Math.Log10(max)); k++)
        {
            for (var m = 1; m <= 9; m++)
            {
                var value = m * Math.Pow(10, k);
                if (value < min * (1 - 1e-9) || value > max * (1 + 1e-9))
                {
                    continue;
                }

                if (labelled.Contains(m))
                {
                    ticks.AddMajor(Math.Log10(value), label(value));
                }
                else
                {
                    ticks.AddMinor(Math.Log10(value));
                }
            }
        }

        return ticks;
    }

    /// <summary>1000 → "1k", 2000000 → "2M", 500 → "500".</summary>
    private static string FollowerTick(double followers) => followers switch
    {
        >= 1e6 => (followers / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (followers / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
        _ => followers.ToString("0.##", CultureInfo.InvariantCulture),
    };

    /// <summary>0.015 → "1.5%", 0.001 → "0.1%".</summary>
    private static string Percent(double rate) => (rate * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// Puts each account's handle beside its dot where it overlaps no other label, dot or tier name and stays inside the
    /// data area; when every spot is taken, the least-overlapping one. Needs a render first, for the pixel layout.
    /// </summary>
    private static void PlaceLabels(Plot plot, EngagementRateSeries d, Func<double, double> x, Func<double, double> y)
    {
        const float fontSize = 14, gap = 9;
        var corner1 = plot.GetPixel(new Coordinates(x(d.XMin), y(d.YMax)));
        var corner2 = plot.GetPixel(new Coordinates(x(d.XMax), y(d.YMin)));
        var area = new Box(corner1.X, corner2.X, corner1.Y, corner2.Y);
        var taken = new List<Box>();
        using var paint = Paint.NewDisposablePaint();
        foreach (var p in d.Points)
        {
            taken.Add(Around(plot.GetPixel(new Coordinates(x(p.Followers), y(p.Rate))), 7));
            if (p.GenuineFollowers is { } gx && p.GenuineRate is { } gy)
            {
                var from = plot.GetPixel(new Coordinates(x(p.Followers), y(p.Rate)));
                var to = plot.GetPixel(new Coordinates(x(gx), y(gy)));
                taken.Add(Around(to, 7));

                // The dashed link, as a string of small boxes: a label across it would hide which dots it joins.
                for (var k = 1; k < 12; k++)
                {
                    var t = k / 12f;
                    taken.Add(Around(new Pixel(from.X + ((to.X - from.X) * t), from.Y + ((to.Y - from.Y) * t)), 2));
                }
            }
        }

        foreach (var b in d.Bands)
        {
            // The tier names drawn at the top-left of each band (generous: their width is only estimated).
            var at = plot.GetPixel(new Coordinates(x(b.FromFollowers), y(b.High)));
            taken.Add(new Box(at.X, at.X + 150, at.Y, at.Y + 22));
        }

        foreach (var p in d.Points)
        {
            var dot = plot.GetPixel(new Coordinates(x(p.Followers), y(p.Rate)));
            var size = new LabelStyle { Text = p.Label, FontSize = fontSize, FontName = ChartFonts.Family }.Measure(paint);
            float w = size.Width, h = size.Height;
            (float Dx, float Dy, Alignment Align, Box Box)[] candidates =
            [
                (gap, 0, Alignment.MiddleLeft, new Box(dot.X + gap, dot.X + gap + w, dot.Y - (h / 2), dot.Y + (h / 2))),
                (-gap, 0, Alignment.MiddleRight, new Box(dot.X - gap - w, dot.X - gap, dot.Y - (h / 2), dot.Y + (h / 2))),
                (0, -gap, Alignment.LowerCenter, new Box(dot.X - (w / 2), dot.X + (w / 2), dot.Y - gap - h, dot.Y - gap)),
                (0, gap, Alignment.UpperCenter, new Box(dot.X - (w / 2), dot.X + (w / 2), dot.Y + gap, dot.Y + gap + h)),
                (gap, -gap, Alignment.LowerLeft, new Box(dot.X + gap, dot.X + gap + w, dot.Y - gap - h, dot.Y - gap)),
                (gap, gap, Alignment.UpperLeft, new Box(dot.X + gap, dot.X + gap + w, dot.Y + gap, dot.Y + gap + h)),
                (-gap, -gap, Alignment.LowerRight, new Box(dot.X - gap - w, dot.X - gap, dot.Y - gap - h, dot.Y - gap)),
                (-gap, gap, Alignment.UpperRight, new Box(dot.X - gap - w, dot.X - gap, dot.Y + gap, dot.Y + gap + h)),
            ];
            var best = candidates
                .Select((c, i) => (c, i, Cost: taken.Sum(t => Overlap(t, c.Box)) + (Inside(area, c.Box) ? 0 : 1e6)))
                .OrderBy(c => c.Cost).ThenBy(c => c.i)
                .First().c;
            taken.Add(best.Box);
            var text = plot.Add.Text(p.Label, x(p.Followers), y(p.Rate));
            text.LabelFontSize = fontSize;
            text.LabelFontColor = Colors.Black;
            text.LabelAlignment = best.Align;
            text.OffsetX = best.Dx;
            text.OffsetY = best.Dy;
        }
    }

    private static Box Around(Pixel p, float r) => new(p.X - r, p.X + r, p.Y - r, p.Y + r);

    private static float Overlap(Box a, Box b)
    {
        var w = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        var h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        return w > 0 && h > 0 ? w * h : 0;
    }

    private static bool Inside(Box area, Box box) =>
        box.Left >= area.Left && box.Right <= area.Right && box.Top >= area.Top && box.Bottom <= area.Bottom;

    /// <summary>A rectangle in image pixels (y grows downwards, so <see cref="Top"/> &lt; <see cref="Bottom"/>).</summary>
    private readonly record struct Box(float Left, float Right, float Top, float Bottom);

    private static RenderedChart Skipped(string name, string title, string? reason) =>
        new(name, title, string.Empty, null, null, reason ?? "the data lacks what it needs");
}
