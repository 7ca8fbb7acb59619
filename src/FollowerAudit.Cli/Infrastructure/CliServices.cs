using FollowerAudit.Cluster;
using Spectre.Console;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>What commands get from outside: the console to write to, the clocks, the folders, and whether to show progress.</summary>
/// <param name="Console">Where output goes.</param>
/// <param name="Clock">The run's clock: the start and end times written to run.json and the report (fixed by SOURCE_DATE_EPOCH).</param>
/// <param name="Interactive">Whether progress bars may be drawn (a terminal, not CI or a pipe).</param>
internal sealed record CliServices(IAnsiConsole Console, TimeProvider Clock, bool Interactive)
{
    /// <summary>The real clock, used to judge the data ("future timestamp"), never fixed by SOURCE_DATE_EPOCH.</summary>
    public TimeProvider DataClock { get; init; } = TimeProvider.System;

    /// <summary>The folder relative paths are resolved against, and which output never replaces.</summary>
    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Reads an environment variable (null when unset); tests inject their own environment.</summary>
    public Func<string, string?> EnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The user's home folder, which output never replaces; null when unknown.</summary>
    public string? HomeDirectory { get; init; } = NullIfEmpty(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>Where the error log of an internal error goes (a unique file created there), before falling back to stderr.</summary>
    public string ErrorLogFolder { get; init; } = Path.GetTempPath();

    /// <summary>Where an internal error's details go when its log cannot be written (stderr).</summary>
    public TextWriter ErrorOutput { get; init; } = System.Console.Error;

    /// <summary>Whether run timings are left out of run.json (set with SOURCE_DATE_EPOCH, so files come out byte-identical).</summary>
    public bool Reproducible { get; init; }

    /// <summary>How often a long run prints a line saying what it is doing when not on a terminal (logs, CI).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connects to an audit cluster (<c>--cluster</c>); tests connect to an in-process cluster instead.</summary>
    public Func<ClusterAddress, CancellationToken, Task<IClusterConnection>> ConnectCluster { get; init; } = ClusterHosting.ConnectAsync;

    /// <summary>A path given on the command line, made absolute against <see cref="CurrentDirectory"/>.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, CurrentDirectory);

    /// <summary>The paths an output must never replace nor contain: the inputs, the current directory and home.</summary>
    public IReadOnlyList<string> ProtectedPaths(params IEnumerable<string?> inputs)
    {
        var list = inputs.OfType<string>().Where(p => p.Length > 0).Select(FullPath).ToList();
        list.Add(Path.GetFullPath(CurrentDirectory));
        if (HomeDirectory is { } home)
        {
            list.Add(Path.GetFullPath(home));
        }

        return list;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
