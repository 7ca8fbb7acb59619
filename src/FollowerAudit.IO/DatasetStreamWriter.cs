using FollowerAudit.Core.Model;
using Parquet;
using Parquet.Schema;

namespace FollowerAudit.IO;

/// <summary>
/// Writes a dataset folder one slice of rows at a time, so that a dataset larger than memory (a fetch streamed from
/// its checkpoint) never has to be held whole: each <c>AppendAsync</c> writes its rows as the next row group(s) of the
/// table's file. Made by <see cref="DatasetWriter.Open"/>; <see cref="DatasetWriter.WriteAsync(AuditDataset, string, CancellationToken)"/>
/// writes through it too, so both produce the same files.
/// </summary>
/// <remarks>
/// Each table goes to a hidden temporary file in the folder; <see cref="CommitAsync"/> finishes them all and moves them
/// over the final names, so until then (and after a failure, a cancellation or a dispose without commit) the folder's
/// earlier files stay as they were and the temporary files are deleted. Every slice of one table must have the same
/// present columns (the first slice fixes the file's schema). Rows are written in the order given: follows are not
/// regrouped by followee as <see cref="DatasetWriter.WriteAsync(AuditDataset, string, CancellationToken)"/> does.
/// A table never appended is not written, so a dataset needs at least one <c>accounts</c> and one <c>follows</c>
/// slice (possibly empty). Not thread-safe.
/// </remarks>
public sealed class DatasetStreamWriter : IAsyncDisposable
{
    private readonly string _folder;
    private readonly int _maxRowGroupRows;
    private readonly bool _wholeDataset;
    private readonly List<OpenFile> _files = [];
    private bool _done;

    internal DatasetStreamWriter(string folder, int maxRowGroupRows, bool wholeDataset)
    {
        if (File.Exists(folder))
        {
            throw new IOException($"{folder}: is a file; the dataset needs a folder.");
        }

        _folder = folder;
        _maxRowGroupRows = maxRowGroupRows;
        _wholeDataset = wholeDataset;
        Directory.CreateDirectory(folder);
    }

    /// <summary>Appends accounts as the next row group(s) of <c>accounts.parquet</c>.</summary>
    /// <param name="rows">The rows; may be empty (the file is still created).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The rows' present columns differ from the first slice's.</exception>
    public Task AppendAsync(AccountTable rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return AppendAsync(DataContract.Accounts, rows.Count, DatasetWriter.AccountColumns(rows), cancellationToken);
    }

    /// <summary>Appends follows, in the order given, as the next row group(s) of <c>follows.parquet</c>.</summary>
    /// <param name="rows">The rows; may be empty (the file is still created).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The rows' present columns differ from the first slice's.</exception>
    public Task AppendAsync(FollowTable rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return AppendAsync(DataContract.Follows, rows.Count, DatasetWriter.FollowColumns(rows), cancellationToken);
    }

    /// <summary>Appends posts as the next row group(s) of <c>posts.parquet</c>.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The rows' present columns differ from the first slice's.</exception>
    public Task AppendAsync(PostTable rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return AppendAsync(DataContract.Posts, rows.Count, DatasetWriter.PostColumns(rows), cancellationToken);
    }

    /// <summary>
    /// Finishes every file and moves them over the folder's final names; a whole dataset first checks that no file or
    /// part folder of a table it does not write would be read with it.
    /// </summary>
    /// <param name="cancellationToken">Cancels before the move; nothing is then replaced.</param>
    /// <returns>A task.</returns>
    /// <exception cref="IOException">A conflicting table is in the folder, or the file system failed.</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_wholeDataset)
        {
            DatasetWriter.CheckNoConflicts(_folder, _files.Select(f => f.Table).ToHashSet(StringComparer.Ordinal));
        }

        foreach (var file in _files)
        {
            await file.CloseAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var file in _files)
        {
            File.Move(file.Temp, Path.Combine(_folder, file.Table + ".parquet"), overwrite: true);
        }

        _done = true;
    }

    /// <summary>Closes the files; without a commit, deletes them and leaves the folder as it was.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var file in _files)
        {
            await file.DisposeAsync().ConfigureAwait(false);
            if (File.Exists(file.Temp))
            {
                File.Delete(file.Temp);
            }
        }

        _files.Clear();
        _done = true;
    }

    internal async Task AppendAsync(TableContract table, int rows, List<(DataField Field, DatasetWriter.ColumnWrite Write)> columns, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        var file = _files.Find(f => f.Table == table.Name);
        if (file is null)
        {
            var temp = Path.Combine(_folder, $".{table.Name}.parquet.{Guid.NewGuid():N}.tmp");
            file = new OpenFile(table.Name, temp, new ParquetSchema(columns.Select(c => (Field)c.Field)));
            _files.Add(file);
            await file.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!SameFields(file.Schema.DataFields, columns))
        {
            throw new ArgumentException($"{table.Name}: a slice with columns ({string.Join(", ", columns.Select(c => c.Field.Name))}) after slices with ({string.Join(", ", file.Schema.DataFields.Select(f => f.Name))}); every slice of a table must have the same columns.", nameof(columns));
        }

        for (var start = 0; start < rows; start += _maxRowGroupRows)
        {
            var count = Math.Min(_maxRowGroupRows, rows - start);
            using var rowGroup = file.Writer!.CreateRowGroup();
            for (var c = 0; c < columns.Count; c++)
            {
                await columns[c].Write(rowGroup, file.Schema.DataFields[c], start, count, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool SameFields(DataField[] fields, List<(DataField Field, DatasetWriter.ColumnWrite Write)> columns) =>
        fields.Length == columns.Count
        && fields.Zip(columns, (a, b) => a.Name == b.Field.Name && a.ClrType == b.Field.ClrType && a.IsNullable == b.Field.IsNullable).All(same => same);

    private sealed class OpenFile(string table, string temp, ParquetSchema schema) : IAsyncDisposable
    {
        private FileStream? _stream;

        public string Table { get; } = table;

        public string Temp { get; } = temp;

        public ParquetSchema Schema { get; } = schema;

        public ParquetWriter? Writer { get; private set; }

        public async Task OpenAsync(CancellationToken cancellationToken)
        {
            _stream = new FileStream(Temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            Writer = await ParquetWriter.CreateAsync(Schema, _stream, null, false, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => new(CloseAsync());

        // Disposing the writer writes the footer; then the stream is flushed and closed. Idempotent.
        public async Task CloseAsync()
        {
            if (Writer is { } writer)
            {
                Writer = null;
                await writer.DisposeAsync().ConfigureAwait(false);
            }

            if (_stream is { } stream)
            {
                _stream = null;
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
