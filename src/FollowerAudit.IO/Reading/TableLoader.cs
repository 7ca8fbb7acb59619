using FollowerAudit.Core.Model;
using Parquet;

namespace FollowerAudit.IO.Reading;

/// <summary>
/// Loads one table in two passes. <see cref="PrepareAsync"/> opens every part, checks it is Parquet, binds the
/// contract's columns and sums the row counts from the footers, so schema errors surface before any data is read.
/// <see cref="LoadAsync"/> then streams row group by row group: the key columns decide which rows are kept
/// (row-level rejections), then each other column is read into a reused buffer and its kept rows are copied, checked,
/// into arrays pre-sized to the table's row count.
/// </summary>
internal abstract class TableLoader
{
    private readonly List<(TablePart Part, ColumnBinding?[] Bindings, int Groups)> _parts = [];
    private ColumnSink?[] _sinks = [];
    private long _totalRows;

    protected TableLoader(TableContract contract, ReadContext context)
    {
        Contract = contract;
        Context = context;
    }

    protected TableContract Contract { get; }

    protected ReadContext Context { get; }

    /// <summary>The number of rows kept, valid after <see cref="LoadAsync"/>.</summary>
    protected int Length { get; private set; }

    /// <summary>Pass 1: opens each part and validates its schema against the contract.</summary>
    /// <exception cref="InputDataException">A part is unreadable or breaks the schema.</exception>
    public async Task PrepareAsync(IReadOnlyList<TablePart> parts, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            var reader = await TableFiles.OpenAsync(part, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var bindings = ColumnBinding.BindAll(part.FullPath, reader.Schema, Contract);
                var fileBytes = new FileInfo(part.FullPath).Length;
                long fileRows = 0;
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    fileRows += CheckedRowCount(part, g, reader.RowGroups[g].RowCount, fileBytes);
                    if (fileRows > MaxRowsPerByte * fileBytes)
                    {
                        throw Implausible(part, fileRows, fileBytes);
                    }
                }

                _totalRows += fileRows;

                _parts.Add((part, bindings, reader.RowGroupCount));
            }
        }

        if (_totalRows > Array.MaxLength)
        {
            throw InputDataException.TooManyRows(parts[0].FullPath, _totalRows, Array.MaxLength);
        }
    }

    /// <summary>
    /// The most rows per byte of file a footer may claim. Every table has a column of distinct values (ids), which no
    /// encoding stores in less than about a byte per 20 rows; the bound keeps a forged footer ("2,000,000,000 rows" in
    /// 5 KB) from sizing the arrays, since the data itself is cross-checked only when read.
    /// </summary>
    internal const long MaxRowsPerByte = 1024;

    private static long CheckedRowCount(TablePart part, int rowGroup, long rows, long fileBytes)
    {
        if (rows < 0)
        {
            throw new InputDataException($"{part.FullPath}: the footer claims {rows.ToString(System.Globalization.CultureInfo.InvariantCulture)} rows in row group {rowGroup.ToString(System.Globalization.CultureInfo.InvariantCulture)}, a negative count; the file is corrupt or forged. Re-export it.");
        }

        return rows > MaxRowsPerByte * fileBytes ? throw Implausible(part, rows, fileBytes) : rows;
    }

    private static InputDataException Implausible(TablePart part, long rows, long fileBytes) =>
        new($"{part.FullPath}: the footer claims {rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} rows in a file of {fileBytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes, more than such a file can hold; the file is corrupt or forged. Re-export it.");

    /// <summary>Pass 2: reads the data into the table's arrays.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var capacity = (int)_totalRows;
        if (Sliced)
        {
            // A slice read sizes its arrays by the row groups it will read, not by the whole table; a chunked one by the
            // largest of them, since it holds one row group at a time.
            var (rows, largest) = await SliceRowGroupsAsync(cancellationToken).ConfigureAwait(false);
            capacity = (int)(Chunked ? largest : Math.Min(rows, MostSliceRows ?? int.MaxValue));
        }

        AllocateKeys(capacity);
        _sinks = new ColumnSink?[Contract.Columns.Length];
        var decode = new bool[Contract.Columns.Length];
        var keys = new List<int>();
        for (var c = 0; c < _sinks.Length; c++)
        {
            if (IsKey(c))
            {
                keys.Add(c);
                decode[c] = true;
            }
            else if (_parts.Any(p => p.Bindings[c] is not null) && (Context.Columns is null || Context.Columns.Contains(Contract.Columns[c].Name)))
            {
                _sinks[c] = CreateSink(Contract.Columns[c], capacity);
                decode[c] = _sinks[c] is not null;
            }
        }

        var keep = Array.Empty<bool>();
        long tableRow = 0;
        var cursor = 0;
        var plan = new DecodePlan(decode, [.. keys], OutsideSlice, MayKeepAny);
        var decoder = RowGroupDecoder.Start(_parts, plan, Context.DecodeWorkers, cancellationToken);
        await using (decoder.ConfigureAwait(false))
        {
            for (var i = 0; i < decoder.Count; i++)
            {
                var group = await decoder.NextAsync(cancellationToken).ConfigureAwait(false);
                var count = group.Count;
                if (!group.Outside)
                {
                    if (keep.Length < count)
                    {
                        keep = new bool[count];
                    }

                    var batch = new RowBatch(group.Part.RelativePath, tableRow, count, cursor, keep);
                    var kept = group.Unwanted ? Unwanted(batch) : SelectRows(group, batch);
                    for (var c = 0; c < _sinks.Length; c++)
                    {
                        // A column absent from this part stays null (the arrays start zeroed; a label starts unknown).
                        if (_sinks[c] is { } sink && group.Bindings[c] is { } binding && kept > 0)
                        {
                            var buffer = group.Column(c);
                            if (sink.Discards)
                            {
                                // Checked into a scratch array from its start, then dropped.
                                sink.Reserve(count);
                                sink.Append(buffer, binding.Source, batch with { Cursor = 0 });
                            }
                            else
                            {
                                sink.Append(buffer, binding.Source, batch);
                            }
                        }
                    }

                    cursor += kept;
                }

                // The decoded buffers are free once the sinks have copied the kept rows: a worker can decode into them
                // while the rows are handed on.
                tableRow += count;
                var outside = group.Outside;
                decoder.Release(group);
                if (!outside)
                {
                    cursor = RowGroupLoaded(cursor);
                }
            }
        }

        Length = cursor;
        TrimKeys(cursor);
        foreach (var sink in _sinks)
        {
            sink?.Trim(cursor);
        }
    }

    // A row group whose keys showed no row to keep (MayKeepAny) keeps none.
    private static int Unwanted(RowBatch batch)
    {
        Array.Clear(batch.Keep, 0, batch.Count);
        return 0;
    }

    /// <summary>
    /// Reads one key column of every row group (after <see cref="PrepareAsync"/>), without keeping or checking rows:
    /// for a quick look at the table before the real load, such as which accounts are followed.
    /// </summary>
    /// <param name="column">A key column of the contract.</param>
    /// <param name="visit">Called with each row group's values (valid up to the count given), in table order.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    public async Task ScanKeyAsync(string column, Action<long?[], int> visit, CancellationToken cancellationToken)
    {
        var index = Contract.IndexOf(column);
        var decode = new bool[Contract.Columns.Length];
        decode[index] = true;
        var plan = new DecodePlan(decode, [index], (_, _) => false, _ => false);
        var decoder = RowGroupDecoder.Start(_parts, plan, Context.DecodeWorkers, cancellationToken);
        await using (decoder.ConfigureAwait(false))
        {
            for (var i = 0; i < decoder.Count; i++)
            {
                var group = await decoder.NextAsync(cancellationToken).ConfigureAwait(false);
                _ = group.Bindings[index] ?? throw new InvalidOperationException($"Key column {column} is not bound.");
                visit(group.Column(index).Integers, group.Count);
                decoder.Release(group);
            }
        }
    }

    /// <summary>The sink of a non-key column that is read; a loader may keep a column differently (or only check it).</summary>
    /// <param name="column">The column.</param>
    /// <param name="capacity">Rows the table can keep.</param>
    /// <returns>The sink, or <see langword="null"/> to skip the column.</returns>
    protected virtual ColumnSink? CreateSink(ColumnContract column, int capacity) => ColumnSink.Create(column, Context, capacity);

    /// <summary>Whether the rows are handed on after each row group (<see cref="RowGroupLoaded"/>), so the arrays hold one row group.</summary>
    protected virtual bool Chunked => false;

    /// <summary>Called after each row group read with the rows kept so far; returns where the next row group's rows go.</summary>
    protected virtual int RowGroupLoaded(int cursor) => cursor;

    /// <summary>Opens a row group; a Parquet error becomes an <see cref="InputDataException"/> naming the file.</summary>
    internal static ParquetRowGroupReader OpenRowGroup(ParquetReader reader, int index, TablePart part)
    {
        try
        {
            return reader.OpenRowGroupReader(index);
        }
        catch (Exception ex) when (TableFiles.IsDataError(ex))
        {
            throw InputDataException.NotReadable(part.FullPath, ex);
        }
    }

    /// <summary>
    /// For a slice read, the key column and the range of its values the slice keeps; a row group whose statistics lie
    /// outside it is not read. <see langword="null"/> when every row group must be read.
    /// </summary>
    protected virtual (string Column, long Min, long Max)? SliceRange => null;

    /// <summary>Whether only some rows are read (<see cref="ReadContext.Slice"/>), so row groups may be skipped.</summary>
    protected virtual bool Sliced => Context.Slice is not null;

    /// <summary>
    /// Given a row group's decoded keys, whether any of its rows may be kept; when not, its other columns are not
    /// decoded. Runs on a decoding worker, concurrently with <see cref="SelectRows"/>: it reads only state fixed
    /// during the load (never what <see cref="SelectRows"/> fills).
    /// </summary>
    /// <param name="group">The row group, with its key columns decoded.</param>
    /// <returns><see langword="true"/> unless no row can be kept.</returns>
    protected virtual bool MayKeepAny(DecodedRowGroup group) => true;

    /// <summary>For a slice read, the most rows it can keep, when known beforehand (the accounts it wants).</summary>
    protected virtual int? MostSliceRows => null;

    // The rows of the row groups a slice read will read, and the largest of those groups.
    private async Task<(long Rows, long Largest)> SliceRowGroupsAsync(CancellationToken cancellationToken)
    {
        long rows = 0, largest = 0;
        foreach (var (part, bindings, _) in _parts)
        {
            var reader = await TableFiles.OpenAsync(part, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var rowGroup = OpenRowGroup(reader, g, part);
                    if (!OutsideSlice(rowGroup, bindings))
                    {
                        rows += rowGroup.RowCount;
                        largest = Math.Max(largest, rowGroup.RowCount);
                    }
                }
            }
        }

        return (rows, largest);
    }

    private bool OutsideSlice(ParquetRowGroupReader rowGroup, ColumnBinding?[] bindings)
    {
        if (!Sliced || SliceRange is not { } range || bindings[Contract.IndexOf(range.Column)] is not { } binding)
        {
            return false;
        }

        // Statistics are optional and written by the producer: a group without them is read.
        var statistics = rowGroup.GetStatistics(binding.Field);
        return statistics?.MinValue is { } min && statistics.MaxValue is { } max &&
            (Convert.ToInt64(max, System.Globalization.CultureInfo.InvariantCulture) < range.Min || Convert.ToInt64(min, System.Globalization.CultureInfo.InvariantCulture) > range.Max);
    }

    /// <summary>Whether contract column <paramref name="column"/> is read by <see cref="SelectRows"/> itself.</summary>
    protected abstract bool IsKey(int column);

    /// <summary>Allocates the key arrays for <paramref name="capacity"/> rows.</summary>
    protected abstract void AllocateKeys(int capacity);

    /// <summary>
    /// Reads the key columns of a row group, sets <see cref="RowBatch.Keep"/> for each row (recording a rejection for
    /// each dropped row) and writes the kept keys from <see cref="RowBatch.Cursor"/> on.
    /// </summary>
    /// <param name="group">The row group, with its key columns decoded.</param>
    /// <param name="batch">Where the rows go.</param>
    /// <returns>The number of kept rows.</returns>
    protected abstract int SelectRows(DecodedRowGroup group, RowBatch batch);

    /// <summary>Shortens the key arrays to <paramref name="length"/> rows.</summary>
    protected abstract void TrimKeys(int length);

    /// <summary>A key column's decoded values in a row group (throws the error met decoding it, if any).</summary>
    /// <param name="group">The row group.</param>
    /// <param name="column">A key column of the contract.</param>
    /// <returns>The values, valid up to the group's count.</returns>
    protected ColumnBuffer Key(DecodedRowGroup group, string column) => group.Column(Contract.IndexOf(column));

    /// <summary>The loaded values of a non-key column, or <see langword="null"/> when no part has it.</summary>
    protected T[]? Values<T>(string column) => _sinks[Contract.IndexOf(column)] is ColumnSink<T> { Discards: false } sink ? sink.Values : null;

    protected T[]? TakeFirst<T>(string column, int count) => _sinks[Contract.IndexOf(column)] is ColumnSink<T> { Discards: false } sink ? sink.TakeFirst(count) : null;

    /// <summary>
    /// The loaded values of a non-key column picked in the order of <paramref name="rows"/>, or <see langword="null"/>
    /// when no part has it. The loader lets go of its own array, so building a reordered table holds one column twice at
    /// a time, not the whole table.
    /// </summary>
    protected T[]? ValuesInOrder<T>(string column, int[] rows)
    {
        var values = Values<T>(column);
        _sinks[Contract.IndexOf(column)] = null;
        return values is null ? null : Pick(values, rows);
    }

    /// <summary>The entries of <paramref name="values"/> at <paramref name="rows"/>, in that order.</summary>
    protected static T[] Pick<T>(T[] values, int[] rows)
    {
        var picked = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            picked[i] = values[rows[i]];
        }

        return picked;
    }

    /// <summary>Shortens an array to <paramref name="length"/> rows, copying only when rows were dropped.</summary>
    protected static T[] Trim<T>(T[] array, int length) => array.Length == length ? array : array[..length];
}
