using System.Text.Json;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Synthetic;

namespace FollowerAudit.Cli.Tests;

// The journalists' workflow: sample a random set of followers, label them, audit with the labels.
public sealed class LabelledSampleCommandTests
{
    private static string Demo => Path.Combine(CliRunner.RepoRoot(), "data-samples", "demo");

    [Test]
    public async Task SampleThenAuditWithLabels_InfluencerWithABoughtBurst_EstimatesFromTheLabelsAndCoversTheTruth()
    {
        var folder = CliRunner.TempFolder();
        var sheet = Path.Combine(folder, "sheet");

        var (sampleExit, sampleText) = await CliRunner.RunAsync("sample", Demo, "--account", "influencer_02", "-n", "200", "--profile-url", "https://example.org/{handle}", "--out", sheet);
        var filled = FillFromTruth(Path.Combine(sheet, "labels.csv"), Path.Combine(folder, "labels.csv"));
        var output = Path.Combine(folder, "report");
        var (exitCode, text) = await CliRunner.RunAsync("audit", Demo, "--account", "influencer_02", "--labels", filled, "--labelled-by", "the test's truth.json", "--out", output);

        Assert.That(sampleExit, Is.EqualTo(ExitCodes.Success), sampleText);
        Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), text);
        var html = await File.ReadAllTextAsync(Path.Combine(sheet, "labelling-sheet.html"));
        Assert.That(html, Does.Contain("https://example.org/"));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "report.json")));
        var estimate = json.RootElement.GetProperty("estimate");
        var truth = TrueShare("influencer_02");
        Assert.Multiple(() =>
        {
            Assert.That(estimate.GetProperty("methodCode").GetString(), Is.EqualTo("labelled-sample-ppi"));
            Assert.That(estimate.GetProperty("labelledSample").GetProperty("labelled").GetInt32(), Is.EqualTo(200));
            Assert.That(estimate.GetProperty("labelledSample").GetProperty("labelledBy").GetString(), Is.EqualTo("the test's truth.json"));
            Assert.That(truth, Is.InRange(estimate.GetProperty("fakeShareLower").GetDouble(), estimate.GetProperty("fakeShareUpper").GetDouble()));
        });
    }

    [TestCase("label\n", "column 'account_id' not found")]
    [TestCase("account_id,follower_id,label\n1,2,maybe\n", "'maybe' is not a label")]
    [TestCase("account_id,follower_id,label\n1,2,\n", "no row has a label")]
    public async Task AuditWithLabels_BadLabelsFile_ExitsThreeAndWritesNothing(string content, string message)
    {
        var folder = CliRunner.TempFolder();
        var labels = Path.Combine(folder, "labels.csv");
        await File.WriteAllTextAsync(labels, content);
        var output = Path.Combine(folder, "report");

        var (exitCode, text) = await CliRunner.RunAsync("audit", Demo, "--account", "influencer_02", "--labels", labels, "--out", output);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.BadInput), text);
        Assert.That(text, Does.Contain(message));
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public async Task AuditWithLabels_LabelsOfAnotherAccount_ExitsThreeNamingTheLine()
    {
        var folder = CliRunner.TempFolder();
        var sheet = Path.Combine(folder, "sheet");
        await CliRunner.RunAsync("sample", Demo, "--account", "influencer_03", "-n", "20", "--out", sheet);
        var filled = FillFromTruth(Path.Combine(sheet, "labels.csv"), Path.Combine(folder, "labels.csv"));
        var output = Path.Combine(folder, "report");

        var (exitCode, text) = await CliRunner.RunAsync("audit", Demo, "--account", "influencer_02", "--labels", filled, "--out", output);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.BadInput), text);
        Assert.That(text, Does.Contain("line 2").And.Contain("does not audit"));
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public async Task AuditWithLabels_TogetherWithSample_IsABadArgument()
    {
        var (exitCode, text) = await CliRunner.RunAsync("audit", Demo, "--labels", "x.csv", "--sample", "100", "--out", Path.Combine(CliRunner.TempFolder(), "r"));

        Assert.That(exitCode, Is.EqualTo(ExitCodes.BadArguments), text);
    }

    private static GroundTruth Truth() => GroundTruth.FromJson(File.ReadAllText(Path.Combine(Demo, "truth.json")));

    private static double TrueShare(string handle)
    {
        var account = Truth().AuditedAccounts.Single(a => a.Handle == handle);
        return account.FakeFollowers / (double)(account.FakeFollowers + account.GenuineFollowers);
    }

    // The labeller: fills the sheet's label column from truth.json.
    private static string FillFromTruth(string sheet, string filled)
    {
        var fakes = Truth().FakeAccountIds();
        var lines = File.ReadAllLines(sheet);
        var header = lines[0].Split(',');
        int follower = Array.IndexOf(header, "follower_id"), label = Array.IndexOf(header, "label");
        var output = new List<string> { lines[0] };
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            cells[label] = fakes.Contains(long.Parse(cells[follower], System.Globalization.CultureInfo.InvariantCulture)) ? "fake" : "genuine";
            output.Add(string.Join(',', cells));
        }

        File.WriteAllLines(filled, output);
        return filled;
    }
}

