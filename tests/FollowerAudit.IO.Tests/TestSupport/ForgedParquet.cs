namespace FollowerAudit.IO.Tests.TestSupport;

/// <summary>
/// Rewrites the Thrift footer of a Parquet file to forge its row counts, as an attacker or a broken writer would:
/// every i64 field holding <c>from</c> right after its predecessor (row group <c>num_rows</c>, file <c>num_rows</c>,
/// column <c>num_values</c>) is replaced by <c>to</c>. The data pages are left as they are, so the footer lies.
/// </summary>
internal static class ForgedParquet
{
    /// <param name="path">The file.</param>
    /// <param name="from">The true count.</param>
    /// <param name="to">The forged count.</param>
    /// <param name="rowCountsOnly">Forge only the file's and the row group's num_rows (the first and last match), not the columns' num_values.</param>
    public static void RewriteCounts(string path, long from, long to, bool rowCountsOnly = false)
    {
        var bytes = File.ReadAllBytes(path);
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        var footerStart = bytes.Length - 8 - footerLength;
        var footer = bytes.AsSpan(footerStart, footerLength).ToArray();

        // Compact protocol: field header 0x16 = "next field id + 1, type i64", then a zigzag varint.
        byte[] pattern = [0x16, .. Varint(ZigZag(from))];
        byte[] replacement = [0x16, .. Varint(ZigZag(to))];
        var matches = 0;
        for (var i = 0; i < footer.Length; i++)
        {
            matches += footer.AsSpan(i).StartsWith(pattern) ? 1 : 0;
        }

        var patched = new List<byte>(footer.Length + 64);
        var replaced = 0;
        var seen = 0;
        for (var i = 0; i < footer.Length;)
        {
            if (footer.AsSpan(i).StartsWith(pattern) && (!rowCountsOnly || seen++ is var n && (n == 0 || n == matches - 1)))
            {
                patched.AddRange(replacement);
                i += pattern.Length;
                replaced++;
            }
            else
            {
                patched.Add(footer[i++]);
            }
        }

        if (replaced == 0)
        {
            throw new InvalidOperationException($"No count {from} found in the footer of {path}.");
        }

        using var output = new MemoryStream();
        output.Write(bytes, 0, footerStart);
        output.Write([.. patched]);
        output.Write(BitConverter.GetBytes(patched.Count));
        output.Write("PAR1"u8);
        File.WriteAllBytes(path, output.ToArray());
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static byte[] Varint(ulong value)
    {
        var result = new List<byte>();
        while (value >= 0x80)
        {
            result.Add((byte)(value | 0x80));
            value >>= 7;
        }

        result.Add((byte)value);
        return [.. result];
    }
}

/// <summary>Timestamp cells no DateTime can hold, written by patching the stored integers of an uncompressed file.</summary>
internal static class ForgedTimestamps
{
    private static readonly DateTime Marker = new(2016, 2, 29, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>An accounts table of ids 1..3 whose created_at of id 2 is the raw integer <paramref name="raw"/> in <paramref name="format"/>.</summary>
    public static async Task WriteAccountsAsync(string path, string format, long raw)
    {
        var field = format switch
        {
            "date" => new Parquet.Schema.DateTimeDataField("created_at", Parquet.Schema.DateTimeFormat.Date, isNullable: true),
            "micros" => new Parquet.Schema.DateTimeDataField("created_at", Parquet.Schema.DateTimeFormat.Timestamp, true, Parquet.Schema.DateTimeTimeUnit.Micros, isNullable: true),
            _ => new Parquet.Schema.DateTimeDataField("created_at", Parquet.Schema.DateTimeFormat.Timestamp, true, Parquet.Schema.DateTimeTimeUnit.Millis, isNullable: true),
        };
        var ids = new Parquet.Schema.DataField<long>("account_id");
        var schema = new Parquet.Schema.ParquetSchema(ids, field);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var stream = File.Create(path))
        {
            await using var writer = await Parquet.ParquetWriter.CreateAsync(schema, stream, new Parquet.ParquetOptions { CompressionMethod = Parquet.CompressionMethod.None, DictionaryEncodingThreshold = 1.0 });
            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync<long>(ids, new long[] { 1, 2, 3 });
            DateTime?[] times = [new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc), Marker, new DateTime(2017, 1, 1, 0, 0, 0, DateTimeKind.Utc)];
            await rowGroup.WriteAsync<DateTime>(field, (ReadOnlyMemory<DateTime?>)times);
        }

        var since = Marker - DateTime.UnixEpoch;
        byte[] find = format switch
        {
            "date" => BitConverter.GetBytes((int)since.TotalDays),
            "micros" => BitConverter.GetBytes((long)since.TotalMicroseconds),
            _ => BitConverter.GetBytes((long)since.TotalMilliseconds),
        };
        byte[] replace = format == "date" ? BitConverter.GetBytes((int)raw) : BitConverter.GetBytes(raw);
        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan().IndexOf(find);
        if (at < 0)
        {
            throw new InvalidOperationException("marker value not found");
        }

        replace.CopyTo(bytes, at);

        // The column statistics (min/max) may hold the marker too; patch them as well, as a forger would.
        for (var next = bytes.AsSpan(at + find.Length).IndexOf(find); next >= 0; next = bytes.AsSpan(at + find.Length).IndexOf(find))
        {
            at += find.Length + next;
            replace.CopyTo(bytes, at);
        }

        File.WriteAllBytes(path, bytes);
    }
}
