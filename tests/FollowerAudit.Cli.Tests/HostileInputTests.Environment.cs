using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Reporting;

namespace FollowerAudit.Cli.Tests;

/// <summary>User and environment errors: exit 3 with one line, found before the load; hangs; clocks; the error log.</summary>
public sealed partial class HostileInputTests
{
    // A dataset path that does not exist: if the output problem is reported, it was checked before the load.
    private static string NoDataset(string root) => Path.Combine(root, "no-such-dataset");

    [Test]
    public async Task Audit_OutIsAFile_ExitsThreeBeforeTheLoad()
    {
        var root = CliRunner.TempFolder();
        var file = Path.Combine(root, "report.txt");
        await File.WriteAllTextAsync(file, "mine");

        var (exitCode, text) = await CliRunner.RunAsync("audit", NoDataset(root), "--out", file, "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("is a file").And.Not.Contain("no-such-dataset"));
        Assert.That(await File.ReadAllTextAsync(file), Is.EqualTo("mine"));
        AssertOneCleanLine(text);
    }

    [Test]
    public async Task Audit_OutUnderAFile_ExitsThreeBeforeTheLoad()
    {
        var root = CliRunner.TempFolder();
        await File.WriteAllTextAsync(Path.Combine(root, "file"), "mine");

        var (exitCode, text) = await CliRunner.RunAsync("audit", NoDataset(root), "--out", Path.Combine(root, "file", "sub"));

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("is a file").And.Not.Contain("no-such-dataset"));
    }

    [Test]
    public async Task Generate_OutIsAFile_ExitsThree()
    {
        var root = CliRunner.TempFolder();
        var file = Path.Combine(root, "world.txt");
        await File.WriteAllTextAsync(file, "mine");

        var (exitCode, text) = await CliRunner.RunAsync("generate", "--followers", "1000", "--out", file, "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("is a file"));
        Assert.That(await File.ReadAllTextAsync(file), Is.EqualTo("mine"));
    }

    [Test]
    public async Task Audit_OccupiedOutWithoutForce_ReportedBeforeTheLoad()
    {
        var root = CliRunner.TempFolder();
        var output = Directory.CreateDirectory(Path.Combine(root, "report")).FullName;
        OutputGuard.WriteMarker(output, OutputKind.Report);

        var (exitCode, text) = await CliRunner.RunAsync("audit", NoDataset(root), "--out", output);

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("--force").And.Not.Contain("no-such-dataset"));
    }

    [Test]
    public async Task Train_OutIsAFileNotAModelWithForce_RefusesBeforeTheLoad()
    {
        var root = CliRunner.TempFolder();
        var file = Path.Combine(root, "model.zip");
        await File.WriteAllTextAsync(file, "my notes, not a model");

        var (exitCode, text) = await CliRunner.RunAsync("train", NoDataset(root), "--out", file, "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("is not a model").And.Not.Contain("no-such-dataset"));
        Assert.That(await File.ReadAllTextAsync(file), Is.EqualTo("my notes, not a model"));
    }

    [Test]
    public async Task Evaluate_JsonIsAForeignFile_RefusesBeforeTheLoad()
    {
        var root = CliRunner.TempFolder();
        var file = Path.Combine(root, "accuracy.json");
        await File.WriteAllTextAsync(file, "{\"mine\": true}");

        var (exitCode, text) = await CliRunner.RunAsync("evaluate", NoDataset(root), "--json", file);

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("is not a JSON written by").And.Not.Contain("no-such-dataset"));
        Assert.That(await File.ReadAllTextAsync(file), Is.EqualTo("{\"mine\": true}"));
    }

