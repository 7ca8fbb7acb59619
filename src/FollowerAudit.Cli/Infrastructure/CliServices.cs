using Spectre.Console;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>What commands get from outside: the console to write to, the clock, and whether to show progress.</summary>
/// <param name="Console">Where output goes.</param>
/// <param name="Clock">The wall clock, used only for run timings and "future timestamp" checks, never for results.</param>
/// <param name="Interactive">Whether progress bars may be drawn (a terminal, not CI or a pipe).</param>
internal sealed record CliServices(IAnsiConsole Console, TimeProvider Clock, bool Interactive);
