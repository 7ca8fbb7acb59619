using Parquet;
using Parquet.Schema;

namespace FollowerAudit.IO.Tests.TestSupport;

/// <summary>
/// Writes Parquet files column by column with any physical type, to craft inputs other tools produce (int32 ids,
/// INT96 timestamps, string ids, extra columns, nulls in required ids) that <see cref="DatasetWriter"/> never writes.
/// </summary>
internal static class RawParquet
{
    public sealed record Column(DataField Field, Func<ParquetRowGroupWriter, int, int, Task> Write, int Length);

    public static Column Int64(string name, params long?[] values) => Nullable(new DataField<long?>(name), values);

    public static Column RequiredInt64(string name, params long[] values)
    {
        var field = new DataField<long>(name);
        return new Column(field, (rg, start, count) => rg.WriteAsync<long>(field, values.AsMemory(start, count)), values.Length);
    }

    public static Column Int32(string name, params int?[] values) => Nullable(new DataField<int?>(name), values);

    public static Column Int16(string name, params short?[] values) => Nullable(new DataField<short?>(name), values);

    public static Column Int8(string name, params sbyte?[] values) => Nullable(new DataField<sbyte?>(name), values);

    public static Column Double(string name, params double?[] values) => Nullable(new DataField<double?>(name), values);

    public static Column Float(string name, params float?[] values) => Nullable(new DataField<float?>(name), values);

    public static Column Bool(string name, params bool?[] values) => Nullable(new DataField<bool?>(name), values);

    /// <summary>A plain DateTime field: Parquet.Net writes it as legacy INT96.</summary>
    public static Column Int96(string name, params DateTime?[] values) => Nullable(new DataField<DateTime?>(name), values);

    public static Column Timestamp(string name, DateTimeTimeUnit unit, bool adjustedToUtc, params DateTime?[] values) =>
        Nullable(new DateTimeDataField(name, DateTimeFormat.Timestamp, adjustedToUtc, unit, isNullable: true), values);

    public static Column Timestamp(string name, params DateTime?[] values) => Timestamp(name, DateTimeTimeUnit.Millis, true, values);

    public static Column Text(string name, params string?[] values)
    {
        var field = new DataField<string>(name, true);
        return new Column(field, (rg, start, count) => rg.WriteAsync(field, new ArraySegment<string?>(values, start, count), null), values.Length);
    }

    /// <summary>Writes one file; <paramref name="rowGroupRows"/> splits it into several row groups.</summary>
    public static async Task WriteAsync(string path, int rowGroupRows, params Column[] columns)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var rows = columns[0].Length;
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        for (var start = 0; start < rows; start += rowGroupRows)
        {
            using var rowGroup = writer.CreateRowGroup();
            foreach (var column in columns)
            {
                await column.Write(rowGroup, start, Math.Min(rowGroupRows, rows - start));
            }
        }
    }

    public static Task WriteAsync(string path, params Column[] columns) => WriteAsync(path, int.MaxValue, columns);

    private static Column Nullable<T>(DataField field, T?[] values)
        where T : struct =>
        new(field, (rg, start, count) => rg.WriteAsync<T>(field, (ReadOnlyMemory<T?>)values.AsMemory(start, count)), values.Length);
}
