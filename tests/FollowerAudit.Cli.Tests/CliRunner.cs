using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Testing;
using Spectre.Console.Testing;

namespace FollowerAudit.Cli.Tests;

/// <summary>Runs the command line in-process with a test console, as a user would from a shell.</summary>
internal static class CliRunner
{
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAsync(TimeProvider.System, args);

    public static Task<(int ExitCode, string Output)> RunAsync(TimeProvider clock, params string[] args) => RunAsync(Services(clock), args);

    /// <summary>Runs with the given services (e.g. an injected current directory or home).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(CliServices services, params string[] args)
    {
        var exitCode = await CliApp.RunAsync(args, services, CancellationToken.None);
        return (exitCode, ((TestConsole)services.Console).Output);
    }

    /// <summary>
    /// Services for one run: a test console, and a current directory, home and error-log folder that are throwaway
    /// folders of this test process, never the real ones.
    /// </summary>
    public static CliServices Services(TimeProvider? clock = null, string? currentDirectory = null, string? home = null)
    {
        var console = new TestConsole();
        console.Profile.Width = 1000;
        var root = TestTemp.NewFolder("cli-env");
        return new CliServices(console, clock ?? TimeProvider.System, Interactive: false)
        {
            DataClock = clock ?? TimeProvider.System,
            CurrentDirectory = currentDirectory ?? Directory.CreateDirectory(Path.Combine(root, "cwd")).FullName,
            HomeDirectory = home ?? Directory.CreateDirectory(Path.Combine(root, "home")).FullName,
            ErrorLogFolder = Directory.CreateDirectory(Path.Combine(root, "logs")).FullName,
            EnvironmentVariable = _ => null,
        };
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

    /// <summary>An empty folder for the current test, unique to this test process (see <see cref="TestTemp"/>).</summary>
    public static string TempFolder() => TestTemp.ForCurrentTest();
}
