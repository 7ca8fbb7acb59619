using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FollowerAudit.Reporting;

/// <summary>What kind of output folder the tool wrote; recorded in its <see cref="OutputGuard.MarkerFileName"/> marker.</summary>
public enum OutputKind
{
    /// <summary>A report folder written by <c>followeraudit audit</c>.</summary>
    Report,

    /// <summary>A dataset folder written by <c>followeraudit generate</c> or <c>followeraudit import</c>.</summary>
    Dataset,

    /// <summary>A labelling sheet folder written by <c>followeraudit sample</c>.</summary>
    LabellingSheet,
}

/// <summary>
/// The one policy for everything the tool writes: what it may create, what <c>--force</c> may replace, and how output
/// is staged so that nothing is ever half-written.
/// </summary>
/// <remarks>
/// <para>
/// A folder the tool wrote carries a small marker file, <see cref="MarkerFileName"/>, naming the kind of output.
/// <c>--force</c> replaces a folder only if it is empty or carries the marker of the same kind; anything else is
/// refused. A folder written before markers existed is refused too: the message asks the user to delete it by hand.
/// </para>
/// <para>
/// Whatever the marker says, the tool never replaces <c>/</c>, a protected path (the dataset or file being read, the
/// current directory, the home folder) or a folder that contains one, a symbolic link, or a file it cannot recognise
/// as its own. Output is written into a sibling temporary folder or file (<c>NAME.tmp-PID-N</c>) that carries the
/// marker from the start, then moved into place; temporary siblings left by a killed run are removed by the next run
/// once their process is gone.
/// </para>
/// </remarks>
public static class OutputGuard
{
    /// <summary>The name of the marker file in every output folder the tool writes.</summary>
    public const string MarkerFileName = ".followeraudit";

    private const string MarkerPrefix = "followeraudit output: ";
    private static int _uniqueCounter;

    /// <summary>
    /// Checks, before any heavy work, that <paramref name="target"/> may be written as a folder of
    /// <paramref name="kind"/>; it creates nothing (a probe folder is created and removed to test writability).
    /// </summary>
    /// <param name="target">The output folder as given.</param>
    /// <param name="kind">The kind of output.</param>
    /// <param name="force">Whether <c>--force</c> was given.</param>
    /// <param name="protectedPaths">Full paths that must never be replaced nor contained by the output: inputs, the current directory, home.</param>
    /// <returns>The full path of the folder.</returns>
    /// <exception cref="ReportExistsException">The folder holds output of this kind and <paramref name="force"/> is not set.</exception>
    /// <exception cref="OutputRefusedException">The folder may not be written at all; the message says why and what to do.</exception>
    public static string CheckFolder(string target, OutputKind kind, bool force, IReadOnlyList<string> protectedPaths)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(protectedPaths);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        CheckPlace(full, protectedPaths, "folder");
        if (File.Exists(full))
        {
            throw new OutputRefusedException($"{full} is a file; the output needs a folder. Choose another --out.");
        }

        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            var found = ReadMarker(full);
            if (found is null)
            {
                throw IsLegacyReport(full)
                    ? new OutputRefusedException($"{full} holds output written by an older followeraudit (it has no {MarkerFileName} marker), so it is not replaced even with --force. Delete it yourself, or choose another --out.")
                    : force
                        ? new OutputRefusedException($"{full} is not empty and was not written by followeraudit (no {MarkerFileName} marker); --force only replaces the tool's own output. Choose an empty or new folder for --out.")
                        : ReportExistsException.ForFolder(full, holdsReport: false);
            }

            if (found != kind)
            {
                throw new OutputRefusedException($"{full} holds a {Describe(found.Value)} written by followeraudit, not a {Describe(kind)}; it is not replaced. Choose another --out.");
            }

