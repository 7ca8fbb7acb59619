using FollowerAudit.Cli.Infrastructure;
using Spectre.Console.Testing;

namespace FollowerAudit.Cli.Tests;

/// <summary>Runs the command line in-process with a test console, as a user would from a shell.</summary>
internal static class CliRunner
{
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAsync(TimeProvider.System, args);

    public static async Task<(int ExitCode, string Output)> RunAsync(TimeProvider clock, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        var services = new CliServices(console, clock, Interactive: false);
        var exitCode = await CliApp.RunAsync(args, services, CancellationToken.None);
        return (exitCode, console.Output);
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FollowerAudit.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FollowerAudit.sln not found above the test directory.");
    }

    public static string TempFolder()
    {
        // Per checkout: two clones running their tests at once must not share (and delete) each other's folders.
        var checkout = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(RepoRoot())))[..12];
        var path = Path.Combine(Path.GetTempPath(), "followeraudit-cli-tests-" + checkout, TestContext.CurrentContext.Test.ID);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
        return path;
    }
}
