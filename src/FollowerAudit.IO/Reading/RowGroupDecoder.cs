using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Parquet;

namespace FollowerAudit.IO.Reading;

/// <summary>
/// Decodes the row groups of a table on several workers, each with its own file streams, and hands them out strictly in
/// table order: row groups are taken in order, decoded concurrently, and <see cref="NextAsync"/> returns group 0, 1, 2…
/// whatever order the workers finish in. What the loader does with the rows (keeping, rejecting, checking) stays
/// sequential, so the result and the rejections are those of a one-core read. Parquet.Net decodes a column chunk on the
/// calling thread (text columns are most of the work), so this is what puts a second core on a load.
/// </summary>
/// <remarks>
/// At most <c>workers</c> decoded row groups exist at once (the loader gives one back as soon as it has copied the rows
/// it keeps, before it hands them on), and their buffers are reused: each costs about the row group's values twice
/// (nullable arrays and scratch), so the window is kept small. An error found while decoding (an unreadable page, a short column) is kept with its row
/// group and thrown when the loader reaches that group and reads that column, so the first error in table order is the
/// one reported, as in a one-core read; a column the loader does not read (no row kept) raises nothing.
/// </remarks>
internal sealed class RowGroupDecoder : IAsyncDisposable
{
    private readonly IReadOnlyList<(TablePart Part, ColumnBinding?[] Bindings, int Groups)> _parts;
    private readonly (int Part, int Group)[] _items;
    private readonly DecodePlan _plan;
    private readonly TaskCompletionSource<DecodedRowGroup>[] _slots;
    private readonly ConcurrentBag<DecodedRowGroup> _free = [];
    private readonly SemaphoreSlim _window;
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _workers;
    private int _next;
    private int _taken;

