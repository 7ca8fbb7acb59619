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
