using System.Runtime.InteropServices;
using FollowerAudit.Cli.Infrastructure;
using Spectre.Console;

namespace FollowerAudit.Cli;

/// <summary>Entry point of the <c>followeraudit</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line; Ctrl+C, SIGTERM and SIGHUP cancel the run (exit code 130) and leave nothing half-written.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code (see README, "Exit codes").</returns>
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        // What 'timeout', 'docker stop' and CI cancellation send: handled like Ctrl+C, so temporary output is removed.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);

        var interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;
        if (Console.IsOutputRedirected)
        {
            // Spectre wraps at 80 columns when output is not a terminal; a message is one line, however long.
            AnsiConsole.Profile.Width = 4096;
        }

        TimeProvider clock;
        try
        {
            clock = FixedClock.FromEnvironment();
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.BadArguments;
        }

        var services = new CliServices(AnsiConsole.Console, clock, interactive) { Reproducible = clock is FixedClock };
        return await CliApp.RunAsync(args, services, cancellation.Token).ConfigureAwait(false);

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }
    }
}
