using FollowerAudit.Core.Model;
using Parquet.Schema;

namespace FollowerAudit.IO.Reading;

/// <summary>The physical value type of a file column, as Parquet.Net reads it.</summary>
internal enum SourceType
{
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    Float,
    Double,
    Boolean,
    Text,
    Timestamp,
}

/// <summary>A contract column found in one file: the file's field and how to read it.</summary>
/// <param name="Field">The file's field.</param>
/// <param name="Source">Its physical value type.</param>
internal sealed record ColumnBinding(DataField Field, SourceType Source)
{
    /// <summary>
    /// Resolves every column of <paramref name="table"/> in a file's schema: exact name first, else ignoring case.
    /// </summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="schema">The file's schema.</param>
    /// <param name="table">The table contract.</param>
    /// <returns>One binding per contract column, <see langword="null"/> where an optional column is absent.</returns>
    /// <exception cref="InputDataException">A required column is absent or a column has an impossible type.</exception>
    public static ColumnBinding?[] BindAll(string path, ParquetSchema schema, TableContract table)
    {
        var bindings = new ColumnBinding?[table.Columns.Length];
        for (var i = 0; i < bindings.Length; i++)
        {
            var column = table.Columns[i];
            var field = schema.Fields.FirstOrDefault(f => string.Equals(f.Name, column.Name, StringComparison.Ordinal))
                ?? schema.Fields.FirstOrDefault(f => string.Equals(f.Name, column.Name, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                if (column.Required)
                {
                    throw InputDataException.MissingColumn(path, column.Name, schema.Fields.Select(f => f.Name));
                }

                continue;
            }

            bindings[i] = Bind(path, field, column);
        }

        return bindings;
    }

    private static ColumnBinding Bind(string path, Field field, ColumnContract column)
    {
        if (field is not DataField data)
        {
            throw InputDataException.WrongType(path, column.Name, Expected(column.Type), field.SchemaType.ToString().ToLowerInvariant());
        }

        var source = Classify(data.ClrType);
        if (data.IsArray || source is not { } s || !Accepts(column.Type, s))
        {
            var found = source is { } known ? SourceName(known) : data.ClrType.Name;
            throw InputDataException.WrongType(path, column.Name, Expected(column.Type), data.IsArray ? "list of " + found : found);
        }

        return new ColumnBinding(data, s);
    }

    private static SourceType? Classify(Type clrType) =>
        clrType == typeof(long) ? SourceType.Int64
        : clrType == typeof(int) ? SourceType.Int32
        : clrType == typeof(short) ? SourceType.Int16
        : clrType == typeof(sbyte) ? SourceType.Int8
        : clrType == typeof(byte) ? SourceType.UInt8
        : clrType == typeof(ushort) ? SourceType.UInt16
        : clrType == typeof(uint) ? SourceType.UInt32
        : clrType == typeof(float) ? SourceType.Float
        : clrType == typeof(double) ? SourceType.Double
        : clrType == typeof(bool) ? SourceType.Boolean
        : clrType == typeof(string) || clrType == typeof(ReadOnlyMemory<char>) ? SourceType.Text
        : clrType == typeof(DateTime) ? SourceType.Timestamp
        : null;

    private static bool IsInteger(SourceType source) => source <= SourceType.Int64;

    private static bool Accepts(ColumnType type, SourceType source) => type switch
    {
        ColumnType.Id or ColumnType.Count or ColumnType.SmallCount => IsInteger(source),
        ColumnType.Fraction => source is SourceType.Double or SourceType.Float,
        ColumnType.Boolean => source is SourceType.Boolean,
        ColumnType.Text or ColumnType.EngagementKind => source is SourceType.Text,
        ColumnType.Timestamp => source is SourceType.Timestamp,
        ColumnType.Label => source is SourceType.Text or SourceType.Boolean || IsInteger(source),
        _ => false,
    };

    private static string Expected(ColumnType type) => type switch
    {
        ColumnType.Id or ColumnType.Count or ColumnType.SmallCount => "an integer (int64, int32, int16 or int8)",
        ColumnType.Fraction => "double or float",
        ColumnType.Boolean => "boolean",
        ColumnType.Text or ColumnType.EngagementKind => "string",
        ColumnType.Timestamp => "timestamp (TIMESTAMP millis/micros/nanos, INT96 or DATE)",
        ColumnType.Label => "string (genuine/fake), boolean or integer",
        _ => type.ToString(),
    };

    private static string SourceName(SourceType source) => source switch
    {
        SourceType.Text => "string",
        SourceType.Timestamp => "timestamp",
        _ => source.ToString().ToLowerInvariant(),
    };
}
