using FollowerAudit.Cli;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Testing;
using Spectre.Console.Testing;

namespace FollowerAudit.Cluster.Tests;

/// <summary>Runs the command line in-process and compares report folders file by file.</summary>
internal static class ReportFolders
{
    /// <summary>SOURCE_DATE_EPOCH of the comparisons: fixed times, no timings, so reports come out byte-identical.</summary>
    public static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_764_028_800);

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FollowerAudit.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FollowerAudit.sln not found above the test directory.");
    }

    public static CliServices Services(Func<ClusterAddress, CancellationToken, Task<IClusterConnection>>? connect = null)
    {
        var console = new TestConsole();
        console.Profile.Width = 1000;
        var root = TestTemp.NewFolder("cli-env");
        var services = new CliServices(console, new FixedClock(Epoch), Interactive: false)
        {
            Reproducible = true,
            CurrentDirectory = Directory.CreateDirectory(Path.Combine(root, "cwd")).FullName,
            HomeDirectory = Directory.CreateDirectory(Path.Combine(root, "home")).FullName,
            ErrorLogFolder = Directory.CreateDirectory(Path.Combine(root, "logs")).FullName,
        };
        return connect is null ? services : services with { ConnectCluster = connect };
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(CliServices services, params string[] args)
    {
        var exitCode = await CliApp.RunAsync(args, services, CancellationToken.None);
        return (exitCode, ConsoleOutput(services));
    }

    /// <summary>What the command printed so far (also while it runs, for a test that gives up waiting).</summary>
    public static string ConsoleOutput(CliServices services) => ((TestConsole)services.Console).Output;

    /// <summary>Every report.json under a report folder, by relative path.</summary>
    public static SortedDictionary<string, byte[]> ReportJsons(string folder) =>
        new(Directory.EnumerateFiles(folder, "report.json", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes), StringComparer.Ordinal);

    /// <summary>Asserts both folders hold the same report.json files, byte for byte.</summary>
    public static void AssertSameReports(string expected, string actual, int atLeast)
    {
        var a = ReportJsons(expected);
        var b = ReportJsons(actual);
        Assert.That(a, Has.Count.GreaterThanOrEqualTo(atLeast), "report.json files of the single-process run");
        Assert.That(b.Keys, Is.EqualTo(a.Keys), "the same accounts, each exactly once");
        foreach (var (path, bytes) in a)
        {
            Assert.That(b[path].AsSpan().SequenceEqual(bytes), Is.True, $"{path} differs between the cluster and the single-process run");
        }
    }
}
