using System.Text.Json;
using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Model;
using FollowerAudit.Testing;

namespace FollowerAudit.Reporting.Tests;

public sealed class ReportWriterTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = TestAudits.TempFolder();

    [TearDown]
    public void TearDown()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public async Task WriteAsync_SingleAccount_WritesEveryFileAtTopLevel()
    {
        var output = Path.Combine(_root, "out");

        var files = await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output);

        Assert.That(files.Files, Is.SupersetOf(new[]
        {
            "report.html", "report.md", "report.json", "followers.csv", "rejected-rows.csv", "run.json",
            "charts/followers-engagement.png", "charts/follower-map.png", "charts/score-histogram.png",
        }));
        Assert.That(files.MainReport, Is.EqualTo(Path.Combine(output, "report.html")));
        Assert.That(files.Files.All(f => File.Exists(Path.Combine(output, f))), Is.True);
        Assert.That(Directory.GetDirectories(_root), Is.EqualTo(new[] { output }), "no temp or old folder is left behind");
    }

    [Test]
    public async Task WriteAsync_ScriptInHandleBioAndFindings_HtmlShowsItAsText()
    {
        var output = Path.Combine(_root, "out");

        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output);

        var html = await File.ReadAllTextAsync(Path.Combine(output, "report.html"));
        Assert.That(html, Does.Not.Contain("<script"));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
        Assert.That(html, Does.Contain("name=\"viewport\""));
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), "no external requests");
    }

    [Test]
    public async Task WriteAsync_ScriptInHandle_MarkdownEscapesIt()
    {
        var output = Path.Combine(_root, "out");

        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output);

        var md = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        Assert.That(md, Does.Not.Contain("<script"));
        Assert.That(md, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    [Test]
    public async Task WriteAsync_Suspicious_TopSaysVerdictEstimateAndFindings()
    {
        var output = Path.Combine(_root, "out");

        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output);

        var html = await File.ReadAllTextAsync(Path.Combine(output, "report.html"));
        var audit = TestAudits.Suspicious().Accounts[0];
        var verdict = html.IndexOf(System.Net.WebUtility.HtmlEncode((audit).Verdict.Headline), StringComparison.Ordinal);
        var estimate = html.IndexOf("of 10 followers look real", StringComparison.Ordinal);
        var quality = html.IndexOf("Audience quality", StringComparison.Ordinal);
        Assert.That(verdict, Is.GreaterThan(0));
        Assert.That(estimate, Is.GreaterThan(verdict));
        Assert.That(quality, Is.GreaterThan(estimate));
        Assert.That(html, Does.Contain("id=\"test-batch\""));
        Assert.That(html, Does.Contain("FAILED: broken"));
        Assert.That(html, Does.Contain("data:image/png;base64,"));
    }

    [Test]
    public async Task WriteAsync_ExistingReportWithoutForce_ThrowsAndLeavesItUntouched()
    {
        var output = Path.Combine(_root, "out");
        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output);
        await File.WriteAllTextAsync(Path.Combine(output, "report.html"), "old report");
        var before = Directory.GetFiles(output).Select(Path.GetFileName).ToList();

        var ex = Assert.ThrowsAsync<ReportExistsException>(() => ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output));

        Assert.That(ex!.Message, Does.Contain("already holds a report; pass --force to replace it"));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName), Is.EquivalentTo(before));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "report.html")), Is.EqualTo("old report"));
        Assert.That(Directory.GetDirectories(_root), Is.EqualTo(new[] { output }));
    }

    [Test]
    public async Task WriteAsync_ExistingReportWithForce_ReplacesIt()
    {
        var output = Path.Combine(_root, "out");
        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output);
        await File.WriteAllTextAsync(Path.Combine(output, "report.html"), "old report");
        await File.WriteAllTextAsync(Path.Combine(output, "stale.txt"), "stale");

        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(force: true), output);

        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "report.html")), Does.StartWith("<!DOCTYPE html>"));
        Assert.That(File.Exists(Path.Combine(output, "stale.txt")), Is.False);
        Assert.That(OutputGuard.ReadMarker(output), Is.EqualTo(OutputKind.Report));
        Assert.That(Directory.GetDirectories(_root), Is.EqualTo(new[] { output }));
    }

    [Test]
    public async Task WriteAsync_ReportWithoutMarkerWithForce_RefusesAndLeavesItUntouched()
    {
        // Written before markers existed (or by someone else, with the same names): never replaced.
        var output = Path.Combine(_root, "out");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "run.json"), "old");
        await File.WriteAllTextAsync(Path.Combine(output, "report.html"), "old report");

        var ex = Assert.ThrowsAsync<OutputRefusedException>(() => ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(force: true), output));

        Assert.That(ex!.Message, Does.Contain("no .followeraudit marker").And.Contain("Delete it yourself"));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName), Is.EquivalentTo(new[] { "run.json", "report.html" }));
        Assert.That(Directory.GetDirectories(_root), Is.EqualTo(new[] { output }));
    }

    [Test]
    public async Task WriteAsync_FolderWithOtherFilesWithForce_RefusesAndLeavesItUntouched()
    {
        var output = Path.Combine(_root, "out");
        Directory.CreateDirectory(Path.Combine(output, "projects"));
        await File.WriteAllTextAsync(Path.Combine(output, "thesis.txt"), "mine");

        var ex = Assert.ThrowsAsync<OutputRefusedException>(() => ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(force: true), output));

        Assert.That(ex!.Message, Does.Contain("was not written by followeraudit"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "thesis.txt")), Is.EqualTo("mine"));
        Assert.That(Directory.Exists(Path.Combine(output, "projects")), Is.True);
        Assert.That(Directory.GetDirectories(_root), Is.EqualTo(new[] { output }));
    }

    [Test]
    public async Task WriteAsync_OutputIsAProtectedPathOrContainsOne_Refuses()
    {
        var dataset = Path.Combine(_root, "data", "DS");
        Directory.CreateDirectory(dataset);
        await File.WriteAllTextAsync(Path.Combine(dataset, "accounts.parquet"), "x");
        OutputGuard.WriteMarker(dataset, OutputKind.Report);
        var options = TestAudits.Options(force: true) with { ProtectedPaths = [dataset] };

        Assert.ThrowsAsync<OutputRefusedException>(() => ReportWriter.WriteAsync(TestAudits.Suspicious(), options, dataset));
        Assert.ThrowsAsync<OutputRefusedException>(() => ReportWriter.WriteAsync(TestAudits.Suspicious(), options, Path.Combine(_root, "data")));

        Assert.That(File.Exists(Path.Combine(dataset, "accounts.parquet")), Is.True);
    }

    [Test]
    public async Task WriteAsync_EmptyFolderExists_WritesIntoIt()
    {
        var output = Path.Combine(_root, "out");
        Directory.CreateDirectory(output);

        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output);

        Assert.That(File.Exists(Path.Combine(output, "report.html")), Is.True);
    }

    [Test]
    public async Task WriteAsync_FolderWithOtherFiles_RefusesWithoutForce()
    {
        var output = Path.Combine(_root, "out");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "notes.txt"), "mine");

        var ex = Assert.ThrowsAsync<ReportExistsException>(() => ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output));

        Assert.That(ex!.Message, Does.Contain("is not empty and holds no report"));
        Assert.That(ex.Folder, Is.EqualTo(output));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "notes.txt")), Is.EqualTo("mine"));
    }

    [Test]
    public async Task WriteRunJsonAsync_NoAuditRun_WritesRunFacts()
    {
        var path = Path.Combine(_root, "run.json");

        await ReportWriter.WriteRunJsonAsync(TestAudits.Run, null, path);

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        Assert.That(json.RootElement.GetProperty("arguments").GetArrayLength(), Is.EqualTo(5));
        Assert.That(json.RootElement.GetProperty("accounts").GetArrayLength(), Is.Zero);
        Assert.That(json.RootElement.GetProperty("startedAt").GetString(), Is.EqualTo("2026-01-02T03:04:05.000Z"));
    }

    [Test]
    public async Task WriteAsync_FailedDetector_MarkedInMarkdown()
    {
        var output = Path.Combine(_root, "out");

        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output);

        var md = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        Assert.That(md, Does.Contain("> **FAILED: broken**"));
        Assert.That(md, Does.Contain("boom &lt;script&gt;"));
    }

    [Test]
    public void WriteAsync_Cancelled_LeavesNothingBehind()
    {
        var output = Path.Combine(_root, "out");
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.That(() => ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output, cts.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(Directory.GetFileSystemEntries(_root), Is.Empty);
    }

    [Test]
    public async Task WriteAsync_SeveralAccounts_UsesNumericFolderNamesAndIndex()
    {
        var b = new GraphBuilder()
            .Account(5, ("Handle", "../../evil"))
            .Account(777, ("Handle", Path.Combine("a", "b") + TestAudits.Script));
        for (var i = 0; i < 6; i++)
        {
            b.Account(900 + i).Follow(900 + i, i % 2 == 0 ? 5 : 777);
        }

        var run = TestAudits.Audit(b.Build(), [0, 1], new TestAudits.Extension(new TestAudits.FixedScorer(900)));
        var output = Path.Combine(_root, "league");

        var files = await ReportWriter.WriteAsync(run, TestAudits.Options(), output);

        Assert.That(Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "account-5", "account-777", "charts" }));
        Assert.That(files.Files, Does.Contain("index.html").And.Contain("index.md").And.Contain("report.json").And.Contain("run.json")
            .And.Contain("charts/league-table.png").And.Contain("account-5/report.html").And.Contain("account-777/followers.csv"));
        Assert.That(files.MainReport, Is.EqualTo(Path.Combine(output, "index.html")));
        var index = await File.ReadAllTextAsync(Path.Combine(output, "index.html"));
        Assert.That(index, Does.Contain("href=\"account-777/report.html\"").And.Not.Contain("<script"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "account-5", "report.html")), Does.Contain("<a href=\"../index.html\">"));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "report.json")));
        Assert.That(json.RootElement.GetProperty("kind").GetString(), Is.EqualTo("index"));
        Assert.That(json.RootElement.GetProperty("accounts").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task WriteAsync_SeveralAccountsWithPosts_IndexAndReportsShowEngagementRateChart()
    {
        var output = Path.Combine(_root, "league");

        var files = await ReportWriter.WriteAsync(TestAudits.EngagementRun(), TestAudits.Options(), output);

        Assert.That(files.Files, Does.Contain("charts/engagement-rate.png").And.Contain("account-1/charts/engagement-rate.png").And.Contain("account-3/charts/engagement-rate.png"));
        Assert.That(files.Files, Does.Not.Contain("account-2/charts/engagement-rate.png").And.Not.Contain("charts/engagement-rate.svg"));
        ChartRendererTests.AssertLooksLikeAChart(await File.ReadAllBytesAsync(Path.Combine(output, "charts", "engagement-rate.png")));
        var index = await File.ReadAllTextAsync(Path.Combine(output, "index.html"));
        var league = index.IndexOf("id=\"league-table\"", StringComparison.Ordinal);
        var engagement = index.IndexOf("id=\"engagement-rate\"", StringComparison.Ordinal);
        Assert.That(engagement, Is.GreaterThan(league).And.GreaterThan(0), "right after the league table");
        Assert.That(index, Does.Contain("Not shown: 1 account (too few dated posts to measure engagement)."));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "index.md")), Does.Contain("charts/engagement-rate.png"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "account-2", "report.md")), Does.Contain("not drawn, because the account's engagement rate was not measured"));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "account-1", "report.json")));
        var chart = json.RootElement.GetProperty("charts").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "engagement-rate");
        Assert.That(chart.GetProperty("png").GetString(), Is.EqualTo("charts/engagement-rate.png"));
        Assert.That(chart.GetProperty("svg").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task WriteAsync_AccountWithPosts_SummaryAndJsonGiveEngagementPerEstimatedGenuineFollower()
    {
        var output = Path.Combine(_root, "engagement");
        var run = TestAudits.EngagementRun();
        var big = run.Accounts.Single(a => a.AccountId == 1).Estimate;
        Assume.That(big.EstimatedGenuine, Is.GreaterThan(0).And.LessThan(20_000));

        await ReportWriter.WriteAsync(run, TestAudits.Options(), output);

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "account-1", "report.json")));
        var engagement = json.RootElement.GetProperty("engagement");
        Assert.Multiple(() =>
        {
            // 200 interactions per post (median) over 20,000 followers, and over the estimated genuine ones.
            Assert.That(engagement.GetProperty("ratePerFollower").GetDouble(), Is.EqualTo(0.01).Within(1e-12));
            Assert.That(engagement.GetProperty("ratePerEstimatedGenuineFollower").GetDouble(), Is.EqualTo(200.0 / big.EstimatedGenuine).Within(1e-12));
            var upper = engagement.GetProperty("ratePerEstimatedGenuineFollowerUpper");
            if (big.EstimatedGenuineLower > 0)
            {
                Assert.That(upper.GetDouble(), Is.EqualTo(200.0 / big.EstimatedGenuineLower).Within(1e-12));
            }
            else
            {
                Assert.That(upper.ValueKind, Is.EqualTo(JsonValueKind.Null), "unbounded when the interval allows no genuine follower");
            }
            Assert.That(engagement.GetProperty("tier").GetString(), Is.EqualTo("mid"));
            Assert.That(engagement.GetProperty("belowBand").GetBoolean(), Is.True);
        });
        var html = await File.ReadAllTextAsync(Path.Combine(output, "account-1", "report.html"));
        Assert.That(html, Does.Contain("Engagement: 1.0% interactions per post per follower"));
        using var noPosts = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "account-2", "report.json")));
        Assert.That(noPosts.RootElement.TryGetProperty("engagement", out _), Is.False, "no rate measured, no engagement object");
    }

    [Test]
    public async Task WriteAsync_EngagementRun_ReportJsonMatchesGoldenFiles()
    {
        var output = Path.Combine(_root, "golden");

        await ReportWriter.WriteAsync(TestAudits.EngagementRun(), TestAudits.Options(), output);

        // The schema as documented in docs/report-schema.md, field by field: a change here is a change of the contract.
        GoldenFile.AssertMatches(await File.ReadAllTextAsync(Path.Combine(output, "report.json")), "tests", "FollowerAudit.Reporting.Tests", "Golden", "index-report.json");
        GoldenFile.AssertMatches(await File.ReadAllTextAsync(Path.Combine(output, "account-1", "report.json")), "tests", "FollowerAudit.Reporting.Tests", "Golden", "account-report.json");
    }

    [Test]
    public async Task WriteAsync_Always_WritesRunJsonWithFailures()
    {
        var output = Path.Combine(_root, "out");

        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output);

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "run.json")));
        var root = json.RootElement;
        Assert.That(root.GetProperty("schemaVersion").GetString(), Is.EqualTo(ReportJson.SchemaVersion));
        Assert.That(root.GetProperty("version").GetString(), Is.EqualTo("0.0.0-test"));
        Assert.That(root.GetProperty("inputs")[0].GetProperty("sha256").GetString(), Has.Length.EqualTo(64));
        Assert.That(root.GetProperty("durationSeconds").GetDouble(), Is.EqualTo(4));
        Assert.That(root.GetProperty("stages").GetArrayLength(), Is.EqualTo(2));
        Assert.That(root.GetProperty("anyDetectorFailed").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("detectorFailures")[0].GetProperty("detector").GetString(), Is.EqualTo("broken"));
    }

    [Test]
    public async Task WriteAsync_ReportJson_ParsesWithSchemaVersionAndCappedIds()
    {
        var output = Path.Combine(_root, "out");

        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(output, "report.json"));
        using var json = JsonDocument.Parse(bytes);
        var root = json.RootElement;
        Assert.That(root.GetProperty("schemaVersion").GetString(), Is.EqualTo(ReportJson.SchemaVersion));
        Assert.That(root.GetProperty("account").GetProperty("id").GetInt64(), Is.EqualTo(1));
        Assert.That(root.GetProperty("verdict").GetProperty("code").GetString(), Is.EqualTo(TestAudits.Suspicious().Accounts[0].Verdict.Code));
        Assert.That(root.GetProperty("estimate").GetProperty("methodCode").GetString(), Is.EqualTo(LabelFreeEstimator.MethodCode));
        Assert.That(root.GetProperty("estimate").GetProperty("fakeShare").GetDouble(), Is.EqualTo(0.3).Within(1e-12));
        var finding = root.GetProperty("findings")[0];
        Assert.That(finding.GetProperty("followerCount").GetInt32(), Is.EqualTo(3));
        Assert.That(finding.GetProperty("followerIdsSample").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(new long[] { 108, 109, 110 }));
        Assert.That(root.GetProperty("detectors").EnumerateArray().Select(d => d.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "ran", "failed" }));
    }

    [Test]
    public async Task WriteAsync_SameInputTwice_SameReportBytes()
    {
        var run = TestAudits.Suspicious();
        var first = Path.Combine(_root, "a");
        var second = Path.Combine(_root, "b");

        await ReportWriter.WriteAsync(run, TestAudits.Options(), first);
        await ReportWriter.WriteAsync(run, TestAudits.Options(), second);

        foreach (var name in new[] { "report.json", "report.md", "followers.csv", "run.json" })
        {
            Assert.That(await File.ReadAllBytesAsync(Path.Combine(second, name)), Is.EqualTo(await File.ReadAllBytesAsync(Path.Combine(first, name))), name);
        }
    }

    [Test]
    public async Task WriteAsync_Rejections_CountedByReasonAndListed()
    {
        Rejection[] rejections =
        [
            new("follows.parquet", 3, "follower_id", RejectionReasons.SelfFollow, "=HYPERLINK(\"x\")"),
            new("follows.parquet", 9, "follower_id", RejectionReasons.SelfFollow, "1 follows 1"),
            new("accounts.parquet", 2, "account_id", RejectionReasons.NullId, "null"),
        ];
        var output = Path.Combine(_root, "out");

        await ReportWriter.WriteAsync(TestAudits.Suspicious(rejections), TestAudits.Options(), output);

        var csv = await File.ReadAllLinesAsync(Path.Combine(output, "rejected-rows.csv"));
        Assert.That(csv, Has.Length.EqualTo(4));
        Assert.That(csv[1], Is.EqualTo("follows.parquet,3,follower_id,self-follow,\"'=HYPERLINK(\"\"x\"\")\""));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "report.json")));
        var byReason = json.RootElement.GetProperty("rejections").GetProperty("byReason");
        Assert.That(byReason.GetProperty("self-follow").GetInt32(), Is.EqualTo(2));
        Assert.That(byReason.GetProperty("null-id").GetInt32(), Is.EqualTo(1));
        var html = await File.ReadAllTextAsync(Path.Combine(output, "report.html"));
        Assert.That(html, Does.Contain("rejected-rows.csv"));
    }

    [Test]
    public async Task WriteAsync_AccountWithoutFollowers_WritesInconclusiveReport()
    {
        var dataset = new GraphBuilder().Account(1, ("Handle", "lonely"), ("CreatedAt", GraphBuilder.Utc(2020, 1, 1))).Account(2).Follow(1, 2).Build();
        var run = TestAudits.Audit(dataset, [0], new TestAudits.Extension(new TestAudits.FixedScorer()));
        var output = Path.Combine(_root, "out");

        await ReportWriter.WriteAsync(run, TestAudits.Options(), output);

        var md = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        Assert.That(md, Does.Contain("Inconclusive").And.Contain("No followers were audited."));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "followers.csv")), Is.EqualTo("position,account_id,handle,created_at,followed_at,score,flagged,reasons\r\n"));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "report.json")));
        Assert.That(json.RootElement.GetProperty("verdict").GetProperty("code").GetString(), Is.EqualTo("inconclusive"));
    }

    [Test]
    public async Task WriteAsync_NaNMetric_WritesJsonNull()
    {
        var run = TestAudits.Audit(TestAudits.SmallDataset(), [0], new TestAudits.Extension(null, new NaNDetector()));
        var output = Path.Combine(_root, "out");

        await ReportWriter.WriteAsync(run, TestAudits.Options(), output);

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "report.json")));
        var metrics = json.RootElement.GetProperty("detectors")[0].GetProperty("metrics");
        Assert.That(metrics.GetProperty("ratio").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(metrics.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "a", "ratio", "z" }), "keys sorted ordinally");
    }

    private sealed class NaNDetector : Core.Pipeline.IDetector
    {
        public string Name => "nan";

        public Core.Pipeline.DetectorResult Run(Core.Pipeline.AuditContext context, CancellationToken cancellationToken) =>
            new(Name, Core.Pipeline.DetectorOutcome.Ran, [], "nothing")
            {
                Metrics = new Dictionary<string, double> { ["z"] = 1, ["ratio"] = double.NaN, ["a"] = double.PositiveInfinity },
            };
    }

    [Test]
    public async Task WriteAsync_NoRejections_RejectedRowsHasHeaderOnly()
    {
        var output = Path.Combine(_root, "out");

        await ReportWriter.WriteAsync(TestAudits.Suspicious(), TestAudits.Options(), output);

        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "rejected-rows.csv")), Is.EqualTo("file,row,column,reason,detail\r\n"));
    }

    [Test]
    public async Task WriteAsync_NoDatesNoScorer_SkipsChartsAndSaysWhy()
    {
        var b = new GraphBuilder().Account(1, ("Handle", "plain"));
        for (var i = 0; i < 5; i++)
        {
            b.Account(10 + i).Follow(10 + i, 1);
        }

        var run = TestAudits.Audit(b.Build(), [0]);
        var output = Path.Combine(_root, "out");

        var files = await ReportWriter.WriteAsync(run, TestAudits.Options(), output);

        Assert.That(files.Files.Where(f => f.StartsWith("charts/", StringComparison.Ordinal)), Is.Empty);
        var md = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        Assert.That(md, Does.Contain("not drawn, because the data has no account creation dates"));
        Assert.That(md, Does.Contain("Inconclusive"));
        Assert.That(md, Does.Contain("No follow times and no follow order"));
    }
}