// A follower list and nothing else: no profile column, so the fake share cannot be estimated, and the report says so
// at the top instead of "0.0%, no sign of purchase".
public sealed class NoProfileColumnsTests
{
    [Test]
    public async Task Audit_FollowerListWithoutProfiles_SaysItCannotEstimateTheFakeShare()
    {
        var folder = CliRunner.TempFolder();
        var list = Path.Combine(folder, "followers.csv");
        await File.WriteAllLinesAsync(list, ["user_id", .. Enumerable.Range(2, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var dataset = Path.Combine(folder, "dataset");
        var output = Path.Combine(folder, "report");

        var (importExit, importText) = await CliRunner.RunAsync("import", "csv", list, "--table", "follows", "--map", "user_id=follower_id", "--followee", "1", "--out", dataset);
        var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--account", "1", "--out", output);

        Assert.That(importExit, Is.EqualTo(ExitCodes.Success), importText);
        Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), text);
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "report.json")));
        var estimate = json.RootElement.GetProperty("estimate");
        var html = await File.ReadAllTextAsync(Path.Combine(output, "report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(estimate.GetProperty("methodCode").GetString(), Is.EqualTo("none"));
            Assert.That(estimate.GetProperty("fakeShare").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(estimate.GetProperty("cannotEstimate").GetString(), Is.Not.Empty);
            Assert.That(json.RootElement.GetProperty("verdict").GetProperty("code").GetString(), Is.Not.EqualTo("no-sign"));
            Assert.That(html.IndexOf("Cannot estimate the fake share", StringComparison.Ordinal), Is.LessThan(html.IndexOf("Strongest findings", StringComparison.Ordinal)).And.GreaterThan(0));
            Assert.That(text, Does.Contain("not estimated"));
        });
    }
}

// First-hour messages (issue 14): each says what is wrong and what to do.
public sealed class FirstHourMessageTests
{
    private static string Demo => Path.Combine(CliRunner.RepoRoot(), "data-samples", "demo");

    [Test]
    public async Task Audit_MisspelledBuiltInModel_ListsTheModelsAndSuggestsTheClosest()
    {
        var (exitCode, text) = await CliRunner.RunAsync("audit", Demo, "--all", "--model", "cresci2015", "--out", Path.Combine(CliRunner.TempFolder(), "r"));

        Assert.That(exitCode, Is.EqualTo(ExitCodes.BadInput), text);
        Assert.That(text, Does.Contain("did you mean 'cresci-2015'").And.Contain("portable"));
    }

    [Test]
    public async Task Audit_ParquetFileInsteadOfTheDatasetFolder_NamesTheFolderToPass()
    {
        var (exitCode, text) = await CliRunner.RunAsync("audit", Path.Combine(Demo, "accounts.parquet"), "--all", "--out", Path.Combine(CliRunner.TempFolder(), "r"));

        Assert.That(exitCode, Is.EqualTo(ExitCodes.BadInput), text);
        Assert.That(text, Does.Contain("is a file").And.Contain("Pass the folder"));
    }
}
