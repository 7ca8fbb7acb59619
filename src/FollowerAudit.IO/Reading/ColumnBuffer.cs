using Parquet;
using Parquet.Schema;

namespace FollowerAudit.IO.Reading;

/// <summary>
/// Scratch space for one column of one row group, reused across row groups. After <see cref="ReadAsync"/> the
/// values are in exactly one normalised array: integers of any width in <see cref="Integers"/>, float/double in
/// <see cref="Reals"/>, and so on. Arrays grow to the largest row group and are never shrunk.
/// </summary>
internal sealed class ColumnBuffer
{
    private int?[] _int32 = [];
    private short?[] _int16 = [];
    private sbyte?[] _int8 = [];
    private byte?[] _uint8 = [];
    private ushort?[] _uint16 = [];
    private uint?[] _uint32 = [];
    private float?[] _float = [];
    private readonly Dictionary<Type, Array> _plain = [];

    /// <summary>Integer values (any source width), valid up to the last read count.</summary>
    public long?[] Integers { get; private set; } = [];

    /// <summary>Float and double values.</summary>
    public double?[] Reals { get; private set; } = [];

    /// <summary>Boolean values.</summary>
    public bool?[] Booleans { get; private set; } = [];

    /// <summary>String values; <see langword="null"/> entries are null cells.</summary>
    public string?[] Texts { get; private set; } = [];

    /// <summary>Timestamp values, always with <see cref="DateTimeKind.Utc"/>.</summary>
    public DateTime?[] Times { get; private set; } = [];

    /// <summary>Reads <paramref name="count"/> values of a column chunk; Parquet/IO errors become InputDataException.</summary>
    /// <param name="rowGroup">The row group.</param>
    /// <param name="binding">The column in this file.</param>
    /// <param name="count">The row group's row count.</param>
    /// <param name="part">The file, for messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task.</returns>
    public async ValueTask ReadAsync(ParquetRowGroupReader rowGroup, ColumnBinding binding, int count, TablePart part, CancellationToken cancellationToken)
    {
        try
        {
            await ReadCoreAsync(rowGroup, binding, count, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (TableFiles.IsDataError(ex))
        {
            throw Core.Model.InputDataException.NotReadable(part.FullPath, ex);
        }
    }

    private static T[] Grow<T>(T[] array, int count) => array.Length >= count ? array : new T[count];

    private async ValueTask ReadCoreAsync(ParquetRowGroupReader rowGroup, ColumnBinding binding, int count, CancellationToken cancellationToken)
    {
        var field = binding.Field;
        switch (binding.Source)
        {
            case SourceType.Int64:
                Integers = Grow(Integers, count);
                await ReadValuesAsync(rowGroup, field, Integers, count, cancellationToken).ConfigureAwait(false);
                break;
            case SourceType.Int32:
                _int32 = Grow(_int32, count);
                await ReadValuesAsync(rowGroup, field, _int32, count, cancellationToken).ConfigureAwait(false);
                Widen(_int32, count);
                break;
            case SourceType.Int16:
                _int16 = Grow(_int16, count);
                await ReadValuesAsync(rowGroup, field, _int16, count, cancellationToken).ConfigureAwait(false);
                Widen(_int16, count);
                break;
            case SourceType.Int8:
                _int8 = Grow(_int8, count);
                await ReadValuesAsync(rowGroup, field, _int8, count, cancellationToken).ConfigureAwait(false);
                Widen(_int8, count);
                break;
            case SourceType.UInt8:
                _uint8 = Grow(_uint8, count);
                await ReadValuesAsync(rowGroup, field, _uint8, count, cancellationToken).ConfigureAwait(false);
                Widen(_uint8, count);
                break;
            case SourceType.UInt16:
                _uint16 = Grow(_uint16, count);
                await ReadValuesAsync(rowGroup, field, _uint16, count, cancellationToken).ConfigureAwait(false);
                Widen(_uint16, count);
                break;
            case SourceType.UInt32:
                _uint32 = Grow(_uint32, count);
                await ReadValuesAsync(rowGroup, field, _uint32, count, cancellationToken).ConfigureAwait(false);
                Widen(_uint32, count);
                break;
            case SourceType.Double:
                Reals = Grow(Reals, count);
                await ReadValuesAsync(rowGroup, field, Reals, count, cancellationToken).ConfigureAwait(false);
                break;
            case SourceType.Float:
                _float = Grow(_float, count);
                await ReadValuesAsync(rowGroup, field, _float, count, cancellationToken).ConfigureAwait(false);
                Reals = Grow(Reals, count);
                for (var i = 0; i < count; i++)
                {
                    Reals[i] = _float[i];
                }

                break;
            case SourceType.Boolean:
                Booleans = Grow(Booleans, count);
                await ReadValuesAsync(rowGroup, field, Booleans, count, cancellationToken).ConfigureAwait(false);
                break;
            case SourceType.Text:
                Texts = Grow(Texts, count);
                await rowGroup.ReadAsync(field, Texts.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
                break;
            case SourceType.Timestamp:
                Times = Grow(Times, count);
                await ReadValuesAsync(rowGroup, field, Times, count, cancellationToken).ConfigureAwait(false);

                // INT96 reads as Unspecified and non-UTC-adjusted timestamps as Local, both without shifting the
                // clock value: the contract says all timestamps are UTC, so only the kind is corrected.
                for (var i = 0; i < count; i++)
                {
                    if (Times[i] is { } t && t.Kind != DateTimeKind.Utc)
                    {
                        Times[i] = DateTime.SpecifyKind(t, DateTimeKind.Utc);
                    }
                }

                break;
            default:
                throw new InvalidOperationException($"Unhandled source type {binding.Source}.");
        }
    }

    private async ValueTask ReadValuesAsync<T>(ParquetRowGroupReader rowGroup, DataField field, T?[] target, int count, CancellationToken cancellationToken)
        where T : struct
    {
        if (field.IsNullable)
        {
            await rowGroup.ReadAsync<T>(field, target.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A required (non-nullable) column is read as plain values and lifted here. Parquet.Net 6.1.0 reads it into a
        // nullable buffer through pooled, uninitialised definition levels, so leftover negative ints in the shared
        // ArrayPool turn into spurious nulls (seen on the first load of a 1M-row file; see the PooledBuffers test).
        if (!_plain.TryGetValue(typeof(T), out var scratch) || scratch.Length < count)
        {
            _plain[typeof(T)] = scratch = new T[count];
        }

        var plain = (T[])scratch;
        await rowGroup.ReadAsync<T>(field, plain.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            target[i] = plain[i];
        }
    }

    private void Widen<T>(T?[] source, int count)
        where T : struct, System.Numerics.IBinaryInteger<T>
    {
        Integers = Grow(Integers, count);
        for (var i = 0; i < count; i++)
        {
            Integers[i] = source[i] is { } v ? long.CreateTruncating(v) : null;
        }
    }
}
