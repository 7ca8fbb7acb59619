using System.Text;

namespace FollowerAudit.IO.Import;

/// <summary>One CSV record: its fields and the 1-based line it starts on.</summary>
/// <param name="Fields">Field values; <see langword="null"/> for an empty unquoted field, "" for a quoted empty one.</param>
/// <param name="Line">1-based physical line where the record starts.</param>
/// <param name="Error">Why the record is malformed (e.g. an unterminated quote), or <see langword="null"/>.</param>
internal sealed record CsvRecord(IReadOnlyList<string?> Fields, long Line, string? Error);

/// <summary>
/// A small RFC 4180 CSV reader (BCL only): comma separators, double-quoted fields with <c>""</c> escapes, line
/// breaks inside quoted fields, CRLF or LF record ends. A quote inside an unquoted field is kept literally.
/// </summary>
internal static class CsvRecordReader
{
    /// <summary>Reads every record of a text.</summary>
    /// <param name="reader">The text.</param>
    /// <returns>Records in order, blank lines skipped.</returns>
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        var fields = new List<string?>();
        var field = new StringBuilder();
        long line = 1, start = 1;
        var quoted = false;
        var inQuotes = false;
        var fieldStarted = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when !fieldStarted:
                    inQuotes = true;
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(EndField(field, quoted));
                    quoted = false;
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(EndField(field, quoted));
                    if (!(fields.Count == 1 && fields[0] is null))
                    {
                        yield return new CsvRecord([.. fields], start, null);
                    }

                    fields.Clear();
                    quoted = false;
                    fieldStarted = false;
                    line++;
                    start = line;
                    break;
                default:
                    field.Append(ch);
                    fieldStarted = true;
                    break;
            }
        }

        if (inQuotes)
        {
            fields.Add(EndField(field, quoted));
            yield return new CsvRecord([.. fields], start, "unterminated quoted field (a '\"' was never closed)");
        }
        else if (fieldStarted || fields.Count > 0 || field.Length > 0)
        {
            fields.Add(EndField(field, quoted));
            yield return new CsvRecord([.. fields], start, null);
        }
    }

    private static string? EndField(StringBuilder field, bool quoted)
    {
        var value = field.ToString();
        field.Clear();
        return value.Length == 0 && !quoted ? null : value;
    }
}