    [Test]
    public async Task Audit_PipeAndDeviceLinkInTheDataset_FinishesWithoutHanging()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("FIFOs and /dev/zero are a Unix thing.");
        }

        var root = CliRunner.TempFolder();
        var dataset = await SmallDatasetAsync(Path.Combine(root, "data"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(dataset, "extra.parquet")]))
        {
            await mkfifo.WaitForExitAsync();
        }

        File.CreateSymbolicLink(Path.Combine(dataset, "zero.parquet"), "/dev/zero");
        var output = Path.Combine(root, "report");

        var run = Task.Run(() => CliRunner.RunAsync("audit", dataset, "--account", "target", "--model", "synthetic", "--out", output));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2)));

        Assert.That(finished, Is.SameAs(run), "the run must not hang on a pipe or a device");
        var (exitCode, text) = await run;
        Assert.That(exitCode, Is.EqualTo(0), text);
        var runJson = await File.ReadAllTextAsync(Path.Combine(output, "run.json"));
        Assert.That(runJson, Does.Contain("accounts.parquet").And.Contain("follows.parquet").And.Not.Contain("extra.parquet").And.Not.Contain("zero.parquet"));
    }

    [Test]
    public void FixedClock_EpochPastYear9999_IsAClearError()
    {
        var ex = Assert.Throws<FormatException>(() => FixedClock.FromValue("99999999999999"));

        Assert.That(ex!.Message, Does.Contain("SOURCE_DATE_EPOCH").And.Contain("out of range"));
    }

    [Test]
    public async Task Audit_EpochAtTheLastSecondOfYear9999_Works()
    {
        var clock = FixedClock.FromValue("253402300799");
        var root = CliRunner.TempFolder();
        var dataset = await SmallDatasetAsync(Path.Combine(root, "data"));
        var services = CliRunner.Services() with { Clock = clock, Reproducible = true };

        var (exitCode, text) = await CliRunner.RunAsync(services, "audit", dataset, "--account", "target", "--model", "synthetic", "--out", Path.Combine(root, "report"));

        Assert.That(exitCode, Is.EqualTo(0), text);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(root, "report", "run.json")), Does.Contain("9999-12-31T23:59:59"));
    }

    [Test]
    public async Task Audit_ReproducibleClock_RunJsonIsByteIdenticalAndDataIsJudgedByTheRealClock()
    {
        var root = CliRunner.TempFolder();
        var dataset = await SmallDatasetAsync(Path.Combine(root, "data"));

        // The epoch is in 2020, the data in 2024: the reproducible clock must not turn the data into "future" rows.
        var clock = FixedClock.FromValue("1577836800");
        var output = Path.Combine(root, "report");
        var a = await CliRunner.RunAsync(CliRunner.Services() with { Clock = clock, Reproducible = true }, "audit", dataset, "--account", "target", "--model", "synthetic", "--out", output, "--force");
        var runA = await File.ReadAllBytesAsync(Path.Combine(output, "run.json"));
        var b = await CliRunner.RunAsync(CliRunner.Services() with { Clock = clock, Reproducible = true }, "audit", dataset, "--account", "target", "--model", "synthetic", "--out", output, "--force");
        var runB = await File.ReadAllBytesAsync(Path.Combine(output, "run.json"));

        Assert.That(a.ExitCode, Is.EqualTo(0), a.Output);
        Assert.That(b.ExitCode, Is.EqualTo(0), b.Output);
        Assert.That(a.Output, Does.Not.Contain("Rejected"), "no row is in the future of the real clock");
        Assert.That(runA, Is.EqualTo(runB));
    }

    [Test]
    public void InternalError_LogNamePlantedAsALink_NeverWritesThroughIt()
    {
        var root = CliRunner.TempFolder();
        var victim = Path.Combine(root, "victim.txt");
        File.WriteAllText(victim, "precious");
        var logs = Directory.CreateDirectory(Path.Combine(root, "logs")).FullName;
        File.CreateSymbolicLink(Path.Combine(logs, $"followeraudit-error-{Environment.ProcessId}-0.log"), victim);

        var path = CliApp.WriteErrorLog(logs, new InvalidOperationException("boom"));

        Assert.That(File.ReadAllText(victim), Is.EqualTo("precious"));
        Assert.That(path, Does.EndWith("-1.log"));
        Assert.That(File.ReadAllText(path), Does.Contain("boom"));
    }

    [Test]
    public void InternalError_LogCannotBeWritten_KeepsTheOriginalErrorAndExits70()
    {
        var root = CliRunner.TempFolder();
        var stderr = new StringWriter();
        var services = CliRunner.Services() with { ErrorLogFolder = Path.Combine(root, "missing", "folder"), ErrorOutput = stderr };

        var exitCode = CliApp.HandleException(new InvalidOperationException("the original error"), services, [], verbose: false);

        Assert.That(exitCode, Is.EqualTo(70));
        Assert.That(stderr.ToString(), Does.Contain("InvalidOperationException: the original error"));
        Assert.That(((Spectre.Console.Testing.TestConsole)services.Console).Output, Does.Contain("the original error").And.Contain("stderr"));
    }

    [Test]
    public void HandleException_DiskFull_ExitsThreeWithOneLine()
    {
        var services = CliRunner.Services();

        var exitCode = CliApp.HandleException(new IOException("No space left on device : '/data/report.tmp-1-1/followers.csv'"), services, [], verbose: false);

        var text = ((Spectre.Console.Testing.TestConsole)services.Console).Output;
        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("No space left on device").And.Contain("free space"));
        Assert.That(text.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }
}
