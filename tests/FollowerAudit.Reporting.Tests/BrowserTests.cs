using System.Diagnostics;
using FollowerAudit.Testing;
using SkiaSharp;

namespace FollowerAudit.Reporting.Tests;

/// <summary>Renders report.html in headless Chromium at phone and laptop widths, when Chromium is installed (CI installs it).</summary>
public sealed class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [TestCase(412)]
    [TestCase(1280)]
    [CancelAfter(180_000)]
    public async Task ReportHtml_HeadlessChromium_RendersNonBlankPageAtWidth(int width, CancellationToken cancellationToken)
    {
        if (!File.Exists(Chromium))
        {
            Assert.Ignore($"{Chromium} not found: install chromium (apt-get install -y chromium) to run the browser test.");
        }

        var root = TestAudits.TempFolder();
        var output = Path.Combine(root, "report");
        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output, cancellationToken);
        var screenshot = Path.Combine(root, "screenshot.png");

        using var process = Process.Start(new ProcessStartInfo(Chromium)
        {
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + Path.Combine(root, "profile"),
                "--screenshot=" + screenshot, "--window-size=" + width.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",2000", new Uri(Path.Combine(output, "report.html")).AbsoluteUri,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);

        Assert.That(File.Exists(screenshot), Is.True, "chromium wrote no screenshot: " + await stderr);
        TestContext.AddTestAttachment(screenshot);
        using var bitmap = SKBitmap.Decode(screenshot);
        Assert.That(bitmap.Width, Is.EqualTo(width));
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 3)
        {
            for (var x = 0; x < bitmap.Width; x += 3)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        Assert.That(colours, Has.Count.GreaterThan(50), "the page is not blank");
        File.Copy(screenshot, TestTemp.NewFile(width < 600 ? "fa-report-phone.png" : "fa-report-laptop.png"), overwrite: true);
    }
}
