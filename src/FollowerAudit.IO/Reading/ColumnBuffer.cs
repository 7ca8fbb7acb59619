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
    private int[] _levels = [];
    private bool[] _outOfRange = [];

    // A string instance no read can return (compared by reference).
    private static readonly string Unwritten = new('\u0000', 1);

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

    /// <summary>
    /// After a timestamp read that met cells outside DateTime's range: per row, whether its stored value was out of
    /// range (its <see cref="Times"/> entry is then null); <see langword="null"/> when every cell was in range.
    /// </summary>
    public bool[]? TimeOutOfRange { get; private set; }

    /// <summary>
    /// Lets go of the strings of the last read (its first <paramref name="count"/> cells), so a buffer kept for reuse
    /// does not keep a row group's text alive after it was copied.
    /// </summary>
    /// <param name="count">The last read's row count.</param>
    public void ReleaseTexts(int count) => Array.Clear(Texts, 0, Math.Min(count, Texts.Length));

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

                // The last cell keeps this very instance only if the pages held fewer values than the footer claims.
                Texts[count - 1] = Unwritten;
                await rowGroup.ReadAsync(field, Texts.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
                if (ReferenceEquals(Texts[count - 1], Unwritten))
                {
                    throw ShortColumn(field, count);
                }

                break;
            case SourceType.Timestamp:
                Times = Grow(Times, count);
                TimeOutOfRange = null;
                try
                {
                    await ReadValuesAsync(rowGroup, field, Times, count, cancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentOutOfRangeException) when (field is DateTimeDataField { DateTimeFormat: DateTimeFormat.Date or DateTimeFormat.Timestamp } timestamp)
                {
                    // One cell outside DateTime's range (int64-max milliseconds, DATE int32-max) makes Parquet.Net fail
                    // the whole column; the contract rejects bad timestamps per cell, so the stored integers are read
                    // and converted here.
                    await ReadRawTimestampsAsync(rowGroup, timestamp, count, cancellationToken).ConfigureAwait(false);
                }

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
            await ReadNullableAsync(rowGroup, field, target, count, cancellationToken).ConfigureAwait(false);
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
        var (first, second) = Sentinels<T>();
        await ReadCheckedAsync(plain, count, (first!.Value, second!.Value), buffer => rowGroup.ReadAsync<T>(field, buffer.AsMemory(0, count), null, cancellationToken), field).ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            target[i] = plain[i];
        }
    }

    private async ValueTask ReadRawTimestampsAsync(ParquetRowGroupReader rowGroup, DateTimeDataField field, int count, CancellationToken cancellationToken)
    {
        var outOfRange = _outOfRange = Grow(_outOfRange, count);
        Array.Clear(outOfRange, 0, count);
        if (field.DateTimeFormat == DateTimeFormat.Date)
        {
            _int32 = Grow(_int32, count);
            await ReadValuesAsync(rowGroup, Attached(new DataField<int>(field.Name, field.IsNullable)), _int32, count, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                Times[i] = _int32[i] is { } days ? FromUnix(days, TimeSpan.TicksPerDay, out outOfRange[i]) : null;
            }
        }
        else
        {
            var perUnit = field.Unit switch
            {
                DateTimeTimeUnit.Micros => TimeSpan.TicksPerMicrosecond,
                DateTimeTimeUnit.Nanos => 0,
                _ => TimeSpan.TicksPerMillisecond,
            };
            Integers = Grow(Integers, count);
            await ReadValuesAsync(rowGroup, Attached(new DataField<long>(field.Name, field.IsNullable)), Integers, count, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                Times[i] = Integers[i] is not { } raw ? null
                    : perUnit == 0 ? DateTime.UnixEpoch.AddTicks(raw / 100)
                    : FromUnix(raw, perUnit, out outOfRange[i]);
            }
        }

        TimeOutOfRange = outOfRange;
    }

    // The same flat column read as its stored integers: a field attached to a one-column schema has the same path.
    private static DataField Attached(DataField field)
    {
        _ = new ParquetSchema(field);
        return field;
    }

    // Units since 1970 as a UTC DateTime, or null (and outOfRange) when no DateTime can hold it.
    private static DateTime? FromUnix(long units, long ticksPerUnit, out bool outOfRange)
    {
        var maxUnits = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / ticksPerUnit;
        var minUnits = -(DateTime.UnixEpoch.Ticks / ticksPerUnit);
        outOfRange = units > maxUnits || units < minUnits;
        return outOfRange ? null : DateTime.UnixEpoch.AddTicks(units * ticksPerUnit);
    }

    // A nullable column is read raw: the defined values packed, plus one definition level per row. Parquet.Net's
    // nullable read turns rows its pages do not hold into nulls, which would hide a footer that claims more rows than
    // the pages hold; here a definition level left at its sentinel shows it.
    private async ValueTask ReadNullableAsync<T>(ParquetRowGroupReader rowGroup, DataField field, T?[] target, int count, CancellationToken cancellationToken)
        where T : struct
    {
        if (!_plain.TryGetValue(typeof(T), out var scratch) || scratch.Length < count)
        {
            _plain[typeof(T)] = scratch = new T[count];
        }

        var plain = (T[])scratch;
        _levels = Grow(_levels, count);
        _levels.AsSpan(0, count).Fill(-1);
        await rowGroup.ReadRawAsync<T>(field, plain.AsMemory(0, count), _levels.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
        var k = 0;
        for (var i = 0; i < count; i++)
        {
            var level = _levels[i];
            if (level < 0)
            {
                throw ShortColumn(field, count);
            }

            target[i] = level > 0 ? plain[k++] : null;
        }
    }

    // A footer can claim more rows than its pages hold; Parquet.Net then leaves the rest of the buffer as it was, and
    // the table would get invented rows. The last cell is pre-set to a sentinel: if it still holds it after the read,
    // the read is repeated with a second sentinel (a real value cannot equal both), and a cell holding either is
    // unwritten: the file lies about its row count.
    private static async ValueTask ReadCheckedAsync<TCell>(TCell[] buffer, int count, (TCell First, TCell Second) sentinels, Func<TCell[], ValueTask> read, DataField field)
    {
        if (count == 0)
        {
            await read(buffer).ConfigureAwait(false);
            return;
        }

        var comparer = EqualityComparer<TCell>.Default;
        buffer[count - 1] = sentinels.First;
        await read(buffer).ConfigureAwait(false);
        if (!comparer.Equals(buffer[count - 1], sentinels.First))
        {
            return;
        }

        buffer[count - 1] = sentinels.Second;
        await read(buffer).ConfigureAwait(false);
        if (comparer.Equals(buffer[count - 1], sentinels.Second))
        {
            throw ShortColumn(field, count);
        }
    }

    private static (T? First, T? Second) Sentinels<T>()
        where T : struct
    {
        object pair = default(T) switch
        {
            long => ((long?)long.MinValue + 7, (long?)long.MinValue + 13),
            int => ((int?)int.MinValue + 7, (int?)int.MinValue + 13),
            short => ((short?)(short.MinValue + 7), (short?)(short.MinValue + 13)),
            sbyte => ((sbyte?)(sbyte.MinValue + 7), (sbyte?)(sbyte.MinValue + 13)),
            byte => ((byte?)251, (byte?)253),
            ushort => ((ushort?)65521, (ushort?)65531),
            uint => ((uint?)4294967291, (uint?)4294967279),
            float => ((float?)-3.25e38f, (float?)-3.125e38f),
            double => ((double?)-1.25e308, (double?)-1.125e308),
            bool => ((bool?)true, (bool?)false),
            DateTime => ((DateTime?)new DateTime(1, 1, 1, 0, 0, 7, DateTimeKind.Utc), (DateTime?)new DateTime(1, 1, 1, 0, 0, 13, DateTimeKind.Utc)),
            _ => throw new InvalidOperationException($"No sentinels for {typeof(T)}."),
        };
        return ((T?, T?))pair;
    }

    private static InvalidDataException ShortColumn(DataField field, int count) =>
        new($"column '{field.Name}' holds fewer values than the {count.ToString(System.Globalization.CultureInfo.InvariantCulture)} rows its footer claims; the file is corrupt or forged");

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
