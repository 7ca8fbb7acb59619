using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using FollowerAudit.Core.Model;
using Microsoft.Win32.SafeHandles;

namespace FollowerAudit.IO;

/// <summary>
/// Reads and writes plain-text edge lists as used by the FRAUDAR reference code: one edge per line, <c>row col</c>,
/// 0-based non-negative integers separated by spaces or tabs. Blank lines and lines starting with <c>#</c> are
/// skipped; columns after the second (e.g. a weight) are ignored.
/// </summary>
public static class EdgeListFile
{
    /// <summary>Files smaller than this are read by one thread.</summary>
    private const long ParallelThreshold = 4 << 20;

    /// <summary>Bytes read at a time by each range's reader.</summary>
    private const int BufferSize = 1 << 20;

    /// <summary>Reads an edge list.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The row and column of each edge, in file order.</returns>
    /// <exception cref="InputDataException">The file is missing, or a line is malformed (the message names the file and line).</exception>
    /// <remarks>
    /// Large files are cut into one byte range per core at line breaks and parsed in parallel, straight from UTF-8
    /// bytes; the ranges' edges are joined in file order. A line the byte parser does not handle plainly (anything but
    /// ASCII digits, spaces and tabs before the end of its second column) is decoded and read as text by the same rules
    /// as a small file, so both paths accept and reject exactly the same lines with the same messages.
    /// </remarks>
    public static (int[] Rows, int[] Cols) Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw InputDataException.Missing(path, "a plain-text edge list ('row col' per line)");
        }

        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        Span<byte> head = stackalloc byte[3];
        var headLength = RandomAccess.Read(handle, head, 0);
        if (headLength >= 2 && ((head[0] == 0xFE && head[1] == 0xFF) || (head[0] == 0xFF && head[1] == 0xFE)))
        {
            // A UTF-16/32 byte-order mark: let StreamReader decode it.
            return ReadText(path);
        }

        var start = headLength == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3L : 0L;
        var parts = length < ParallelThreshold ? 1 : Environment.ProcessorCount;
        var bounds = new long[parts + 1];
        bounds[0] = start;
        bounds[parts] = length;
        for (var p = 1; p < parts; p++)
        {
            bounds[p] = Math.Max(bounds[p - 1], NextLineStart(handle, start + ((length - start) * p / parts), length));
        }

        var ranges = new RangeResult[parts];
        Parallel.For(0, parts, p => ranges[p] = ParseRange(handle, bounds[p], bounds[p + 1]));
        var lineOffset = 0;
        foreach (var range in ranges)
        {
            if (range.BadLine is { } bad)
            {
                // Re-read the offending line as text: throws the same message a small file gives.
                ParseLineText(bad.Text, path, lineOffset + bad.Line, out _, out _);
            }

            lineOffset += range.Lines;
        }

        var total = ranges.Sum(r => r.Count);
        var rows = GC.AllocateUninitializedArray<int>(total);
        var cols = GC.AllocateUninitializedArray<int>(total);
        var at = 0;
        foreach (var range in ranges)
        {
            range.Rows.AsSpan(0, range.Count).CopyTo(rows.AsSpan(at));
            range.Cols.AsSpan(0, range.Count).CopyTo(cols.AsSpan(at));
            at += range.Count;
        }

        return (rows, cols);
    }

    /// <summary>
    /// Reads a prior-suspiciousness file as the FRAUDAR reference takes it: one non-negative number per line, line k for
    /// node k (0-based); a blank line is 0, and nodes past the end of the file get 0.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>One prior per line of the file (the caller picks the nodes it has).</returns>
    /// <exception cref="InputDataException">The file is missing or a line is not a non-negative number.</exception>
    public static double[] ReadPriors(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw InputDataException.Missing(path, "a priors file (one number per line)");
        }

        var priors = new List<double>();
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Trim();
            var value = 0.0;
            if (text.Length > 0 && (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || value < 0 || !double.IsFinite(value)))
            {
                throw new InputDataException($"{path}:{priors.Count + 1}: '{text}' is not a non-negative number. A priors file holds one number per line.");
            }

            priors.Add(value);
        }

        return [.. priors];
    }

    /// <summary>Writes an edge list (to a temporary file first, then moved into place).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="rows">Row of each edge.</param>
    /// <param name="cols">Column of each edge.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <exception cref="ArgumentException">The lists differ in length or hold a negative id.</exception>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is <see langword="false"/>.</exception>
    public static void Write(string path, IReadOnlyList<int> rows, IReadOnlyList<int> cols, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(cols);
        if (rows.Count != cols.Count)
        {
            throw new ArgumentException($"rows has {rows.Count} entries but cols has {cols.Count}.", nameof(cols));
        }

        if (!overwrite && File.Exists(path))
        {
            throw new IOException($"{path}: already exists; pass overwrite to replace it.");
        }

        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, append: false))
        {
            for (var e = 0; e < rows.Count; e++)
            {
                if (rows[e] < 0 || cols[e] < 0)
                {
                    throw new ArgumentException($"Edge {e} ({rows[e]}, {cols[e]}) has a negative id.", nameof(rows));
                }

                writer.Write(rows[e].ToString(CultureInfo.InvariantCulture));
                writer.Write(' ');
                writer.Write(cols[e].ToString(CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }

        File.Move(temp, path, overwrite);
    }

    /// <summary>The text reader (files with a UTF-16/32 byte-order mark): StreamReader decodes them.</summary>
    private static (int[] Rows, int[] Cols) ReadText(string path)
    {
        var rows = new List<int>();
        var cols = new List<int>();
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (ParseLineText(line, path, lineNumber, out var row, out var col))
            {
                rows.Add(row);
                cols.Add(col);
            }
        }

        return ([.. rows], [.. cols]);
    }

    /// <summary>One line by the text rules: false for a blank or comment line; throws on a malformed one.</summary>
    private static bool ParseLineText(string line, string path, int lineNumber, out int row, out int col)
    {
        var rest = line.AsSpan().Trim();
        if (rest.IsEmpty || rest[0] == '#')
        {
            row = col = 0;
            return false;
        }

        row = NextInt(ref rest, path, lineNumber, "row");
        col = NextInt(ref rest, path, lineNumber, "column");
        return true;
    }

    /// <summary>The offset just after the first '\n' at or after <paramref name="from"/> (the end when there is none).</summary>
    private static long NextLineStart(SafeFileHandle handle, long from, long length)
    {
        var buffer = new byte[64 * 1024];
        for (var offset = from; offset < length;)
        {
            var read = RandomAccess.Read(handle, buffer, offset);
            var newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return offset + newline + 1;
            }

            offset += read;
        }

        return length;
    }

    /// <summary>Parses the lines of bytes [start, end), which begins at a line start and ends at one (or the file's end).</summary>
    /// <remarks>
    /// Optimised at once: the loop runs once per call, so it would otherwise spend much of a large file in tier-0 code
    /// waiting for on-stack replacement.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static RangeResult ParseRange(SafeFileHandle handle, long start, long end)
    {
        var result = new RangeResult();
        var buffer = new byte[BufferSize];
        var carried = 0;
        var offset = start;
        var pendingCarriageReturn = false;
        while (offset < end || carried > 0)
        {
            var read = offset < end ? RandomAccess.Read(handle, buffer.AsSpan(carried, (int)Math.Min(buffer.Length - carried, end - offset)), offset) : 0;
            if (read == 0)
            {
                // The file got shorter while being read: stop at what is there.
                end = offset;
            }

            offset += read;
            var available = carried + read;
            var atEnd = offset >= end;
            var data = buffer.AsSpan(0, available);
            var lineStart = 0;
            while (true)
            {
                var lineEnd = data[lineStart..].IndexOfAny((byte)'\n', (byte)'\r');
                if (lineEnd < 0)
                {
                    break;
                }

                lineEnd += lineStart;
                if (pendingCarriageReturn && lineEnd == lineStart && data[lineEnd] == '\n')
                {
                    // The '\n' of a "\r\n" pair that was split between two reads.
                    pendingCarriageReturn = false;
                    lineStart = lineEnd + 1;
                    continue;
                }

                pendingCarriageReturn = false;
                if (!result.Add(data[lineStart..lineEnd]))
                {
                    return result;
                }

                lineStart = lineEnd + 1;
                if (data[lineEnd] == '\r')
                {
                    if (lineStart < available)
                    {
                        if (data[lineStart] == '\n')
                        {
                            lineStart++;
                        }
                    }
                    else
                    {
                        pendingCarriageReturn = true;
                    }
                }
            }

            if (atEnd)
            {
                if (lineStart < available && !result.Add(data[lineStart..]))
                {
                    return result;
                }

                break;
            }

            if (offset - start == read)
            {
                // After the first buffer: make room for the whole range at this buffer's bytes per edge, so the
                // arrays are not copied at every doubling.
                result.Reserve((long)(result.Count * ((double)(end - start) / Math.Max(1, lineStart)) * 1.05) + 1024);
            }

            carried = available - lineStart;
            if (carried == buffer.Length)
            {
                // A line longer than the buffer: grow it.
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            data[lineStart..].CopyTo(buffer);
        }

        return result;
    }

    /// <summary>The edges of one byte range, and its first line the byte parser could not take.</summary>
    private sealed class RangeResult
    {
        public int[] Rows { get; private set; } = new int[1024];

        public int[] Cols { get; private set; } = new int[1024];

        public int Count { get; private set; }

        /// <summary>Lines seen (the range's line count once parsed).</summary>
        public int Lines { get; private set; }

        public (int Line, string Text)? BadLine { get; private set; }

        /// <summary>Grows the arrays to hold at least <paramref name="capacity"/> edges (capped at the largest array).</summary>
        public void Reserve(long capacity)
        {
            var size = (int)Math.Min(capacity, Array.MaxLength);
            if (size > Rows.Length)
            {
                Rows = Resize(Rows, size);
                Cols = Resize(Cols, size);
            }
        }

        /// <summary>Parses one line (without its line break); false when it is malformed (kept in <see cref="BadLine"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Add(ReadOnlySpan<byte> line)
        {
            Lines++;
            var i = 0;
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
            {
                i++;
            }

            if (i == line.Length || line[i] == '#')
            {
                return true;
            }

            if (TryDigits(line, ref i, out var row) && i < line.Length && (line[i] == ' ' || line[i] == '\t'))
            {
                while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
                {
                    i++;
                }

                if (TryDigits(line, ref i, out var col) && (i == line.Length || line[i] == ' ' || line[i] == '\t'))
                {
                    Append(row, col);
                    return true;
                }
            }

            // Anything else (other whitespace, signs, non-ASCII text, overflow, a missing column): the text rules decide.
            var text = Encoding.UTF8.GetString(line);
            try
            {
                if (ParseLineText(text, "", Lines, out row, out var col))
                {
                    Append(row, col);
                }

                return true;
            }
            catch (InputDataException)
            {
                BadLine = (Lines, text);
                return false;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool TryDigits(ReadOnlySpan<byte> line, ref int i, out int value)
        {
            long v = 0;
            var start = i;
            while (i < line.Length && (uint)(line[i] - '0') <= 9 && i - start < 10)
            {
                v = (v * 10) + (line[i] - '0');
                i++;
            }

            value = (int)v;
            return i > start && v <= int.MaxValue && (i == line.Length || (uint)(line[i] - '0') > 9);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Append(int row, int col)
        {
            if (Count == Rows.Length)
            {
                var size = (int)Math.Min(Rows.Length * 2L, Array.MaxLength);
                Rows = Resize(Rows, size);
                Cols = Resize(Cols, size);
            }

            Rows[Count] = row;
            Cols[Count] = col;
            Count++;
        }

        private int[] Resize(int[] values, int size)
        {
            var bigger = GC.AllocateUninitializedArray<int>(size);
            values.AsSpan(0, Count).CopyTo(bigger);
            return bigger;
        }
    }

    private static int NextInt(ref ReadOnlySpan<char> rest, string path, int lineNumber, string what)
    {
        rest = rest.TrimStart();
        var end = 0;
        while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
        {
            end++;
        }

        var token = rest[..end];
        rest = rest[end..];
        if (token.IsEmpty)
        {
            throw new InputDataException(string.Create(CultureInfo.InvariantCulture, $"{path}:{lineNumber}: missing {what}; each line must be 'row col' (two non-negative integers)."));
        }

        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new InputDataException(string.Create(CultureInfo.InvariantCulture, $"{path}:{lineNumber}: {what} '{token}' is not a non-negative integer; each line must be 'row col' (0-based ids)."));
        }

        return value;
    }
}
