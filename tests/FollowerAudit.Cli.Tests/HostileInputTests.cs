using FollowerAudit.IO;
using FollowerAudit.Reporting;
using FollowerAudit.Testing;

namespace FollowerAudit.Cli.Tests;

/// <summary>
/// The tool against a careful user and an attacker (issue 10): every case ends in a clear one-line message and a
/// documented exit code, or a clean report; nothing outside the tool's own output is created, changed or deleted.
/// Everything runs in throwaway folders of this test process, with an injected current directory and home.
/// </summary>
public sealed partial class HostileInputTests
{
    private static readonly DateTime Base = GraphBuilder.Utc(2024, 1, 1);

    /// <summary>A small dataset: account 1 (<paramref name="targetHandle"/>) with 40 followers, plus extra accounts.</summary>
    internal static Task<string> SmallDatasetAsync(string folder, string targetHandle = "target", params (long Id, string Handle)[] extra) =>
        SmallDatasetAsync(folder, 40L, targetHandle, extra);

    internal static async Task<string> SmallDatasetAsync(string folder, long followersCount, string targetHandle, params (long Id, string Handle)[] extra)
    {
        var b = new GraphBuilder().Account(1, ("Handle", targetHandle), ("CreatedAt", GraphBuilder.Utc(2012, 1, 1)), ("FollowersCount", followersCount));
        for (var i = 0; i < 40; i++)
        {
            var id = 101 + i;
            b.Account(id, ("Handle", "user" + id), ("CreatedAt", GraphBuilder.Utc(2015 + (i % 8), 1, 1)), ("FollowersCount", 10L + i), ("FollowingCount", 100L + i), ("PostsCount", 5L + i));
            b.Follow(id, 1, Base.AddHours(i * 7));
            b.Post(1000 + i, 1, Base.AddHours((i * 7) + 3), likes: 2 + (i % 5));
        }

        foreach (var (id, handle) in extra)
        {
            b.Account(id, ("Handle", handle), ("CreatedAt", GraphBuilder.Utc(2016, 1, 1)));
        }

        await DatasetWriter.WriteAsync(b.Build(), folder);
        return folder;
    }

    /// <summary>Every file and folder under <paramref name="root"/> with its size, to prove nothing changed.</summary>
    internal static List<string> Snapshot(string root) =>
        [.. new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(i => Path.GetRelativePath(root, i.FullName) + (i is FileInfo f ? ":" + f.Length : "/"))
            .Order(StringComparer.Ordinal)];

    internal static void AssertOneCleanLine(string text)
    {
        Assert.That(text, Does.Not.Contain("Exception").And.Not.Contain("   at "), "no stack trace or .NET type name");
        Assert.That(text, Does.Not.Contain("\u001b]").And.Not.Contain("\u0007"), "nothing from the data reaches the terminal raw");
    }

    private static async Task<(string Root, string Cwd, string Dataset)> UserFolderAsync()
    {
        // A user's folder: their thesis, their projects, and the dataset they audit.
        var root = CliRunner.TempFolder();
        var cwd = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        await File.WriteAllTextAsync(Path.Combine(cwd, "thesis.txt"), "three years of work");
        Directory.CreateDirectory(Path.Combine(cwd, "projects", "a"));
        await File.WriteAllTextAsync(Path.Combine(cwd, "projects", "a", "main.c"), "int main(){}");
        var dataset = await SmallDatasetAsync(Path.Combine(cwd, "mydata"));
        return (root, cwd, dataset);
    }

    [Test]
    public async Task Audit_OutIsTheCurrentDirectoryWithForce_RefusesAndDeletesNothing()
    {
        var (root, cwd, _) = await UserFolderAsync();
        var before = Snapshot(root);

        var (exitCode, text) = await CliRunner.RunAsync(CliRunner.Services(currentDirectory: cwd), "audit", "mydata", "--account", "target", "--model", "synthetic", "--out", ".", "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("never replaces it").And.Contain("--out"));
        Assert.That(Snapshot(root), Is.EqualTo(before));
        AssertOneCleanLine(text);
    }

    [Test]
    public async Task Audit_OutIsTheDatasetWithForce_RefusesEvenWhenTheDatasetCarriesTheMarker()
    {
        var (root, _, dataset) = await UserFolderAsync();
        OutputGuard.WriteMarker(dataset, OutputKind.Report);
        var before = Snapshot(root);

        var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--account", "target", "--model", "synthetic", "--out", dataset, "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("never replaces it"));
        Assert.That(Snapshot(root), Is.EqualTo(before));
    }

