namespace FollowerAudit.Cli.Tests;

/// <summary>Options and selectors: unknown options, bad values, ambiguous accounts, escape sequences in the data.</summary>
public sealed partial class HostileInputTests
{
    [TestCase("--sampel", "5", "--sample")]
    [TestCase("--modle", "synthetic", "--model")]
    [TestCase("--acount", "x", "--account")]
    public async Task Audit_MistypedOption_ExitsTwoSuggestingTheOption(string option, string value, string suggestion)
    {
        var root = CliRunner.TempFolder();

        var (exitCode, text) = await CliRunner.RunAsync("audit", NoDataset(root), option, value, "--out", Path.Combine(root, "out"));

        Assert.That(exitCode, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain($"unknown option '{option}'; did you mean '{suggestion}'?"));
        Assert.That(Directory.Exists(Path.Combine(root, "out")), Is.False);
    }

    [TestCase("--sample", "abc", "a whole number")]
    [TestCase("--seed", "99999999999", "a whole number from -2147483648 to 2147483647")]
    [TestCase("--max-reject-ratio", "lots", "a number")]
    public async Task Audit_ValueOfTheWrongType_NamesTheOptionWithoutDotNetNames(string option, string value, string expected)
    {
        var root = CliRunner.TempFolder();

        var (exitCode, text) = await CliRunner.RunAsync("audit", NoDataset(root), option, value);

        Assert.That(exitCode, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain($"{option}: '{value}' is not {expected}").And.Not.Contain("Nullable").And.Not.Contain("`1"));
    }

    [Test]
    public async Task Audit_SelectorIsAnIdAndAnotherAccountsHandle_RefusedAsAmbiguous()
    {
        var root = CliRunner.TempFolder();
        var dataset = await SmallDatasetAsync(Path.Combine(root, "data"), "target", (999, "1"));

        var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--account", "1", "--model", "synthetic", "--out", Path.Combine(root, "out"));
        var byId = await CliRunner.RunAsync("audit", dataset, "--account", "id:1", "--model", "synthetic", "--out", Path.Combine(root, "by-id"));

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("ambiguous").And.Contain("id:1").And.Contain("@1"));
        Assert.That(byId.ExitCode, Is.EqualTo(0), byId.Output);
        Assert.That(byId.Output, Does.Contain("matched the id 1 (@target)"));
    }

    [Test]
    public async Task Audit_HandlesDifferingOnlyInCase_RefusedAsAmbiguous()
    {
        var root = CliRunner.TempFolder();
        var dataset = await SmallDatasetAsync(Path.Combine(root, "data"), "target", (999, "TARGET"));

        var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--account", "target", "--model", "synthetic", "--out", Path.Combine(root, "out"));

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("differ only in case").And.Contain("id 999"));
    }

    [Test]
    public async Task Audit_EscapeSequencesInTheHandle_NeverReachTheTerminalOrTheCsvRaw()
    {
        var root = CliRunner.TempFolder();
        var handle = "evil\u001b]0;pwned\u0007\u001b[2J\u202Etxt.exe\nforged line";
        var dataset = await SmallDatasetAsync(Path.Combine(root, "data"), handle);
        var output = Path.Combine(root, "out");

        var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--account", "id:1", "--model", "synthetic", "--out", output);

        Assert.That(exitCode, Is.EqualTo(0), text);
        Assert.That(text, Does.Not.Contain("\u001b]").And.Not.Contain("\u0007").And.Not.Contain("\u202E").And.Not.Contain("\nforged line"));
        Assert.That(text, Does.Contain("evil\\x1B]0;pwned\\x07"));
        var csv = await File.ReadAllTextAsync(Path.Combine(output, "followers.csv"));
        Assert.That(csv.Any(c => char.IsControl(c) && c is not ('\r' or '\n')), Is.False);
    }

    [Test]
    public async Task Audit_FollowersCountAtLongMaxValue_NoDetectorFails()
    {
        var root = CliRunner.TempFolder();
        var dataset = await SmallDatasetAsync(Path.Combine(root, "data"), long.MaxValue, "target");

        var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--account", "target", "--model", "synthetic", "--out", Path.Combine(root, "out"));

        Assert.That(exitCode, Is.EqualTo(0), text);
    }

    [Test]
    public async Task Audit_EscapeSequencesAndNewlinesInAPath_ErrorStaysOneCleanLine()
    {
        var root = CliRunner.TempFolder();
        var dataset = Directory.CreateDirectory(Path.Combine(root, "data\u001b]0;pwned\u0007\nforged")).FullName;

        var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--out", Path.Combine(root, "out"));

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text.TrimEnd().Split('\n'), Has.Length.EqualTo(1), text);
        AssertOneCleanLine(text);
    }
}
