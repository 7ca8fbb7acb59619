using System.Buffers;
using System.Globalization;
using System.Text;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting;

/// <summary>
/// RFC 4180 CSV with spreadsheet-formula neutralisation: a cell starting with <c>= + - @</c>, tab or carriage return
/// gets a leading <c>'</c>, so a spreadsheet shows it as text instead of running it (OWASP "CSV injection"); control
/// characters and bidirectional overrides are first made visible (<see cref="Sanitize.ForTerminal"/>), so a cell
/// cannot forge a line, hide text or drive a terminal that shows the file.
/// </summary>
internal static class Csv
{
    /// <summary>Header of <c>followers.csv</c>.</summary>
    public static readonly string[] FollowerHeader = ["position", "account_id", "handle", "created_at", "followed_at", "score", "flagged", "reasons"];

    /// <summary>Header of <c>rejected-rows.csv</c>.</summary>
    public static readonly string[] RejectionHeader = ["file", "row", "column", "reason", "detail"];

    /// <summary>Neutralises and quotes one cell.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        value = Sanitize.ForTerminal(value);
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny("\",\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>Writes one record (CRLF-terminated, as RFC 4180 says).</summary>
    public static void WriteRow(TextWriter writer, IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                writer.Write(',');
            }

            writer.Write(Cell(cell));
            first = false;
        }

