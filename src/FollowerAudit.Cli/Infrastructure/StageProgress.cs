using System.Globalization;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Reporting;
using Spectre.Console;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>
/// Shows what a long run is doing: on a terminal a live status line (stage, accounts done, elapsed); elsewhere (logs,
/// CI) a heartbeat line every <see cref="CliServices.HeartbeatInterval"/>, so a silent minute never looks like a hang.
/// </summary>
internal static class StageProgress
{
    /// <summary>Runs <paramref name="work"/> on a worker thread while showing the stages it reports.</summary>
    /// <param name="services">The console and whether it is a terminal.</param>
    /// <param name="stages">The stages to show.</param>
    /// <param name="work">The work.</param>
    /// <param name="detail">More to show after the stage (e.g. accounts per silo); may be null.</param>
    public static async Task<T> RunAsync<T>(CliServices services, AuditStages stages, Func<Task<T>> work, Func<string>? detail = null)
    {
        if (services.Interactive)
        {
            return await services.Console.Status().StartAsync(Markup.Escape(Describe(stages, detail)), async context =>
            {
                var task = Task.Run(work);
                while (await Task.WhenAny(task, Task.Delay(250)).ConfigureAwait(false) != task)
                {
                    context.Status(Markup.Escape(Describe(stages, detail)));
                }

                return await task.ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        using var heartbeat = new Timer(
            _ => services.Console.WriteLine(Describe(stages, detail)),
            null,
            services.HeartbeatInterval,
            services.HeartbeatInterval);
        return await Task.Run(work).ConfigureAwait(false);
    }

    private static string Describe(AuditStages stages, Func<string>? detail)
    {
        var elapsed = stages.Elapsed;
        var clock = string.Create(CultureInfo.InvariantCulture, $"[{(int)elapsed.TotalMinutes}:{elapsed.Seconds:00}]");
        var (done, total) = stages.Accounts;
        var accounts = total > 0 ? string.Create(CultureInfo.InvariantCulture, $" {done:N0}/{total:N0} accounts audited;") : "";
        var more = detail?.Invoke() is { Length: > 0 } d ? $" ({Sanitize.ForTerminal(d)})" : "";
        return $"{clock}{accounts} {Sanitize.ForTerminal(stages.Current)}{more}";
    }
}
