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
internal sealed record RenderedChart(string Name, string Title, string Caption, byte[]? Png, string? Svg, string? SkipReason);

/// <summary>Draws chart series with ScottPlot 5. Only smoke-tested: the data behind each chart is tested in <see cref="ChartData"/>.</summary>
internal static class ChartRenderer
{
    /// <summary>Chart width in pixels.</summary>
    public const int Width = 1000;

    /// <summary>Chart height in pixels.</summary>
    public const int Height = 500;

    /// <summary>An SVG is kept only below this many bytes (big scatters make huge SVGs).</summary>
    public const int MaxSvgBytes = 300_000;

    private static readonly Color FollowerColor = Color.FromHex("#1f4e79");
    private static readonly Color InteractionColor = Color.FromHex("#e67e22");
    private static readonly Color BurstColor = Color.FromHex("#c0392b");

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
        foreach (var (band, k) in d.Bursts.Select((b, k) => (b, k)))
        {
            var widen = Math.Max(0, minWidth - (band.End - band.Start)) / 2;
            var span = plot.Add.HorizontalSpan(band.Start - widen, band.End + widen, BurstColor.WithAlpha(0.25));
            span.LineColor = BurstColor.WithAlpha(0.6);
            span.LegendText = k == 0 ? "Detected burst" : string.Empty;
        }

        if (d.FollowerX.Length > 0)
        {
            var followers = plot.Add.ScatterLine(d.FollowerX, d.Followers, FollowerColor);
            followers.LineWidth = 2.5f;
            followers.LegendText = "Followers (" + d.FollowerSource + ", left axis)";
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
        plot.Axes.Left.Label.Text = "Followers";
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = y => y.ToString("#,0.##", CultureInfo.InvariantCulture) };
        plot.ShowLegend(Edge.Bottom);
        var caption = "The line counts followers over time" + (d.FollowerSource == "snapshots" ? " from follower-count snapshots" : " from follow times") +
                      "; dots are the interactions (likes + replies + reposts) the account's posts received each day. Bought followers add followers without adding interactions; shaded bands are bursts the detectors found.";
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

        plot.Axes.Bottom.Label.Text = d.Step == 1 ? "Follow order (0 = earliest follower)" : $"Follow order (0 = earliest follower; 1 in {d.Step.ToString(CultureInfo.InvariantCulture)} followers shown)";
        plot.Axes.Left.Label.Text = "Account created (year)";
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = y => y.ToString("0.##", CultureInfo.InvariantCulture) };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = x => x.ToString("#,0.##", CultureInfo.InvariantCulture) };
        plot.ShowLegend(Edge.Right);
        var caption = "Each dot is a follower: left to right in the order they followed, up and down by when their account was created. " +
                      "Genuine audiences make a ragged cloud; bought followers show as flat bands or steep lines of accounts all created around the same time and following together. Boxes mark batches the detectors found.";
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
        plot.Axes.Bottom.Label.Text = "Fake score (" + d.Scorer + "; 0 = looks genuine, 1 = looks fake)";
        plot.Axes.Left.Label.Text = "Followers";
        plot.Legend.Alignment = Alignment.UpperCenter;
        plot.ShowLegend();
        const string caption = "How many followers got each fake score. Followers at or right of the dashed line count as flagged (red bars).";
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
            FillColor = FollowerColor,
            Size = 0.6,
        }).ToArray();
        plot.Add.Bars(bars);
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

        plot.Axes.Bottom.Label.Text = "Account";
        plot.Axes.Left.Label.Text = "Estimated fake followers (%), 95% interval";
        plot.Axes.SetLimitsY(0, Math.Min(100, Math.Max(5, d.UpperPercent.DefaultIfEmpty(0).Max() * 1.15)));
        const string caption = "Bars are the estimated share of fake followers; whiskers are the 95% interval.";

        // Tick labels come from handles: keep them out of the SVG, which could be opened as markup.
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
        plot.Font.Set(ChartFonts.Family);

        // Larger than ScottPlot's defaults: the 1000-pixel image is shown at phone width too.
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left, plot.Axes.Right })
        {
            axis.Label.FontSize = 17;
            axis.TickLabelStyle.FontSize = 14;
        }

        plot.Legend.FontSize = 14;
        var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        string? svg = null;
        if (allowSvg)
        {
            var xml = plot.GetSvgXml(Width, Height);
            svg = System.Text.Encoding.UTF8.GetByteCount(xml) < MaxSvgBytes ? xml : null;
        }

        return new RenderedChart(name, title, caption, png, svg, null);
    }

    private static RenderedChart Skipped(string name, string title, string? reason) =>
        new(name, title, string.Empty, null, null, reason ?? "the data lacks what it needs");
}
