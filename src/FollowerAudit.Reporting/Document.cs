namespace FollowerAudit.Reporting;

// A tiny document model: the report's content is built once and rendered to HTML and Markdown. Every string in
// it is plain text (possibly from the data); renderers escape all of it, so no builder ever writes markup.

/// <summary>A block of a report document.</summary>
internal abstract record Block;

/// <summary>A heading; <paramref name="Anchor"/> becomes the HTML id (only [a-z0-9-] survive).</summary>
internal sealed record Heading(int Level, string Text, string? Anchor = null) : Block;

/// <summary>A paragraph; <paramref name="Strong"/> renders it bold.</summary>
internal sealed record Paragraph(string Text, bool Strong = false) : Block;

/// <summary>A highlighted box (verdict, failure); <paramref name="Tone"/> is good, bad, neutral or failed.</summary>
internal sealed record Callout(string Title, IReadOnlyList<string> Lines, string Tone) : Block;

/// <summary>A bullet list of plain-text items.</summary>
internal sealed record BulletList(IReadOnlyList<string> Items) : Block;

/// <summary>
/// A table; a cell's link target (relative path) is optional. Numeric columns are right-aligned (all but the first by
/// default); <paramref name="WideOnlyColumns"/> are hidden on a phone-width HTML page (Markdown shows every column).
/// </summary>
internal sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<Cell>> Rows, IReadOnlyList<int>? NumericColumns = null, IReadOnlyList<int>? WideOnlyColumns = null) : Block
{
    /// <summary>Whether column <paramref name="i"/> holds numbers.</summary>
    public bool IsNumeric(int i) => NumericColumns?.Contains(i) ?? i > 0;

    /// <summary>Whether column <paramref name="i"/> is left out on narrow screens.</summary>
    public bool IsWideOnly(int i) => WideOnlyColumns?.Contains(i) ?? false;
}

/// <summary>A finding for a person: the plain sentence first, the statistics behind it on a second line.</summary>
internal sealed record FindingItem(string Plain, string Statistics);

/// <summary>A list of findings, each in plain words with its statistics below.</summary>
internal sealed record FindingList(IReadOnlyList<FindingItem> Items) : Block;

/// <summary>Blocks folded away under a one-line summary (HTML and GitHub Markdown <c>&lt;details&gt;</c>).</summary>
internal sealed record Details(string Summary, IReadOnlyList<Block> Blocks) : Block;

/// <summary>A table cell with an optional relative link.</summary>
internal sealed record Cell(string Text, string? Href = null)
{
    public static implicit operator Cell(string text) => new(text);
}

/// <summary>
/// A chart: the PNG inline in HTML, the relative path in Markdown. <paramref name="NarrowPng"/>, when given, is a render
/// for phone-width screens (narrower, larger text) that the HTML page shows instead there.
/// </summary>
internal sealed record Figure(string Title, string RelativePath, byte[] Png, string AltText, byte[]? NarrowPng = null) : Block;

/// <summary>A paragraph holding one link to a relative path built by the writer (never from data).</summary>
internal sealed record Link(string Text, string Href) : Block;

/// <summary>A whole document.</summary>
internal sealed record ReportDocument(string Title, IReadOnlyList<Block> Blocks);
