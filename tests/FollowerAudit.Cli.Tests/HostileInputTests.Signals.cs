using System.Diagnostics;

namespace FollowerAudit.Cli.Tests;

/// <summary>The real process, stopped the way 'timeout', 'docker stop' and CI cancellation stop it.</summary>
public sealed partial class HostileInputTests
{
    [Test]
    public async Task Audit_SigtermDuringTheRun_ExitsCancelledAndLeavesNothingBehind()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("SIGTERM is a Unix signal.");
        }

        var root = CliRunner.TempFolder();
        var output = Path.Combine(root, "report");
        var cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "followeraudit.dll");
        var demo = Path.Combine(CliRunner.RepoRoot(), "data-samples", "demo");
        var start = new ProcessStartInfo("dotnet", [cli, "audit", demo, "--all", "--model", "synthetic", "--out", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();

        // Wait until the dataset is loaded (the audit itself takes seconds), then stop it.
        string? line;
        var seen = new System.Text.StringBuilder();
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("Loaded", StringComparison.Ordinal))
        {
            seen.AppendLine(line);
        }

        Assert.That(line, Is.Not.Null, "the run ended before loading: " + seen + await stderr);
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var rest = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        // 130 if the signal arrived during the audit; 0 if the run had just finished: either way nothing half-written.
        Assert.That(process.ExitCode, Is.EqualTo(130).Or.EqualTo(0), rest + await stderr);
        Assert.That(Directory.GetFileSystemEntries(root).Where(e => e != output), Is.Empty, "no temp folder left beside --out");
        if (process.ExitCode == 130)
        {
            Assert.That(rest, Does.Contain("Cancelled"));
            Assert.That(Directory.Exists(output), Is.False);
        }
    }
}

/// <summary>Single input files that are pipes or devices: refused before they are opened, never a hang or a crash.</summary>
public sealed partial class HostileInputTests
{
    private static string DeviceLink(string root)
    {
        var link = Path.Combine(root, "zero.txt");
        File.CreateSymbolicLink(link, "/dev/zero");
        return link;
    }

    [Test]
    public async Task Blocks_EdgeListIsADevice_ExitsThreeWithoutReadingIt()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("/dev/zero is a Unix thing.");
        }

        var root = CliRunner.TempFolder();

        var (exitCode, text) = await CliRunner.RunAsync("blocks", "--edges", DeviceLink(root));

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("not a regular file"));
    }

    [Test]
    public async Task ImportCsv_FileIsADevice_ExitsThreeWithoutReadingIt()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("/dev/zero is a Unix thing.");
        }

        var root = CliRunner.TempFolder();

        var (exitCode, text) = await CliRunner.RunAsync("import", "csv", DeviceLink(root), "--map", "a=account_id", "--out", Path.Combine(root, "out"));

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("not a regular file"));
        Assert.That(Directory.Exists(Path.Combine(root, "out")), Is.False);
    }

    [Test]
    public async Task Audit_ModelIsADevice_ExitsThreeBeforeTheLoad()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("/dev/zero is a Unix thing.");
        }

        var root = CliRunner.TempFolder();

        var (exitCode, text) = await CliRunner.RunAsync("audit", NoDataset(root), "--model", DeviceLink(root), "--out", Path.Combine(root, "out"));

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("not a regular file").And.Not.Contain("no-such-dataset"));
    }
}
