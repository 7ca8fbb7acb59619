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
    /// The files of <paramref name="table"/>: <c>NAME.parquet</c>, or the <c>*.parquet</c> files of <c>NAME/</c> in
    /// ordinal name order (names starting with '.' or '_' are skipped, as Spark and Hadoop do).
    /// </summary>
    /// <returns>The parts, or <see langword="null"/> when an optional table is absent.</returns>
    /// <exception cref="InputDataException">A required table is absent, present twice, or an empty folder.</exception>
    public static IReadOnlyList<TablePart>? Find(string datasetFolder, TableContract table)
    {
        var fileName = table.Name + ".parquet";
        var file = Path.Combine(datasetFolder, fileName);
        var folder = Path.Combine(datasetFolder, table.Name);
        var hasFile = File.Exists(file);
        var hasFolder = Directory.Exists(folder);
        if (hasFile && hasFolder)
        {
            throw InputDataException.AmbiguousTable(file, folder);
        }

        if (hasFile)
        {
            return [new TablePart(file, fileName)];
        }

        if (hasFolder)
        {
            var parts = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.TopDirectoryOnly)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => name.EndsWith(".parquet", StringComparison.Ordinal) && name[0] is not ('.' or '_'))
                .Order(StringComparer.Ordinal)
                .Select(name => new TablePart(Path.Combine(folder, name), table.Name + "/" + name))
                .ToList();
            return parts.Count > 0 ? parts : throw InputDataException.NoPartFiles(folder, table.Name);
        }

        return table.Required
            ? throw InputDataException.Missing(file, $"the {table.Name} table ({fileName}, or a folder {table.Name}/ of *.parquet part files)")
            : null;
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
