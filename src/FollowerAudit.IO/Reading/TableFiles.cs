using FollowerAudit.Core.Model;
using Parquet;

namespace FollowerAudit.IO.Reading;

/// <summary>One Parquet file of a table.</summary>
/// <param name="FullPath">The path to open, as built from the user's dataset folder (used in fatal messages).</param>
/// <param name="RelativePath">The path relative to the dataset folder with '/' separators (used in rejections).</param>
internal sealed record TablePart(string FullPath, string RelativePath);

/// <summary>Finds a table's files in a dataset folder and opens them safely.</summary>
internal static class TableFiles
{
    private static readonly ParquetOptions ReaderOptions = new() { TreatByteArrayAsString = true };

    /// <summary>
    /// The files of <paramref name="table"/>: <c>NAME.parquet</c>, or the <c>*.parquet</c> files of a part folder
    /// <c>NAME/</c> (or <c>NAME.parquet/</c>, as Spark writes it) in ordinal name order (names starting with '.' or '_'
    /// are skipped, as Spark and Hadoop do). Every file must be a regular file inside the dataset: a pipe, a device or
    /// a symbolic link leading out of the dataset is refused before anything is opened.
    /// </summary>
    /// <returns>The parts, or <see langword="null"/> when an optional table is absent.</returns>
    /// <exception cref="InputDataException">A required table is absent, present twice, or an empty folder, or a part is not a regular file of the dataset.</exception>
    public static IReadOnlyList<TablePart>? Find(string datasetFolder, TableContract table)
    {
        var fileName = table.Name + ".parquet";
        var file = Path.Combine(datasetFolder, fileName);
        var folder = Path.Combine(datasetFolder, table.Name);
        var hasFile = File.Exists(file);
        var hasFolder = Directory.Exists(folder);
        if (Directory.Exists(file))
        {
            // Spark writes a table as a folder NAME.parquet/ of part files.
            if (hasFolder)
            {
                throw InputDataException.AmbiguousTable(file, folder);
            }

            (folder, hasFolder) = (file, true);
        }

        if (hasFile && hasFolder)
        {
            throw InputDataException.AmbiguousTable(file, folder);
        }

        var realDataset = RealPath(datasetFolder);
        if (hasFile)
        {
            return [Checked(new TablePart(file, fileName), realDataset)];
        }

        if (hasFolder)
        {
            var prefix = Path.GetFileName(folder);
            var parts = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.TopDirectoryOnly)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => name.EndsWith(".parquet", StringComparison.Ordinal) && name[0] is not ('.' or '_'))
                .Order(StringComparer.Ordinal)
                .Select(name => Checked(new TablePart(Path.Combine(folder, name), prefix + "/" + name), realDataset))
                .ToList();
            return parts.Count > 0 ? parts : throw InputDataException.NoPartFiles(folder, table.Name);
        }

        return table.Required
            ? throw InputDataException.Missing(file, $"the {table.Name} table ({fileName}, or a folder {table.Name}/ of *.parquet part files)")
            : null;
    }

    // A part must be a regular file that stays inside the dataset: opening a FIFO blocks forever and a link to
    // /dev/zero never ends, so both are refused from their metadata, before the file is opened.
    private static TablePart Checked(TablePart part, string realDataset)
    {
        FileSystemInfo info = new FileInfo(part.FullPath);
        if (info.LinkTarget is not null)
        {
            var final = info.ResolveLinkTarget(returnFinalTarget: true);
            var resolved = final is null ? null : RealPath(final.FullName);
            if (resolved is null || !IsSameOrInside(resolved, realDataset))
            {
                throw new InputDataException($"{part.FullPath}: a symbolic link to {info.LinkTarget}, outside the dataset folder; the tool reads only files inside the dataset. Copy the file into the dataset.");
            }

            info = new FileInfo(resolved);
        }

        if (!info.Exists || ((FileInfo)info).Length < 12)
        {
            var length = info.Exists ? ((FileInfo)info).Length : 0;
            throw new InputDataException($"{part.FullPath}: not a readable Parquet file (only {length.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes: empty, or not a regular file such as a pipe or device). Re-export the table as a Parquet file.");
        }

        return part;
    }

    private static string RealPath(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.GetPathRoot(full) ?? "";
        var current = root;
        var pieces = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < pieces.Length; i++)
        {
            var next = Path.Combine(current, pieces[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = Path.TrimEndingDirectorySeparator(target.FullName);
                continue;
            }

            current = next;
        }

        return current;
    }

    private static bool IsSameOrInside(string path, string folder)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(path, folder, comparison) || path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, comparison);
    }

    /// <summary>Opens a part after checking the Parquet magic bytes; any low-level failure becomes <see cref="InputDataException"/>.</summary>
    /// <exception cref="InputDataException">The file is missing, not Parquet, truncated or corrupt.</exception>
    public static async Task<ParquetReader> OpenAsync(TablePart part, CancellationToken cancellationToken)
    {
        FileStream? stream = null;
        try
        {
            stream = new FileStream(part.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            await CheckMagicAsync(stream, cancellationToken).ConfigureAwait(false);
            var reader = await ParquetReader.CreateAsync(stream, ReaderOptions, leaveStreamOpen: false, cancellationToken).ConfigureAwait(false);
            stream = null;
            return reader;
        }
        catch (Exception ex) when (IsDataError(ex))
        {
            throw InputDataException.NotReadable(part.FullPath, ex);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Whether an exception thrown by Parquet.Net or the file system while reading input means "bad file" (wrap it)
    /// rather than cancellation or an input error already explained.
    /// </summary>
    public static bool IsDataError(Exception ex) =>
        ex is not (OperationCanceledException or InputDataException or OutOfMemoryException or ArgumentNullException);

    private static async Task CheckMagicAsync(FileStream stream, CancellationToken cancellationToken)
    {
        // A Parquet file starts and ends with "PAR1"; checking both catches CSV/JSON renamed to .parquet and files cut
        // short by an interrupted copy before Parquet.Net reports something obscure about the footer.
        const int MinimumLength = 12;
        if (stream.Length < MinimumLength)
        {
            throw new InvalidDataException($"only {stream.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes long, too short for Parquet");
        }

        var head = new byte[4];
        var tail = new byte[4];
        await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
        stream.Seek(-4, SeekOrigin.End);
        await stream.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
        stream.Seek(0, SeekOrigin.Begin);
        if (!head.AsSpan().SequenceEqual("PAR1"u8))
        {
            throw new InvalidDataException("it does not start with the Parquet magic bytes 'PAR1'");
        }

        if (!tail.AsSpan().SequenceEqual("PAR1"u8))
        {
            throw new InvalidDataException("it does not end with the Parquet magic bytes 'PAR1'; the file looks truncated");
        }
    }
}
