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
    public static SortedDictionary<string, byte[]> ReportJsons(string folder) => Reports(folder, "report.json");

    /// <summary>Every file of one name under a report folder, by relative path.</summary>
    public static SortedDictionary<string, byte[]> Reports(string folder, string name) =>
        new(Directory.EnumerateFiles(folder, name, SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes), StringComparer.Ordinal);

    /// <summary>
    /// Asserts both folders hold the same report.json files, byte for byte, and the same report.md and report.html
    /// (written from the audit objects, they also catch what JSON does not show, e.g. findings told apart by reference),
    /// followers.csv and the charts' SVG files.
    /// </summary>
    public static void AssertSameReports(string expected, string actual, int atLeast)
    {
        foreach (var name in new[] { "report.json", "report.md", "report.html", "followers.csv" })
        {
            AssertSameFiles(expected, actual, atLeast, name);
        }

        // Charts too: their SVG ids no longer depend on what the process drew before.
        AssertSameFiles(expected, actual, 1, "*.svg");

        // The same files and folders, nothing else: no attempt's leftover, half-written (.part) or duplicate folder, no token file.
        Assert.That(Entries(actual), Is.EqualTo(Entries(expected)), "the cluster's report folder holds exactly the single-process run's files");
    }

    private static List<string> Entries(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(root, e).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    private static void AssertSameFiles(string expected, string actual, int atLeast, string name)
    {
        var a = Reports(expected, name);
        var b = Reports(actual, name);
        Assert.That(a, Has.Count.GreaterThanOrEqualTo(atLeast), $"{name} files of the single-process run");
        Assert.That(b.Keys, Is.EqualTo(a.Keys), "the same accounts, each exactly once");
        foreach (var (path, bytes) in a)
        {
            Assert.That(b[path].AsSpan().SequenceEqual(bytes), Is.True, $"{path} differs between the cluster and the single-process run");
        }
    }
}
