using FollowerAudit.Core.Model;

namespace FollowerAudit.IO.Reading;

/// <summary>
/// The destination array of one non-key column: allocated once for the table's total row count, filled row group
/// by row group with the kept rows (cell-level checks applied), trimmed to the kept count at the end.
/// </summary>
internal abstract class ColumnSink
{
    protected ColumnSink(ColumnContract column, ReadContext context)
    {
        Column = column;
        Context = context;
    }

    public ColumnContract Column { get; }

    protected ReadContext Context { get; }

    /// <summary>Creates the sink for a column type.</summary>
    /// <param name="column">The column.</param>
    /// <param name="context">The read.</param>
    /// <param name="capacity">Rows the table can keep (ignored when <paramref name="discards"/>).</param>
    /// <param name="discards">Check the values, then drop them (<see cref="Discards"/>).</param>
    /// <returns>The sink.</returns>
    public static ColumnSink Create(ColumnContract column, ReadContext context, int capacity, bool discards = false)
    {
        capacity = discards ? 0 : capacity;
        return column.Type switch
        {
            ColumnType.Count => new CountSink(column, context, capacity) { Discards = discards },
            ColumnType.SmallCount => new SmallCountSink(column, context, capacity) { Discards = discards },
            ColumnType.Fraction => new FractionSink(column, context, capacity) { Discards = discards },
            ColumnType.Boolean => new BooleanSink(column, context, capacity) { Discards = discards },
            ColumnType.Text => new TextSink(column, context, capacity) { Discards = discards },
            ColumnType.Timestamp => new TimestampSink(column, context, capacity) { Discards = discards },
            ColumnType.Label => new LabelSink(column, context, capacity) { Discards = discards },
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "Key columns have no sink."),
        };
    }

    /// <summary>
    /// Whether the column's values are checked and then dropped: its cell-level rejections are recorded as in a full
    /// read, but no array of the table's length is kept (<see cref="Reserve"/> sizes a scratch array per row group).
    /// </summary>
    public bool Discards { get; init; }

    /// <summary>Whether cells of this type can be rejected, so a read that drops the column must still check it.</summary>
    /// <param name="type">The column's type.</param>
    /// <returns><see langword="false"/> for text and booleans, which are kept as they are.</returns>
    public static bool HasChecks(ColumnType type) => type is not (ColumnType.Text or ColumnType.Boolean);

    /// <summary>For a discarding sink, makes room for one row group of <paramref name="count"/> rows.</summary>
    /// <param name="count">Rows in the row group.</param>
    public abstract void Reserve(int count);

    /// <summary>Copies the kept rows of a row group from <paramref name="buffer"/>.</summary>
    public abstract void Append(ColumnBuffer buffer, SourceType source, RowBatch batch);

    /// <summary>Shortens the array to the number of kept rows.</summary>
    public abstract void Trim(int length);
}

/// <summary>A sink holding a <typeparamref name="T"/>[] array.</summary>
internal abstract class ColumnSink<T> : ColumnSink
{
    protected ColumnSink(ColumnContract column, ReadContext context, int capacity)
        : base(column, context)
    {
        Values = new T[capacity];
    }

    public T[] Values { get; private set; }

    public override void Reserve(int count)
    {
        if (Values.Length < count)
        {
            Values = new T[count];
        }
    }

    public override void Trim(int length)
    {
        if (Discards)
        {
            Values = [];
        }
        else if (Values.Length != length)
        {
            Values = Values[..length];
        }
    }

    /// <summary>
    /// The first <paramref name="count"/> values, copied out, with their slots cleared: a chunked read reuses the array
    /// for the next row group, where a part without this column must find the slots empty.
    /// </summary>
    public T[] TakeFirst(int count)
    {
        var taken = Values[..count];
        Array.Clear(Values, 0, count);
        return taken;
    }

    /// <summary>Appends the kept rows of a column that needs no per-cell check.</summary>
    protected void AppendKept(T[] input, RowBatch batch)
    {
        var values = Values;
        var k = batch.Cursor;
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch.Keep[i])
            {
                values[k++] = input[i];
            }
        }
    }
}

internal sealed class CountSink(ColumnContract column, ReadContext context, int capacity)
    : ColumnSink<long?>(column, context, capacity)
{
    public override void Append(ColumnBuffer buffer, SourceType source, RowBatch batch)
    {
        var values = Values;
        var input = buffer.Integers;
        var k = batch.Cursor;
        for (var i = 0; i < batch.Count; i++)
        {
            if (!batch.Keep[i])
            {
                continue;
            }

            var v = input[i];
            if (v < 0)
            {
                Context.Reject(batch, i, Column.Name, RejectionReasons.NegativeCount, $"{ReadContext.Format(v.Value)} is negative; cell set to null");
                v = null;
            }

            values[k++] = v;
        }
    }
}

internal sealed class SmallCountSink(ColumnContract column, ReadContext context, int capacity)
    : ColumnSink<int?>(column, context, capacity)
{
    public override void Append(ColumnBuffer buffer, SourceType source, RowBatch batch)
    {
        var values = Values;
        var input = buffer.Integers;
        var k = batch.Cursor;
        for (var i = 0; i < batch.Count; i++)
        {
            if (!batch.Keep[i])
            {
                continue;
            }

            int? cell = null;
            if (input[i] is { } v)
            {
                if (v < 0)
                {
                    Context.Reject(batch, i, Column.Name, RejectionReasons.NegativeCount, $"{ReadContext.Format(v)} is negative; cell set to null");
                }
                else if (v > int.MaxValue)
                {
                    Context.Reject(batch, i, Column.Name, RejectionReasons.InvalidValue, $"{ReadContext.Format(v)} does not fit int32; cell set to null");
                }
                else
                {
                    cell = (int)v;
                }
            }

            values[k++] = cell;
        }
    }
}