    [Test]
    public async Task Audit_OutContainsTheDatasetWithForce_Refuses()
    {
        var (root, cwd, dataset) = await UserFolderAsync();
        OutputGuard.WriteMarker(cwd, OutputKind.Report);
        var before = Snapshot(root);

        var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--account", "target", "--model", "synthetic", "--out", cwd, "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("contains"));
        Assert.That(Snapshot(root), Is.EqualTo(before));
    }

    [Test]
    public async Task Audit_FolderOfUserFilesWithForce_RefusesAndSaysWhy()
    {
        var (root, cwd, dataset) = await UserFolderAsync();
        var other = Directory.CreateDirectory(Path.Combine(root, "notes")).FullName;
        await File.WriteAllTextAsync(Path.Combine(other, "todo.txt"), "mine");
        var before = Snapshot(root);

        var (exitCode, text) = await CliRunner.RunAsync(CliRunner.Services(currentDirectory: cwd), "audit", dataset, "--account", "target", "--model", "synthetic", "--out", other, "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("was not written by followeraudit").And.Contain(".followeraudit"));
        Assert.That(Snapshot(root), Is.EqualTo(before));
    }

    [Test]
    public async Task ImportCsv_OutIsTheCurrentDirectoryHoldingTheCsvWithForce_RefusesAndDeletesNothing()
    {
        var root = CliRunner.TempFolder();
        var cwd = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        await File.WriteAllTextAsync(Path.Combine(cwd, "followers.csv"), "user_id\n5\n6\n7\n");
        await File.WriteAllTextAsync(Path.Combine(cwd, "neighbour.txt"), "keep me");
        var before = Snapshot(root);

        var (exitCode, text) = await CliRunner.RunAsync(CliRunner.Services(currentDirectory: cwd), "import", "csv", "followers.csv", "--table", "follows", "--map", "user_id=follower_id", "--followee", "42", "--out", ".", "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(Snapshot(root), Is.EqualTo(before));
    }

    [Test]
    public async Task ImportCsv_OutIsTheInputCsvFolderWithMarker_Refuses()
    {
        var root = CliRunner.TempFolder();
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "followers.csv"), "user_id\n5\n");
        OutputGuard.WriteMarker(data, OutputKind.Dataset);
        var before = Snapshot(root);

        var (exitCode, text) = await CliRunner.RunAsync("import", "csv", Path.Combine(data, "followers.csv"), "--table", "follows", "--map", "user_id=follower_id", "--followee", "42", "--out", data, "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(Snapshot(root), Is.EqualTo(before));
    }

    [Test]
    public async Task Generate_OutContainsHomeWithForce_Refuses()
    {
        var root = CliRunner.TempFolder();
        var home = Directory.CreateDirectory(Path.Combine(root, "users", "me")).FullName;
        await File.WriteAllTextAsync(Path.Combine(home, ".bashrc"), "alias ll='ls -l'");
        OutputGuard.WriteMarker(Path.Combine(root, "users"), OutputKind.Dataset);
        var before = Snapshot(root);

        var (exitCode, text) = await CliRunner.RunAsync(CliRunner.Services(home: home), "generate", "--followers", "1000", "--seed", "3", "--out", Path.Combine(root, "users"), "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(Snapshot(root), Is.EqualTo(before));
    }

    [Test]
    public async Task Generate_IntoItsOwnEarlierOutputWithForce_ReplacesIt()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "world");

        var first = await CliRunner.RunAsync("generate", "--followers", "1000", "--seed", "3", "--out", output);
        var refused = await CliRunner.RunAsync("generate", "--followers", "1000", "--seed", "4", "--out", output);
        var second = await CliRunner.RunAsync("generate", "--followers", "1000", "--seed", "4", "--out", output, "--force");

        Assert.That(first.ExitCode, Is.EqualTo(0), first.Output);
        Assert.That(refused.ExitCode, Is.EqualTo(3), refused.Output);
        Assert.That(refused.Output, Does.Contain("--force"));
        Assert.That(second.ExitCode, Is.EqualTo(0), second.Output);
        Assert.That(OutputGuard.ReadMarker(output), Is.EqualTo(OutputKind.Dataset));
        Assert.That(File.Exists(Path.Combine(output, "truth.json")), Is.True);
        Assert.That(Directory.GetFileSystemEntries(Path.GetDirectoryName(output)!), Is.EqualTo(new[] { output }), "no temp or old folder left beside it");
    }

    [Test]
    public async Task Audit_TwiceWithForce_SecondReplacesTheFirst()
    {
        var root = CliRunner.TempFolder();
        var dataset = await SmallDatasetAsync(Path.Combine(root, "data"));
        var output = Path.Combine(root, "demo-report");

        var first = await CliRunner.RunAsync("audit", dataset, "--account", "target", "--model", "synthetic", "--out", output, "--force");
        var second = await CliRunner.RunAsync("audit", dataset, "--account", "target", "--model", "synthetic", "--out", output, "--force");

        Assert.That(first.ExitCode, Is.EqualTo(0), first.Output);
        Assert.That(second.ExitCode, Is.EqualTo(0), second.Output);
        Assert.That(OutputGuard.ReadMarker(output), Is.EqualTo(OutputKind.Report));
        Assert.That(Directory.GetFileSystemEntries(root).Order(StringComparer.Ordinal), Is.EqualTo(new[] { dataset, output }));
    }

    [Test]
    public async Task Audit_ReportWrittenBeforeMarkersExisted_RefusedWithHowToFix()
    {
        var root = CliRunner.TempFolder();
        var dataset = await SmallDatasetAsync(Path.Combine(root, "data"));
        var output = Directory.CreateDirectory(Path.Combine(root, "old-report")).FullName;
        await File.WriteAllTextAsync(Path.Combine(output, "report.html"), "old");
        await File.WriteAllTextAsync(Path.Combine(output, "run.json"), "{}");

        var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--account", "target", "--model", "synthetic", "--out", output, "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("older followeraudit").And.Contain("Delete it yourself"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "report.html")), Is.EqualTo("old"));
    }

    [Test]
    public async Task Audit_StaleTempFoldersOfDeadRuns_RemovedOnlyWhenTheyAreTheTools()
    {
        var root = CliRunner.TempFolder();
        var dataset = await SmallDatasetAsync(Path.Combine(root, "data"));
        var output = Path.Combine(root, "report");

        // PID 2^22+1 is above Linux's pid_max: never a live process.
        var stale = Directory.CreateDirectory(output + ".tmp-4194305-1").FullName;
        OutputGuard.WriteMarker(stale, OutputKind.Report);
        var foreign = Directory.CreateDirectory(output + ".tmp-4194305-2").FullName;
        await File.WriteAllTextAsync(Path.Combine(foreign, "mine.txt"), "not the tool's");

        var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--account", "target", "--model", "synthetic", "--out", output);

        Assert.That(exitCode, Is.EqualTo(0), text);
        Assert.That(Directory.Exists(stale), Is.False, "the tool's own leftover of a killed run");
        Assert.That(File.Exists(Path.Combine(foreign, "mine.txt")), Is.True, "not the tool's: left alone");
    }

    [Test]
    public async Task Audit_OutIsASymbolicLink_Refuses()
    {
        var root = CliRunner.TempFolder();
        var dataset = await SmallDatasetAsync(Path.Combine(root, "data"));
        var real = Directory.CreateDirectory(Path.Combine(root, "real")).FullName;
        OutputGuard.WriteMarker(real, OutputKind.Report);
        var link = Path.Combine(root, "link");
        Directory.CreateSymbolicLink(link, real);

        var (exitCode, text) = await CliRunner.RunAsync("audit", dataset, "--account", "target", "--model", "synthetic", "--out", link, "--force");

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("symbolic link"));
        Assert.That(File.Exists(Path.Combine(real, OutputGuard.MarkerFileName)), Is.True);
    }
}
