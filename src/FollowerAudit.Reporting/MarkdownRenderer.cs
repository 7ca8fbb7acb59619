using System.Text;

namespace FollowerAudit.Reporting;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as Markdown for pasting into an article or a ticket. Every text is escaped:
/// inline Markdown punctuation gets a backslash (block markers such as <c>-</c> or <c>1.</c> only at the start), and
/// <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> become entities, so data can neither inject HTML nor break the layout.
/// </summary>
internal static class MarkdownRenderer
{
    // Characters that start inline markup anywhere in a line. '(' and '!' are harmless once '[' is escaped.
    private const string Special = "\\`*_[]#|~";

    /// <summary>Renders the document.</summary>
    public static string Render(ReportDocument document)
    {
        var md = new StringBuilder(16 * 1024);
        md.Append("# ").Append(E(document.Title)).Append("\n\n");
        foreach (var block in document.Blocks)
        {
            Append(md, block);
        }

        return md.ToString();
    }

    /// <summary>Escapes text for Markdown (one line: line breaks become spaces).</summary>
    public static string E(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 8);
        var leadingDigits = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];

            // Block markers only matter at the start of the text: "- x", "+ x", "12. x", "12) x".
            if ((i == 0 && c is '-' or '+') || (leadingDigits && i > 0 && c is '.' or ')' && (i + 1 == text.Length || text[i + 1] is ' ' or '\t')))
            {
                sb.Append('\\');
            }

            leadingDigits &= char.IsAsciiDigit(c);
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\r' or '\n' or '\t': sb.Append(' '); break;
                default:
                    if (Special.Contains(c, StringComparison.Ordinal))
                    {
                        sb.Append('\\');
                    }

                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder md, Block block)
    {
        switch (block)
        {
            case Heading h:
                md.Append('#', Math.Clamp(h.Level, 2, 4)).Append(' ').Append(E(h.Text)).Append("\n\n");
                break;
            case Paragraph p:
                md.Append(p.Strong ? "**" : string.Empty).Append(E(p.Text)).Append(p.Strong ? "**" : string.Empty).Append("\n\n");
                break;
            case Callout c:
                md.Append("> **").Append(E(c.Title)).Append("**\n");
                foreach (var line in c.Lines)
                {
                    md.Append(">\n> ").Append(E(line)).Append('\n');
                }

                md.Append('\n');
                break;
            case BulletList list:
                foreach (var item in list.Items)
                {
                    md.Append("- ").Append(E(item)).Append('\n');
                }

                md.Append('\n');
                break;
            case Table t:
                md.Append("| ").AppendJoin(" | ", t.Header.Select(E)).Append(" |\n|");
                for (var i = 0; i < t.Header.Count; i++)
                {
                    md.Append(t.IsNumeric(i) ? " ---: |" : " --- |");
                }

                md.Append('\n');
                foreach (var row in t.Rows)
                {
                    md.Append("| ").AppendJoin(" | ", row.Select(c => c.Href is { } href ? $"[{E(c.Text)}]({EscapeUrl(href)})" : E(c.Text))).Append(" |\n");
                }

                md.Append('\n');
                break;
            case FindingList findings:
                // The statistics go on a second line of the same item (a hard line break: two trailing spaces).
                foreach (var item in findings.Items)
                {
                    md.Append("- ").Append(E(item.Plain)).Append("  \n  ").Append(E(item.Statistics)).Append('\n');
                }

                md.Append('\n');
                break;
            case Details details:
                // GitHub renders <details>; the blank lines let the Markdown inside it render as Markdown.
                md.Append("<details>\n<summary>").Append(E(details.Summary)).Append("</summary>\n\n");
                foreach (var inner in details.Blocks)
                {
                    Append(md, inner);
                }

                md.Append("</details>\n\n");
                break;
            case Link link:
                md.Append('[').Append(E(link.Text)).Append("](").Append(EscapeUrl(link.Href)).Append(")\n\n");
                break;
            case Figure f:
                md.Append("![").Append(E(f.Title)).Append("](").Append(EscapeUrl(f.RelativePath)).Append(")\n\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(block), block.GetType().Name, "Unknown block type.");
        }
    }

    // Links are built by the writer from numeric ids and fixed names; this only guards against spaces and brackets.
    // A Markdown page links to the Markdown twin of an HTML page (every report.html has a report.md beside it).
    private static string EscapeUrl(string href)
    {
        if (href.EndsWith(".html", StringComparison.Ordinal))
        {
            href = string.Concat(href.AsSpan(0, href.Length - ".html".Length), ".md");
        }

        return Uri.EscapeDataString(href).Replace("%2F", "/", StringComparison.Ordinal);
    }
}
