using FollowerAudit.Testing;
using SkiaSharp;

namespace FollowerAudit.Reporting.Tests;

public sealed class ChartRendererTests
{
    internal static void AssertLooksLikeAChart(byte[]? png, int minDistinctColours = 50)
    {
        Assert.That(png, Is.Not.Null);
        Assert.That(png!.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        Assert.That(png, Has.Length.GreaterThan(10_000));
        using var bitmap = SKBitmap.Decode(png);
        Assert.That(bitmap.Width, Is.EqualTo(ChartRenderer.Width));
        Assert.That(bitmap.Height, Is.EqualTo(ChartRenderer.Height));
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        Assert.That(colours, Has.Count.GreaterThan(minDistinctColours), "not blank: antialiased text and series give many colours");
    }

    [Test]
    public void FollowerMap_SmallAudit_PngNotBlankAndSvgHasLabels()
    {
        var chart = ChartRenderer.FollowerMap(ChartData.FollowerMap(TestAudits.Suspicious().Accounts[0]));

        AssertLooksLikeAChart(chart.Png);
        Assert.That(chart.Svg, Does.Contain("Account created (year)").And.Contain("Follow order"));
    }

    [Test]
    public void Svg_SameChartDrawnAfterOthers_IsTheSameBytes()
    {
        // ScottPlot numbers clip paths process-wide; a silo draws charts in another order than a local run.
        var data = ChartData.ScoreHistogram(TestAudits.Suspicious().Accounts[0]);
        var first = ChartRenderer.Histogram(data).Svg;
        ChartRenderer.FollowerMap(ChartData.FollowerMap(TestAudits.Suspicious().Accounts[0]));
        var again = ChartRenderer.Histogram(data).Svg;

        Assert.That(first, Does.Contain("id=\"clip0\"").And.Contain("url(#clip0)"));
        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void Engagement_SmallAudit_PngNotBlankAndSvgHasLabels()
    {
        var chart = ChartRenderer.Engagement(ChartData.Engagement(TestAudits.Suspicious().Accounts[0]));

        AssertLooksLikeAChart(chart.Png);
        Assert.That(chart.Svg, Does.Contain("Followers").And.Contain("Interactions per day"));
    }

    [Test]
    public void Histogram_SmallAudit_PngNotBlankAndSvgHasLabels()
    {
        var chart = ChartRenderer.Histogram(ChartData.ScoreHistogram(TestAudits.Suspicious().Accounts[0]));

        AssertLooksLikeAChart(chart.Png);
        Assert.That(chart.Svg, Does.Contain("Fake score"));
    }

    [Test]
    public void League_TwoAccounts_PngNotBlankAndNoSvg()
    {
        var run = TestAudits.Suspicious();
        var chart = ChartRenderer.League(ChartData.League([run.Accounts[0], run.Accounts[0]]));

        AssertLooksLikeAChart(chart.Png);
        Assert.That(chart.Svg, Is.Null);
    }

    [Test]
    public void League_TwelveAccounts_PngNotBlank()
    {
        var audit = TestAudits.Suspicious().Accounts[0];

        var chart = ChartRenderer.League(ChartData.League([.. Enumerable.Repeat(audit, 12)]));

        AssertLooksLikeAChart(chart.Png);
        File.WriteAllBytes(TestTemp.NewFile("fa-league-12.png"), chart.Png!);
    }

    [Test]
    public void EngagementRate_ThreeAccounts_PngNotBlankNoSvgAndCaptionCountsLeftOut()
    {
        var chart = ChartRenderer.EngagementRate(ChartData.EngagementRate(TestAudits.EngagementRun().Accounts));

        AssertLooksLikeAChart(chart.Png);
        Assert.That(chart.Svg, Is.Null, "handles are drawn as labels: no SVG");
        Assert.That(chart.Name, Is.EqualTo("engagement-rate"));
        Assert.That(chart.Caption, Does.Contain("docs/engagement-benchmarks.md").And.Contain("Not shown: 1 account (too few dated posts to measure engagement)."));
        File.WriteAllBytes(TestTemp.NewFile("fa-engagement-rate-3.png"), chart.Png!);
    }

    [Test]
    public void EngagementRate_ManyAccountsAcrossTiers_PngNotBlank()
    {
        // Twelve accounts from 300 to 3 million followers, some with no interactions at all (drawn on the bottom edge).
        var points = Enumerable.Range(0, 12).Select(i =>
        {
            var followers = 300 * Math.Pow(10, i / 3.0);
            var rate = i % 5 == 4 ? 0 : 0.002 + (0.01 * (i % 4));
            return new EngagementRatePoint(i, "account_number_" + i, followers, rate, followers * 0.7, rate / 0.7, i % 2 == 0);
        }).ToList();
        var bands = new[] { new BenchmarkBand("nano", 200, 1_000, 0.04, 0.09), new BenchmarkBand("micro", 1_000, 10_000, 0.03, 0.07), new BenchmarkBand("mid", 10_000, 100_000, 0.015, 0.05), new BenchmarkBand("macro", 100_000, 1_000_000, 0.008, 0.025), new BenchmarkBand("mega", 1_000_000, 5_000_000, 0.003, 0.012) };
        var series = new EngagementRateSeries(points, bands, 200, 5_000_000, 0.001, 0.2, [new LeftOut("too few dated posts to measure engagement", 3)]);

        var chart = ChartRenderer.EngagementRate(ChartInput<EngagementRateSeries>.Of(series));

        AssertLooksLikeAChart(chart.Png);
        Assert.That(chart.Caption, Does.Contain("Downward triangles").And.Contain("Not shown: 3 accounts"));
        File.WriteAllBytes(TestTemp.NewFile("fa-engagement-rate-12.png"), chart.Png!);
    }

    [Test]
    public void FollowerMap_Skipped_HasReasonAndNoImage()
    {
        var chart = ChartRenderer.FollowerMap(ChartInput<FollowerMapSeries>.Skip("no dates"));

        Assert.That(chart.Png, Is.Null);
        Assert.That(chart.SkipReason, Is.EqualTo("no dates"));
    }
}
