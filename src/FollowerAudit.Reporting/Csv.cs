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

    /// <summary>Writes the followers of an audit in follow order.</summary>
    public static async Task WriteFollowersAsync(string path, AccountAudit audit, CancellationToken cancellationToken)
    {
        var slice = audit.Slice;
        var accounts = slice.Followers;
        var scores = audit.FollowerScores;
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        WriteRow(writer, FollowerHeader);
        var cells = new string?[FollowerHeader.Length];
        for (var i = 0; i < slice.Count; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = i;
            var score = scores.Scores[i];
            cells[0] = i.ToString(CultureInfo.InvariantCulture);
            cells[1] = accounts.AccountId[row].ToString(CultureInfo.InvariantCulture);
            cells[2] = accounts.Handle?[row];
            cells[3] = Timestamp(accounts.CreatedAt?[row]);
            cells[4] = Timestamp(slice.FollowedAt?[i]);
            cells[5] = double.IsNaN(score) ? string.Empty : score.ToString("0.####", CultureInfo.InvariantCulture);
            cells[6] = score >= scores.Threshold ? "true" : "false";
            cells[7] = scores.Reasons?[i] is { } reasons ? string.Join("; ", reasons) : string.Empty;
            WriteRow(writer, cells);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
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