    private RowGroupDecoder(IReadOnlyList<(TablePart Part, ColumnBinding?[] Bindings, int Groups)> parts, DecodePlan plan, int workers, CancellationToken cancellationToken)
    {
        _parts = parts;
        _plan = plan;
        _items = [.. parts.SelectMany((p, i) => Enumerable.Range(0, p.Groups).Select(g => (i, g)))];
        _slots = [.. _items.Select(_ => new TaskCompletionSource<DecodedRowGroup>(TaskCreationOptions.RunContinuationsAsynchronously))];
        workers = Math.Clamp(workers, 1, Math.Max(1, _items.Length));
        _window = new SemaphoreSlim(workers);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync))];
    }

    /// <summary>The number of row groups, over every part.</summary>
    public int Count => _items.Length;

    /// <summary>Starts decoding.</summary>
    /// <param name="parts">Every part of the table, with its bindings and row-group count, in table order.</param>
    /// <param name="plan">Which columns to decode, and when a row group can be skipped.</param>
    /// <param name="workers">Row groups decoded at once (at least 1).</param>
    /// <param name="cancellationToken">Cancels the decoding.</param>
    /// <returns>The running decoder; dispose it to stop the workers.</returns>
    public static RowGroupDecoder Start(IReadOnlyList<(TablePart Part, ColumnBinding?[] Bindings, int Groups)> parts, DecodePlan plan, int workers, CancellationToken cancellationToken) =>
        new(parts, plan, workers, cancellationToken);

    /// <summary>
    /// How many row groups to decode at once by default: one per core, at most four (beyond that the loader's own
    /// sequential work on the rows is the limit).
    /// </summary>
    public static int DefaultWorkers => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>The next row group in table order, once decoded. Pass it back with <see cref="Release"/> when done.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The decoded row group.</returns>
    /// <exception cref="InvalidOperationException">Every row group was already taken.</exception>
    public async Task<DecodedRowGroup> NextAsync(CancellationToken cancellationToken)
    {
        if (_taken >= _items.Length)
        {
            throw new InvalidOperationException("Every row group was already taken.");
        }

        var group = await _slots[_taken++].Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        group.Error?.Throw();
        return group;
    }

    /// <summary>Gives a row group's buffers back for the next one.</summary>
    /// <param name="group">A group from <see cref="NextAsync"/>.</param>
    public void Release(DecodedRowGroup group)
    {
        // The kept strings were copied to the table; the pooled buffers must not hold the rest until they are reused.
        foreach (var buffer in group.Buffers)
        {
            buffer?.ReleaseTexts(group.Count);
        }

        _free.Add(group);
        _window.Release();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_workers).ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
            _window.Dispose();
        }
    }

    private async Task WorkAsync()
    {
        // Each worker has its own reader (file stream) per part: a reader is not safe for concurrent reads.
        var readers = new ParquetReader?[_parts.Count];
        try
        {
            while (true)
            {
                try
                {
                    await _window.WaitAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var index = Interlocked.Increment(ref _next) - 1;
                if (index >= _items.Length)
                {
                    _window.Release();
                    return;
                }

                var group = _free.TryTake(out var reused) ? reused : new DecodedRowGroup(_plan.Decode.Length);
                try
                {
                    await DecodeAsync(group, index, readers).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // Kept for the loader, which throws it when it reaches this group (the first error in table order wins).
                    group.Error = ExceptionDispatchInfo.Capture(ex);
                }

                _slots[index].SetResult(group);
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                if (reader is not null)
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private async Task DecodeAsync(DecodedRowGroup group, int index, ParquetReader?[] readers)
    {
        var token = _stop.Token;
        var (p, g) = _items[index];
        var (part, bindings, _) = _parts[p];
        var reader = readers[p] ??= await TableFiles.OpenAsync(part, token).ConfigureAwait(false);
        using var rowGroup = TableLoader.OpenRowGroup(reader, g, part);
        group.Reset(part, bindings, checked((int)rowGroup.RowCount));
        if (_plan.Outside(rowGroup, bindings))
        {
            group.Outside = true;
            return;
        }

        // Keys first: when they show that no row can be kept, the other columns are not decoded at all.
        foreach (var c in _plan.Keys)
        {
            await DecodeColumnAsync(group, rowGroup, c, token).ConfigureAwait(false);
        }

        if (!group.HasErrors && !_plan.MayKeep(group))
        {
            group.Unwanted = true;
            return;
        }

        for (var c = 0; c < _plan.Decode.Length; c++)
        {
            if (_plan.Decode[c] && !_plan.Keys.Contains(c))
            {
                await DecodeColumnAsync(group, rowGroup, c, token).ConfigureAwait(false);
            }
        }
    }

    private static async Task DecodeColumnAsync(DecodedRowGroup group, ParquetRowGroupReader rowGroup, int column, CancellationToken cancellationToken)
    {
        if (group.Bindings[column] is not { } binding)
        {
            return;
        }

        var buffer = group.Buffers[column] ??= new ColumnBuffer();
        try
        {
            await buffer.ReadAsync(rowGroup, binding, group.Count, group.Part, cancellationToken).ConfigureAwait(false);
            group.Decoded[column] = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            group.Errors[column] = ExceptionDispatchInfo.Capture(ex);
        }
    }
}

/// <summary>What a <see cref="RowGroupDecoder"/> decodes of each row group.</summary>
/// <param name="Decode">Per contract column, whether to decode it (where the part has it).</param>
/// <param name="Keys">The key columns, decoded first, in this order.</param>
/// <param name="Outside">Whether a row group's statistics rule it out (nothing is decoded); called on a worker.</param>
/// <param name="MayKeep">
/// Given a group's decoded keys, whether any row may be kept; when not, the other columns are not decoded. Called on a
/// worker, concurrently: it must only read state that is fixed during the load.
/// </param>
internal sealed record DecodePlan(bool[] Decode, int[] Keys, Func<ParquetRowGroupReader, ColumnBinding?[], bool> Outside, Func<DecodedRowGroup, bool> MayKeep);

/// <summary>One row group's decoded columns (see <see cref="RowGroupDecoder"/>); the buffers are reused for later groups.</summary>
internal sealed class DecodedRowGroup(int columns)
{
    /// <summary>The file.</summary>
    public TablePart Part { get; private set; } = null!;

    /// <summary>The file's bindings of the contract's columns.</summary>
    public ColumnBinding?[] Bindings { get; private set; } = [];

    /// <summary>The row group's row count.</summary>
    public int Count { get; private set; }

    /// <summary>Whether the statistics ruled the group out: nothing was decoded.</summary>
    public bool Outside { get; set; }

    /// <summary>Whether the keys showed that no row can be kept: only the keys were decoded.</summary>
    public bool Unwanted { get; set; }

    /// <summary>An error that stopped the whole group (opening it), thrown when the loader reaches it.</summary>
    public ExceptionDispatchInfo? Error { get; set; }

    /// <summary>Per contract column, its decoded values (null when not decoded).</summary>
    public ColumnBuffer?[] Buffers { get; } = new ColumnBuffer?[columns];

    /// <summary>Per contract column, whether it was decoded for this group (a buffer may hold an earlier group's values).</summary>
    public bool[] Decoded { get; } = new bool[columns];

    /// <summary>Per contract column, the error met decoding it.</summary>
    public ExceptionDispatchInfo?[] Errors { get; } = new ExceptionDispatchInfo?[columns];

    /// <summary>Whether decoding some column failed.</summary>
    public bool HasErrors => Array.Exists(Errors, e => e is not null);

    /// <summary>A decoded column's values; throws the error met decoding it, if any.</summary>
    /// <param name="column">The contract column.</param>
    /// <returns>The buffer, valid up to <see cref="Count"/>.</returns>
    public ColumnBuffer Column(int column)
    {
        Errors[column]?.Throw();
        return Decoded[column] ? Buffers[column]! : throw new InvalidOperationException($"Column {column} was not decoded.");
    }

    /// <summary>Clears the state of the previous group.</summary>
    /// <param name="part">The file.</param>
    /// <param name="bindings">The file's bindings.</param>
    /// <param name="count">The group's row count.</param>
    public void Reset(TablePart part, ColumnBinding?[] bindings, int count)
    {
        Part = part;
        Bindings = bindings;
        Count = count;
        Outside = false;
        Unwanted = false;
        Error = null;
        Array.Clear(Errors);
        Array.Clear(Decoded);
    }
}
