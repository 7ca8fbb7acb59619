using System.Globalization;
using System.Text;

namespace FollowerAudit.Reporting;

/// <summary>
/// Makes text that came from the data (handles, column names, file names, exception messages quoting them) safe to
/// print on a terminal or in a CSV cell: control characters (including NUL, ESC, CR and LF), Unicode bidirectional
/// overrides and isolates, line and paragraph separators are shown as visible escapes such as <c>\x1B</c> or
/// <c>\u202E</c>, and unpaired surrogates as U+FFFD. The result is always one line.
/// </summary>
public static class Sanitize
{
    /// <summary>The text with every character that could move the cursor, recolour, retitle or reorder the terminal made visible.</summary>
    /// <param name="text">Text from the data; null gives the empty string.</param>
    /// <returns>The same text when it holds nothing unsafe (no allocation), else the escaped copy.</returns>
    public static string ForTerminal(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var i = 0;
        while (i < text.Length && IsSafe(text, i))
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else if (IsSafe(text, i))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(c < 0x100 ? "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture) : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static bool IsSafe(string text, int i)
    {
        var c = text[i];
        if (char.IsSurrogate(c))
        {
            return char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) : i > 0 && char.IsHighSurrogate(text[i - 1]);
        }

        return !char.IsControl(c) && !IsBidiOrSeparator(c);
    }

    // Bidirectional marks, embeddings, overrides and isolates (the "Trojan Source" characters), and the Unicode line
    // and paragraph separators, which some terminals treat as new lines.
    private static bool IsBidiOrSeparator(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029';
}
