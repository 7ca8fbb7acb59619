using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Testing;
namespace FollowerAudit.Cli.Tests;

public sealed class AuditCommandTests
{
    private static string Demo => Path.Combine(CliRunner.RepoRoot(), "data-samples", "demo");

    [Test]
    public async Task Audit_DemoDataset_WritesEveryReportFileAndExitsZero()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "report");

        var (exitCode, text) = await CliRunner.RunAsync("audit", Demo, "--all", "--out", output);

        Assert.That(exitCode, Is.EqualTo(0), text);
        Assert.That(File.Exists(Path.Combine(output, "index.html")) || File.Exists(Path.Combine(output, "report.html")), Is.True);
        Assert.That(File.Exists(Path.Combine(output, "report.json")), Is.True);
        Assert.That(File.Exists(Path.Combine(output, "run.json")), Is.True);
        Assert.That(File.Exists(Path.Combine(output, "rejected-rows.csv")), Is.True);
    }

    [Test]
    public async Task Audit_NotOnATerminal_PrintsHeartbeatLinesAndRecordsEveryStageInRunJson()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "report");
        var services = CliRunner.Services() with { HeartbeatInterval = TimeSpan.FromMilliseconds(50) };

        var (exitCode, text) = await CliRunner.RunAsync(services, "audit", Demo, "--all", "--out", output);

        Assert.That(exitCode, Is.EqualTo(0), text);
        Assert.That(text, Does.Match(@"\[\d+:\d\d\] (\d+/\d+ accounts audited; )?\S"), "a heartbeat line with the elapsed time and the stage");
        using var run = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        var stages = run.RootElement.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(stages.Keys, Does.Contain("load").And.Contain("index").And.Contain("audit/slice").And.Contain("audit/scorer/classifier"));
            Assert.That(stages["audit/slice"].GetProperty("runs").GetInt32(), Is.GreaterThan(1));
            Assert.That(stages["load"].GetProperty("peakWorkingSetBytes").GetInt64(), Is.GreaterThan(0));
            Assert.That(stages.Values.Sum(s => s.GetProperty("cpuSeconds").GetDouble()), Is.GreaterThan(0), "CPU seconds per stage");
        });
    }

    [Test]
    public async Task Audit_SameInputAndSeed_WritesIdenticalReportJson()
    {
        var folder = CliRunner.TempFolder();
        var first = Path.Combine(folder, "a");
        var second = Path.Combine(folder, "b");

        await CliRunner.RunAsync("audit", Demo, "--all", "--out", first, "--seed", "5");
        await CliRunner.RunAsync("audit", Demo, "--all", "--out", second, "--seed", "5");

        Assert.That(File.ReadAllText(Path.Combine(second, "report.json")), Is.EqualTo(File.ReadAllText(Path.Combine(first, "report.json"))));
    }

    [Test]
    public async Task Audit_ExistingReportWithoutForce_ExitsThreeAndLeavesItUntouched()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "report");
        await CliRunner.RunAsync("audit", Demo, "--all", "--out", output);
        var before = File.ReadAllText(Path.Combine(output, "report.json"));

        var (exitCode, text) = await CliRunner.RunAsync("audit", Demo, "--all", "--out", output, "--seed", "9");

        Assert.That(exitCode, Is.EqualTo(3));
        Assert.That(text, Does.Contain("--force"));
        Assert.That(File.ReadAllText(Path.Combine(output, "report.json")), Is.EqualTo(before));
    }

    [Test]
    public async Task Audit_DemoInfluencer01_ReportMatchesExpectedOutput()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "report");

        // The clock SOURCE_DATE_EPOCH=1764028800 gives: the report's run times are then fixed too.
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_764_028_800));
        var (exitCode, text) = await CliRunner.RunAsync(clock, "audit", Demo, "--account", "influencer_01", "--model", "synthetic", "--out", output);

        // End to end on the bundled sample: loading, every scorer and detector, the estimate and the report.
        // data-samples/expected/ shows what the command gives; FOLLOWERAUDIT_UPDATE_GOLDEN=1 rewrites it.
        Assert.That(exitCode, Is.EqualTo(0), text);
        GoldenFile.AssertMatches(await File.ReadAllTextAsync(Path.Combine(output, "report.json")), "data-samples", "expected", "influencer_01", "report.json");
        GoldenFile.AssertMatches(await File.ReadAllTextAsync(Path.Combine(output, "report.md")), "data-samples", "expected", "influencer_01", "report.md");
    }

    [TestCase]
    [TestCase("--sample", "400")]
    public async Task Audit_OneAccount_LeanReadWritesTheSameReportAsAFullRead(params string[] more)
    {
        var folder = CliRunner.TempFolder();
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(1_764_028_800));
        string[] common = ["audit", Demo, "--model", "synthetic", .. more, "--out"];

        // One --account reads the follow graph and that account's followers only; naming the same account twice
        // takes the whole-dataset read.
        var (leanExit, leanText) = await CliRunner.RunAsync(clock, [.. common, Path.Combine(folder, "lean"), "--account", "influencer_01"]);
        var (fullExit, fullText) = await CliRunner.RunAsync(clock, [.. common, Path.Combine(folder, "full"), "--account", "influencer_01", "--account", "@influencer_01"]);

        Assert.That((leanExit, fullExit), Is.EqualTo((0, 0)), leanText + fullText);
        foreach (var file in new[] { "followers.csv", "rejected-rows.csv", "report.json", "report.md", "report.html" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(folder, "lean", file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(folder, "full", file))), file);
        }

        Assert.That(leanText, Does.Contain("matched the handle @influencer_01"));
    }

    [Test]
    public async Task Audit_MissingDataset_ExitsThreeNamingThePath()
    {
        var folder = CliRunner.TempFolder();
        var missing = Path.Combine(folder, "no-such-dataset");

        var (exitCode, text) = await CliRunner.RunAsync("audit", missing, "--out", Path.Combine(folder, "out"));

        Assert.That(exitCode, Is.EqualTo(3));
        Assert.That(text, Does.Contain("no-such-dataset"));
        Assert.That(text, Does.Not.Contain("   at "), "no stack trace for bad input");
    }

    [TestCase("--sample", "-3")]
    [TestCase("--max-reject-ratio", "2")]
    [TestCase("--fail-on", "1.5")]
    public async Task Audit_BadOptionValue_ExitsTwo(string option, string value)
    {
        var (exitCode, text) = await CliRunner.RunAsync("audit", Demo, option, value, "--out", Path.Combine(CliRunner.TempFolder(), "out"));

        Assert.That(exitCode, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain(option));
    }

    [Test]
    public async Task Audit_UnknownDetector_ExitsTwoListingTheKnownOnes()
    {
        var (exitCode, text) = await CliRunner.RunAsync("audit", Demo, "--detectors", "no-such-detector", "--out", Path.Combine(CliRunner.TempFolder(), "out"));

        Assert.That(exitCode, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain("follower-burst"));
    }

    [Test]
    public async Task Audit_BadInputSamples_ExitThreeWithoutStackTrace()
    {
        var bad = Path.Combine(CliRunner.RepoRoot(), "data-samples", "bad");
        // Every sample but 'rejections' (bad rows, which are data) is unusable as a whole (see data-samples/bad/README.md).
        var fatal = Directory.EnumerateDirectories(bad).Where(d => Path.GetFileName(d) != "rejections").Order(StringComparer.Ordinal).ToList();
        Assert.That(fatal, Has.Count.GreaterThanOrEqualTo(4));

        foreach (var dataset in fatal)
        {
            var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--out", Path.Combine(CliRunner.TempFolder(), Path.GetFileName(dataset)));

            Assert.That(exitCode, Is.EqualTo(3), $"{Path.GetFileName(dataset)}: {text}");
            Assert.That(text, Does.Not.Contain("   at "), Path.GetFileName(dataset));
        }
    }

    [Test]
    public async Task Audit_BadRowsSample_RunsAndListsRejectedRows()
    {
        var sample = Path.Combine(CliRunner.RepoRoot(), "data-samples", "bad", "rejections");
        var output = Path.Combine(CliRunner.TempFolder(), "report");

        var (exitCode, text) = await CliRunner.RunAsync("audit", sample, "--min-followers", "1", "--max-reject-ratio", "1", "--out", output);

        Assert.That(exitCode, Is.EqualTo(0), text);
        var rejected = File.ReadAllLines(Path.Combine(output, "rejected-rows.csv"));
        Assert.That(rejected, Has.Length.GreaterThan(1));
        Assert.That(text, Does.Contain("Rejected"));
    }

    [Test]
    public async Task Audit_BadRowsAboveMaxRejectRatio_ExitsThree()
    {
        var sample = Path.Combine(CliRunner.RepoRoot(), "data-samples", "bad", "rejections");

        var output = Path.Combine(CliRunner.TempFolder(), "out");

        var (exitCode, text) = await CliRunner.RunAsync("audit", sample, "--min-followers", "1", "--max-reject-ratio", "0.01", "--out", output);

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("--max-reject-ratio"));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName), Is.EquivalentTo(new[] { "rejected-rows.csv", "run.json", Reporting.OutputGuard.MarkerFileName }), "no report, but the list of bad rows the message points to");
        Assert.That(await File.ReadAllLinesAsync(Path.Combine(output, "rejected-rows.csv")), Has.Length.GreaterThan(1));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "run.json")), Does.Contain("\"rejectedRows\""));
    }

    [Test]
    public async Task Audit_BadRowsAboveMaxRejectRatioIntoOccupiedFolder_LeavesItAlone()
    {
        var sample = Path.Combine(CliRunner.RepoRoot(), "data-samples", "bad", "rejections");
        var output = CliRunner.TempFolder();
        await File.WriteAllTextAsync(Path.Combine(output, "keep.txt"), "mine");

        var (exitCode, text) = await CliRunner.RunAsync("audit", sample, "--min-followers", "1", "--max-reject-ratio", "0.01", "--out", output);

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("--force"));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName), Is.EqualTo(new[] { "keep.txt" }));
    }
}