        writer.Write("\r\n");
    }

    /// <summary>
    /// Followers per block of <c>followers.csv</c>: blocks are formatted on the thread pool, on every core, and written in
    /// order. Internal and settable so that tests can cut a handful of followers into many blocks.
    /// </summary>
    /// <remarks>At ≈ 120 characters a row, a block's buffers stay near 2^20 elements, a size the shared array pool keeps.</remarks>
    internal static int FollowerBlockRows { get; set; } = 8_192;

    // UTF-8 without a byte-order mark, lone surrogates replaced (what a StreamWriter with this encoding writes).
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Writes the followers of an audit in follow order.</summary>
    /// <remarks>
    /// Ten million followers make 1.2 GB of text: blocks of <see cref="FollowerBlockRows"/> rows are formatted and
    /// encoded in parallel, at most a few blocks ahead of the one being written, and written in follow order, so the
    /// bytes are those of one writer going row by row (a block ends with a row's CRLF, so no character straddles two).
    /// </remarks>
    public static async Task WriteFollowersAsync(string path, AccountAudit audit, CancellationToken cancellationToken)
    {
        var count = audit.Slice.Count;
        var blockRows = FollowerBlockRows;
        var blocks = (count + blockRows - 1) / blockRows;
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var header = new StringWriter();
        WriteRow(header, FollowerHeader);
        await stream.WriteAsync(Utf8.GetBytes(header.ToString()), cancellationToken).ConfigureAwait(false);

        // Two blocks ahead per core keep every core formatting while the oldest block is written.
        var ahead = Math.Max(2, 2 * Environment.ProcessorCount);
        var pending = new Queue<Task<FollowerBlock>>();
        var next = 0;
        try
        {
            while (next < blocks || pending.Count > 0)
            {
                while (next < blocks && pending.Count < ahead)
                {
                    var from = next * blockRows;
                    var to = Math.Min(count, from + blockRows);
                    pending.Enqueue(Task.Run(() => FollowerBlock.Format(audit, from, to), cancellationToken));
                    next++;
                }

                var block = await pending.Dequeue().ConfigureAwait(false);
                try
                {
                    await stream.WriteAsync(block.Bytes, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    block.Return();
                }
            }
        }
        finally
        {
            // On failure or cancellation, let the blocks in flight finish and give their buffers back before the file is closed.
            foreach (var task in pending)
            {
                try
                {
                    (await task.ConfigureAwait(false)).Return();
                }
                catch (OperationCanceledException)
                {
                    // The writing was cancelled: this block was never formatted.
                }
            }
        }
    }

    // One block of followers.csv rows, formatted as UTF-8 into a pooled buffer.
    private sealed class FollowerBlock
    {
        private readonly byte[] _buffer;
        private readonly int _length;

        private FollowerBlock(byte[] buffer, int length)
        {
            _buffer = buffer;
            _length = length;
        }

        public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, _length);

        public static FollowerBlock Format(AccountAudit audit, int from, int to)
        {
            var text = new CharBuffer(Math.Max(256, (to - from) * 128));
            try
            {
                WriteFollowerRows(text, audit, from, to);
                // Counted first (a fast pass over ASCII): a buffer of the worst case would be three times the text.
                var chars = text.Written;
                var bytes = ArrayPool<byte>.Shared.Rent(Utf8.GetByteCount(chars));
                return new FollowerBlock(bytes, Utf8.GetBytes(chars, bytes));
            }
            finally
            {
                text.Return();
            }
        }

        public void Return() => ArrayPool<byte>.Shared.Return(_buffer);
    }

    // A growable character buffer from the array pool: what a block of rows is formatted into.
    private sealed class CharBuffer(int capacity)
    {
        private char[] _chars = ArrayPool<char>.Shared.Rent(capacity);
        private int _length;

        public ReadOnlySpan<char> Written => _chars.AsSpan(0, _length);

        public void Write(char c)
        {
            Reserve(1);
            _chars[_length++] = c;
        }

        public void Write(ReadOnlySpan<char> text)
        {
            Reserve(text.Length);
            text.CopyTo(_chars.AsSpan(_length));
            _length += text.Length;
        }

        public void Return() => ArrayPool<char>.Shared.Return(_chars);

        private void Reserve(int more)
        {
            if (_length + more <= _chars.Length)
            {
                return;
            }

            var larger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + more));
            Written.CopyTo(larger);
            ArrayPool<char>.Shared.Return(_chars);
            _chars = larger;
        }
    }

    // Ten million followers make ten million rows: a cell that is plain text is written straight from its value (numbers
    // and times formatted into a stack buffer), the same characters Cell would give, and only the rest goes through
    // Cell. Making a string per cell took most of the report's time at that size.
    private static void WriteFollowerRows(CharBuffer writer, AccountAudit audit, int from, int to)
    {
        var slice = audit.Slice;
        var accounts = slice.Followers;
        var scores = audit.FollowerScores;
        Span<char> buffer = stackalloc char[64];
        for (var i = from; i < to; i++)
        {
            var score = scores.Scores[i];
            WriteNumber(writer, i, buffer);
            writer.Write(',');
            WriteNumber(writer, accounts.AccountId[i], buffer);
            writer.Write(',');
            WriteText(writer, accounts.Handle?[i]);
            writer.Write(',');
            WriteTimestamp(writer, accounts.CreatedAt?[i], buffer);
            writer.Write(',');
            WriteTimestamp(writer, slice.FollowedAt?[i], buffer);
            writer.Write(',');
            if (!double.IsNaN(score))
            {
                // Scores are in [0, 1]; anything that formats with a sign goes through Cell like any other text.
                if (score.TryFormat(buffer, out var written, "0.####", CultureInfo.InvariantCulture) && buffer[0] != '-')
                {
                    writer.Write(buffer[..written]);
                }
                else
                {
                    writer.Write(Cell(score.ToString("0.####", CultureInfo.InvariantCulture)));
                }
            }

            writer.Write(score >= scores.Threshold ? ",true," : ",false,");
            WriteReasons(writer, scores.Reasons?[i]);
            writer.Write("\r\n");
        }
    }

    private static void WriteNumber(CharBuffer writer, long value, Span<char> buffer)
    {
        if (value < 0)
        {
            writer.Write(Cell(value.ToString(CultureInfo.InvariantCulture)));
            return;
        }

        value.TryFormat(buffer, out var written, provider: CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    private static void WriteTimestamp(CharBuffer writer, DateTime? time, Span<char> buffer)
    {
        if (time is { } t && t.TryFormat(buffer, out var written, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
        {
            writer.Write(buffer[..written]);
        }
    }

    private static void WriteText(CharBuffer writer, string? value)
    {
        if (IsPlain(value))
        {
            writer.Write(value);
        }
        else
        {
            writer.Write(Cell(value));
        }
    }

    // The cell of the reasons joined with "; ", written part by part when every part is plain (then so is the whole).
    private static void WriteReasons(CharBuffer writer, string[]? reasons)
    {
        if (reasons is null || reasons.Length == 0)
        {
            return;
        }

        foreach (var reason in reasons)
        {
            if (!IsPlain(reason))
            {
                writer.Write(Cell(string.Join("; ", reasons)));
                return;
            }
        }

        for (var k = 0; k < reasons.Length; k++)
        {
            if (k > 0)
            {
                writer.Write("; ");
            }

            writer.Write(reasons[k]);
        }
    }

    // Text that Cell would return unchanged: printable ASCII other than the quote and the comma (Sanitize.ForTerminal
    // leaves it alone, it needs no quoting), not starting with a character a spreadsheet reads as a formula.
    private static bool IsPlain(string? value)
    {
        if (string.IsNullOrEmpty(value) || value[0] is '=' or '+' or '-' or '@')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '"' or ',')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes the rejected rows (header only when there are none).</summary>
    public static async Task WriteRejectionsAsync(string path, IReadOnlyList<Rejection> rejections, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        WriteRow(writer, RejectionHeader);
        foreach (var r in rejections)
        {
            WriteRow(writer, [r.File, r.Row.ToString(CultureInfo.InvariantCulture), r.Column, r.Reason, r.Detail]);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>ISO 8601 UTC, or empty.</summary>
    public static string Timestamp(DateTime? t) =>
        t is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : string.Empty;
}