internal sealed class FractionSink(ColumnContract column, ReadContext context, int capacity)
    : ColumnSink<double?>(column, context, capacity)
{
    public override void Append(ColumnBuffer buffer, SourceType source, RowBatch batch)
    {
        var values = Values;
        var input = buffer.Reals;
        var k = batch.Cursor;
        for (var i = 0; i < batch.Count; i++)
        {
            if (!batch.Keep[i])
            {
                continue;
            }

            var v = input[i];
            if (v is { } d && !(d >= 0 && d <= 1))
            {
                Context.Reject(batch, i, Column.Name, RejectionReasons.InvalidValue, $"{d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} is not in [0, 1]; cell set to null");
                v = null;
            }

            values[k++] = v;
        }
    }
}

internal sealed class BooleanSink(ColumnContract column, ReadContext context, int capacity)
    : ColumnSink<bool?>(column, context, capacity)
{
    public override void Append(ColumnBuffer buffer, SourceType source, RowBatch batch) => AppendKept(buffer.Booleans, batch);
}

internal sealed class TextSink(ColumnContract column, ReadContext context, int capacity)
    : ColumnSink<string?>(column, context, capacity)
{
    public override void Append(ColumnBuffer buffer, SourceType source, RowBatch batch) => AppendKept(buffer.Texts, batch);
}

/// <summary>A text column kept only where <c>keep(row, value)</c> says so (row: the destination row); null elsewhere.</summary>
internal sealed class FilteredTextSink(ColumnContract column, ReadContext context, int capacity, Func<int, string?, bool> keep)
    : ColumnSink<string?>(column, context, capacity)
{
    public override void Append(ColumnBuffer buffer, SourceType source, RowBatch batch)
    {
        AppendKept(buffer.Texts, batch);
        var values = Values;
        var end = batch.Cursor + batch.Keep.AsSpan(0, batch.Count).Count(true);
        for (var k = batch.Cursor; k < end; k++)
        {
            if (!keep(k, values[k]))
            {
                values[k] = null;
            }
        }
    }
}

internal sealed class TimestampSink(ColumnContract column, ReadContext context, int capacity)
    : ColumnSink<DateTime?>(column, context, capacity)
{
    public override void Append(ColumnBuffer buffer, SourceType source, RowBatch batch)
    {
        var values = Values;
        var input = buffer.Times;
        var k = batch.Cursor;
        for (var i = 0; i < batch.Count; i++)
        {
            if (!batch.Keep[i])
            {
                continue;
            }

            var v = input[i];
            if (buffer.TimeOutOfRange is { } outOfRange && outOfRange[i])
            {
                Context.Reject(batch, i, Column.Name, RejectionReasons.InvalidValue, "the stored value is outside the range of dates (years 1 to 9999); cell set to null");
            }
            else if (v is { } t && Context.TimestampProblem(t, out var detail) is { } reason)
            {
                Context.Reject(batch, i, Column.Name, reason, detail + "; cell set to null");
                v = null;
            }

            values[k++] = v;
        }
    }
}

internal sealed class LabelSink(ColumnContract column, ReadContext context, int capacity)
    : ColumnSink<AccountLabel>(column, context, capacity)
{
    public override void Append(ColumnBuffer buffer, SourceType source, RowBatch batch)
    {
        var values = Values;
        var k = batch.Cursor;
        for (var i = 0; i < batch.Count; i++)
        {
            if (!batch.Keep[i])
            {
                continue;
            }

            var label = source switch
            {
                SourceType.Text => FromText(buffer.Texts[i]),
                SourceType.Boolean => buffer.Booleans[i] switch
                {
                    true => AccountLabel.Fake,
                    false => AccountLabel.Genuine,
                    null => AccountLabel.Unknown,
                },
                _ => buffer.Integers[i] switch
                {
                    1 => AccountLabel.Fake,
                    0 => AccountLabel.Genuine,
                    null => AccountLabel.Unknown,
                    _ => (AccountLabel)byte.MaxValue,
                },
            };
            if (label is not (AccountLabel.Unknown or AccountLabel.Genuine or AccountLabel.Fake))
            {
                var shown = source == SourceType.Text ? "'" + buffer.Texts[i] + "'" : ReadContext.Format(buffer.Integers[i] ?? 0);
                Context.Reject(batch, i, Column.Name, RejectionReasons.InvalidValue, $"{shown} is not a label (genuine, fake, empty, 1 or 0); label set to unknown");
                label = AccountLabel.Unknown;
            }

            values[k++] = label;
        }
    }

    private static AccountLabel FromText(string? text)
    {
        var t = text.AsSpan().Trim();
        return t.IsEmpty ? AccountLabel.Unknown
            : t.Equals("fake", StringComparison.OrdinalIgnoreCase) ? AccountLabel.Fake
            : t.Equals("genuine", StringComparison.OrdinalIgnoreCase) ? AccountLabel.Genuine
            : (AccountLabel)byte.MaxValue;
    }
}
