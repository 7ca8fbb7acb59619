using FollowerAudit.Core.Pipeline;
namespace FollowerAudit.Reporting;

/// <summary>How <see cref="ReportWriter"/> writes a report. Immutable.</summary>
public sealed record ReportOptions
{
    /// <summary>Creates options.</summary>
    /// <param name="run">Facts about the run, supplied by the caller (the writer never reads the clock).</param>
    public ReportOptions(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Run = run;
    }

    /// <summary>Replace an existing report in the output folder instead of refusing (<c>--force</c>).</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Full paths the report must never replace nor contain: the dataset read, the current directory, home
    /// (see <see cref="OutputGuard.CheckFolder"/>).
    /// </summary>
    public IReadOnlyList<string> ProtectedPaths { get; init; } = [];

    /// <summary>Facts about the run written to <c>run.json</c> and the method section.</summary>
    public RunInfo Run { get; init; }

    /// <summary>Title of the report; <see langword="null"/> = "Follower audit of @handle".</summary>
    public string? Title { get; init; }
}

/// <summary>
/// Facts about one run of the tool, all supplied by the caller so that the report is a pure function of its input.
/// Immutable.
/// </summary>
public sealed record RunInfo
{
    /// <summary>Version of the tool, e.g. <c>1.2.0+abc123</c>.</summary>
    public string ToolVersion { get; init; } = "unknown";

    /// <summary>The command-line arguments as given.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The input files with their SHA-256.</summary>
    public IReadOnlyList<InputFileInfo> Inputs { get; init; } = [];

    /// <summary>Seed of every random choice in the run.</summary>
    public int Seed { get; init; }

    /// <summary>When the run started (UTC), if the caller knows.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the run finished (UTC), if the caller knows.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Time spent in each stage, in run order.</summary>
    public IReadOnlyList<StageTiming> Stages { get; init; } = [];
}

/// <summary>One input file of a run.</summary>
/// <param name="Path">The path as the user gave it.</param>
/// <param name="Bytes">Its size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of its content.</param>
public sealed record InputFileInfo(string Path, long Bytes, string Sha256);

/// <summary>What <see cref="ReportWriter.WriteAsync"/> wrote.</summary>
/// <param name="Folder">The full path of the report folder.</param>
/// <param name="MainReport">The full path of the page to open first (<c>report.html</c> or <c>index.html</c>).</param>
/// <param name="Files">Every file written, relative to <paramref name="Folder"/> with '/' separators, sorted ordinally.</param>
public sealed record ReportFiles(string Folder, string MainReport, IReadOnlyList<string> Files);

/// <summary>
/// The output folder already holds a report (or other files) and <see cref="ReportOptions.Force"/> was not set.
/// Nothing was written. The CLI maps it to exit code 3.
/// </summary>
public sealed class ReportExistsException : IOException
{
    /// <summary>Creates the exception with a complete, user-facing message.</summary>
    /// <param name="message">The message.</param>
    public ReportExistsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ReportExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message (prefer <see cref="ForFolder"/>).</summary>
    public ReportExistsException()
    {
    }

    /// <summary>The folder that was left untouched.</summary>
    public string? Folder { get; private init; }

    /// <summary>The message for a folder that holds a report, or other files.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="holdsReport">Whether it holds a report (else only other files).</param>
    /// <returns>The exception.</returns>
    public static ReportExistsException ForFolder(string folder, bool holdsReport) =>
        new(holdsReport
            ? $"{folder} already holds a report; pass --force to replace it"
            : $"{folder} is not empty and holds no report; choose an empty or new folder for --out (--force only replaces the tool's own output)")
        {
            Folder = folder,
        };
}