            if (!force)
            {
                throw kind == OutputKind.Report
                    ? ReportExistsException.ForFolder(full, holdsReport: true)
                    : new ReportExistsException($"{full} already holds a {Describe(kind)}; pass --force to replace it") { };
            }
        }

        ProbeWritable(full);
        return full;
    }

    /// <summary>
    /// Checks, before any heavy work, that the single file <paramref name="target"/> may be written: a new file, or
    /// (with <paramref name="force"/>) a file <paramref name="isOwn"/> recognises as the tool's own.
    /// </summary>
    /// <param name="target">The file as given.</param>
    /// <param name="what">What the file is, for messages, e.g. "model (.zip written by 'followeraudit train')".</param>
    /// <param name="isOwn">Recognises a file the tool wrote; must not throw.</param>
    /// <param name="force">Whether <c>--force</c> was given.</param>
    /// <param name="protectedPaths">Full paths that must never be replaced: the inputs.</param>
    /// <returns>The full path of the file.</returns>
    /// <exception cref="ReportExistsException">The file exists, is the tool's own, and <paramref name="force"/> is not set.</exception>
    /// <exception cref="OutputRefusedException">The file may not be written; the message says why and what to do.</exception>
    public static string CheckFile(string target, string what, Func<string, bool> isOwn, bool force, IReadOnlyList<string> protectedPaths)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(isOwn);
        ArgumentNullException.ThrowIfNull(protectedPaths);
        var full = Path.GetFullPath(target);
        if (Path.EndsInDirectorySeparator(full) || Directory.Exists(full))
        {
            throw new OutputRefusedException($"{full} is a folder; give the path of the {what} file to write.");
        }

        CheckPlace(full, protectedPaths, "file");
        if (File.Exists(full))
        {
            if (!isOwn(full))
            {
                throw new OutputRefusedException($"{full} exists and is not a {what}, so it is not replaced even with --force. Choose another path.");
            }

            if (!force)
            {
                throw new ReportExistsException($"{full} exists; pass --force to replace it");
            }
        }

        ProbeWritable(full);
        return full;
    }

    /// <summary>Starts writing a folder: checks it again, removes stale temporary siblings, creates the marked temporary folder.</summary>
    /// <param name="target">The output folder.</param>
    /// <param name="kind">The kind of output.</param>
    /// <param name="force">Whether <c>--force</c> was given.</param>
    /// <param name="protectedPaths">As for <see cref="CheckFolder"/>.</param>
    /// <returns>The staged folder: write into <see cref="StagedOutput.TempPath"/>, then <see cref="StagedOutput.Commit"/>; dispose always.</returns>
    /// <exception cref="ReportExistsException">As for <see cref="CheckFolder"/>.</exception>
    /// <exception cref="OutputRefusedException">As for <see cref="CheckFolder"/>.</exception>
    public static StagedOutput StageFolder(string target, OutputKind kind, bool force, IReadOnlyList<string> protectedPaths)
    {
        var full = CheckFolder(target, kind, force, protectedPaths);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        RemoveStaleSiblings(full);
        var temp = UniqueSibling(full, "tmp");
        Directory.CreateDirectory(temp);
        WriteMarker(temp, kind);
        return new StagedOutput(full, temp, () => CheckFolder(full, kind, force, protectedPaths), isFolder: true);
    }

    /// <summary>Starts writing a single file: checks it again and reserves a temporary sibling file.</summary>
    /// <param name="target">The file.</param>
    /// <param name="what">As for <see cref="CheckFile"/>.</param>
    /// <param name="isOwn">As for <see cref="CheckFile"/>.</param>
    /// <param name="force">Whether <c>--force</c> was given.</param>
    /// <param name="protectedPaths">As for <see cref="CheckFile"/>.</param>
    /// <returns>The staged file: write <see cref="StagedOutput.TempPath"/>, then <see cref="StagedOutput.Commit"/>; dispose always.</returns>
    /// <exception cref="ReportExistsException">As for <see cref="CheckFile"/>.</exception>
    /// <exception cref="OutputRefusedException">As for <see cref="CheckFile"/>.</exception>
    public static StagedOutput StageFile(string target, string what, Func<string, bool> isOwn, bool force, IReadOnlyList<string> protectedPaths)
    {
        var full = CheckFile(target, what, isOwn, force, protectedPaths);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = UniqueSibling(full, "tmp");

        // Created exclusively: a file or link planted under the temp name makes this fail instead of being followed.
        using (new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
        }

        return new StagedOutput(full, temp, () => CheckFile(full, what, isOwn, force, protectedPaths), isFolder: false);
    }

    /// <summary>The kind recorded in a folder's marker, or <see langword="null"/> when it has none (or an unreadable one).</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The kind, or null.</returns>
    public static OutputKind? ReadMarker(string folder)
    {
        var marker = Path.Combine(folder, MarkerFileName);
        try
        {
            var info = new FileInfo(marker);
            if (!info.Exists || info.LinkTarget is not null || info.Length > 4096)
            {
                return null;
            }

            var firstLine = File.ReadLines(marker).FirstOrDefault() ?? "";
            return firstLine.StartsWith(MarkerPrefix, StringComparison.Ordinal)
                && Enum.TryParse<OutputKind>(firstLine[MarkerPrefix.Length..], ignoreCase: true, out var kind)
                ? kind
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the marker of <paramref name="kind"/> into <paramref name="folder"/>.</summary>
    /// <param name="folder">An existing folder the tool is writing.</param>
    /// <param name="kind">The kind of output.</param>
    public static void WriteMarker(string folder, OutputKind kind)
    {
        var text = MarkerPrefix + kind.ToString().ToLowerInvariant() + "\n"
            + "This folder was written by followeraudit. 'followeraudit ... --force' may replace it as a whole;\n"
            + "delete this file to protect the folder from being replaced.\n";
        using var stream = new FileStream(Path.Combine(folder, MarkerFileName), FileMode.CreateNew, FileAccess.Write);
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// The path with every symbolic link along it resolved (as far as the path exists), so that two spellings of one
    /// place compare equal.
    /// </summary>
    /// <param name="path">A path.</param>
    /// <returns>The full, resolved path.</returns>
    public static string RealPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.GetPathRoot(full) ?? "";
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var hops = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } link && hops++ < 40)
            {
                var resolved = Path.GetFullPath(link, current);
                var rest = parts.Skip(i + 1).ToArray();
                return RealPath(rest.Length == 0 ? resolved : Path.Combine([resolved, .. rest]));
            }

            current = next;
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies inside it (both full paths).</summary>
    /// <param name="path">A full path.</param>
    /// <param name="folder">A full folder path.</param>
    /// <returns>True when inside or equal.</returns>
    public static bool IsSameOrInside(string path, string folder)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var p = Path.TrimEndingDirectorySeparator(path);
        var f = Path.TrimEndingDirectorySeparator(folder);
        if (string.Equals(p, f, comparison))
        {
            return true;
        }

        var prefix = f.EndsWith(Path.DirectorySeparatorChar) ? f : f + Path.DirectorySeparatorChar;
        return p.StartsWith(prefix, comparison);
    }

    private static void CheckPlace(string full, IReadOnlyList<string> protectedPaths, string noun)
    {
        if (Path.GetDirectoryName(full) is null)
        {
            throw new OutputRefusedException($"{full} is the root of the file system; the tool never writes or replaces it. Choose a new folder for --out.");
        }

        // A file along the way ("--out notes.txt/sub") can never become a folder.
        for (var ancestor = Path.GetDirectoryName(full); ancestor is not null; ancestor = Path.GetDirectoryName(ancestor))
        {
            if (File.Exists(ancestor))
            {
                throw new OutputRefusedException($"{full}: {ancestor} is a file, so the {noun} cannot be created under it. Choose another --out.");
            }

            if (Directory.Exists(ancestor))
            {
                break;
            }
        }

        var info = new FileInfo(full);
        if (info.LinkTarget is not null || (Directory.Exists(full) && new DirectoryInfo(full).LinkTarget is not null))
        {
            throw new OutputRefusedException($"{full} is a symbolic link; the tool does not write through links. Give the real path, or another --out.");
        }

        var real = RealPath(full);
        foreach (var path in protectedPaths)
        {
            var guarded = RealPath(path);
            if (IsSameOrInside(guarded, real))
            {
                var relation = string.Equals(Path.TrimEndingDirectorySeparator(guarded), real, StringComparison.Ordinal) ? "is" : "contains";
                throw new OutputRefusedException($"{full} {relation} {path}, which this run reads or must keep (an input, the current directory or the home folder); the tool never replaces it. Choose a new folder for --out.");
            }
        }
    }

    private static void ProbeWritable(string full)
    {
        // The nearest existing folder must accept a new entry: a read-only file system or missing permission is found
        // now, before the load, instead of after the audit.
        var existing = Path.GetDirectoryName(full);
        while (existing is not null && !Directory.Exists(existing))
        {
            existing = Path.GetDirectoryName(existing);
        }

        if (existing is null)
        {
            return;
        }

        var probe = UniqueSibling(Path.Combine(existing, ".followeraudit-probe"), "tmp");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputRefusedException($"{full}: cannot write in {existing} ({ex.Message.TrimEnd('.')}). Choose a writable place for --out.", ex);
        }
    }

    private static bool IsLegacyReport(string folder) =>
        File.Exists(Path.Combine(folder, "run.json")) || File.Exists(Path.Combine(folder, "report.html")) || File.Exists(Path.Combine(folder, "index.html"))
        || File.Exists(Path.Combine(folder, "truth.json"));

    private static string Describe(OutputKind kind) => kind switch
    {
        OutputKind.Report => "report",
        OutputKind.LabellingSheet => "labelling sheet",
        _ => "dataset",
    };

    internal static string UniqueSibling(string target, string kind)
    {
        // Unique per process and call; no randomness, so runs stay reproducible.
        while (true)
        {
            var n = Interlocked.Increment(ref _uniqueCounter);
            var path = string.Create(CultureInfo.InvariantCulture, $"{target}.{kind}-{Environment.ProcessId}-{n}");
            if (!Directory.Exists(path) && !File.Exists(path) && new FileInfo(path).LinkTarget is null)
            {
                return path;
            }
        }
    }

    /// <summary>
    /// Removes <c>NAME.tmp-PID-N</c> and <c>NAME.old-PID-N</c> folders next to <paramref name="target"/> that a killed
    /// run of the tool left: only real folders carrying the marker (or empty), whose process is no longer alive.
    /// </summary>
    /// <param name="target">The full output path.</param>
    internal static void RemoveStaleSiblings(string target)
    {
        var parent = Path.GetDirectoryName(target);
        if (parent is null || !Directory.Exists(parent))
        {
            return;
        }

        var name = Path.GetFileName(target);
        try
        {
            foreach (var entry in Directory.EnumerateDirectories(parent, name + ".*-*-*", SearchOption.TopDirectoryOnly))
            {
                // The search pattern treats '*' and '?' in the name as wildcards: check the prefix literally.
                var entryName = Path.GetFileName(entry);
                if (!entryName.StartsWith(name + ".", StringComparison.Ordinal))
                {
                    continue;
                }

                var suffix = entryName[(name.Length + 1)..];
                var pieces = suffix.Split('-');
                if (pieces.Length != 3 || pieces[0] is not ("tmp" or "old")
                    || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    || !int.TryParse(pieces[2], NumberStyles.None, CultureInfo.InvariantCulture, out _)
                    || pid == Environment.ProcessId || IsAlive(pid))
                {
                    continue;
                }

                var info = new DirectoryInfo(entry);
                if (info.LinkTarget is null && (ReadMarker(entry) is not null || !info.EnumerateFileSystemInfos().Any()))
                {
                    TryDelete(entry);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stale temp folder is harmless.
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            if (new FileInfo(path).LinkTarget is not null || File.Exists(path))
            {
                File.Delete(path);
            }
            else if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: the output itself is complete (or the original untouched); a stale temp entry is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}

/// <summary>
/// Output being written to a temporary sibling of its target; <see cref="Commit"/> moves it into place, disposing
/// without committing removes it. Not thread-safe.
/// </summary>
public sealed class StagedOutput : IDisposable
{
    private readonly Action _recheck;
    private readonly bool _isFolder;
    private bool _done;

    internal StagedOutput(string target, string tempPath, Action recheck, bool isFolder)
    {
        Target = target;
        TempPath = tempPath;
        _recheck = recheck;
        _isFolder = isFolder;
    }

    /// <summary>The full path of the output.</summary>
    public string Target { get; }

    /// <summary>Where to write: a folder (with the marker already in it) or an empty file.</summary>
    public string TempPath { get; }

    /// <summary>Moves the staged output over the target, after checking the target again (another process may have written there).</summary>
    /// <exception cref="ReportExistsException">The target now holds output and force was not given.</exception>
    /// <exception cref="OutputRefusedException">The target may no longer be replaced.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _recheck();
        if (!_isFolder)
        {
            File.Move(TempPath, Target, overwrite: true);
        }
        else if (!Directory.Exists(Target))
        {
            Directory.Move(TempPath, Target);
        }
        else
        {
            var old = OutputGuard.UniqueSibling(Target, "old");
            Directory.Move(Target, old);
            try
            {
                Directory.Move(TempPath, Target);
            }
            catch
            {
                Directory.Move(old, Target);
                throw;
            }

            OutputGuard.TryDelete(old);
        }

        _done = true;
    }

    /// <summary>Removes the staged output unless it was committed.</summary>
    public void Dispose()
    {
        if (!_done)
        {
            OutputGuard.TryDelete(TempPath);
            _done = true;
        }
    }
}

/// <summary>
/// The tool refused to write an output: it is not the tool's own, is protected (an input, the current directory,
/// home, <c>/</c>), is a file where a folder is needed, or its place is not writable. Nothing was written. The CLI
/// maps it to exit code 3 (unusable input).
/// </summary>
public sealed class OutputRefusedException : IOException
{
    /// <summary>Creates the exception with a complete, user-facing message.</summary>
    /// <param name="message">The message.</param>
    public OutputRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OutputRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public OutputRefusedException()
    {
    }
}
