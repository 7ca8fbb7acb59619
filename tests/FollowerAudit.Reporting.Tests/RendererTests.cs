namespace FollowerAudit.Reporting.Tests;

public sealed class RendererTests
{
    [TestCase("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [TestCase("a & b", "a &amp; b")]
    [TestCase("*bold* _it_ [link](x) `code` #tag |pipe| ~s~", "\\*bold\\* \\_it\\_ \\[link\\](x) \\`code\\` \\#tag \\|pipe\\| \\~s\\~")]
    [TestCase("- item", "\\- item")]
    [TestCase("+ item", "\\+ item")]
    [TestCase("12. item", "12\\. item")]
    [TestCase("3) item", "3\\) item")]
    [TestCase("30.0% of a-b", "30.0% of a-b")]
    [TestCase("line\nbreak", "line break")]
    public void MarkdownE_DataText_IsEscaped(string text, string expected) =>
        Assert.That(MarkdownRenderer.E(text), Is.EqualTo(expected));

    [Test]
    public void HtmlE_DataText_IsEncoded() =>
        Assert.That(HtmlRenderer.E("<img src=x onerror=\"alert(1)\">&'"), Is.EqualTo("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;"));

    [Test]
    public void Render_HeadingAnchorFromData_KeepsOnlySafeCharacters()
    {
        var doc = new ReportDocument("t", [new Heading(3, "x", "a\" onclick=\"evil()")]);

        var html = HtmlRenderer.Render(doc);

        Assert.That(html, Does.Contain("<h3 id=\"aonclickevil\">x</h3>"));
    }

    [Test]
    public void Render_TableWithLink_EncodesTextAndHref()
    {
        var doc = new ReportDocument("t", [new Table(["Account"], [[new Cell("<b>", "account-1/report.html")]])]);

        var html = HtmlRenderer.Render(doc);
        var md = MarkdownRenderer.Render(doc);

        Assert.That(html, Does.Contain("<a href=\"account-1/report.html\">&lt;b&gt;</a>"));
        Assert.That(md, Does.Contain("| [&lt;b&gt;](account-1/report.md) |"));
    }

    [Test]
    public void Render_WideOnlyColumnAndNarrowFigure_HiddenOnPhonesAndNarrowRenderOffered()
    {
        var doc = new ReportDocument("t",
        [
            new Table(["Account", "Account id", "Estimated fake"], [["a", "123", "5%"]], [1, 2], [1]),
            new Figure("Chart", "charts/c.png", [1, 2, 3], "alt", [4, 5, 6]),
        ]);

        var html = HtmlRenderer.Render(doc);
        var md = MarkdownRenderer.Render(doc);

        Assert.That(html, Does.Contain("<th class=\"wide-only\">Account id</th>").And.Contain("<td class=\"num wide-only\">123</td>").And.Contain("<td class=\"num\">5%</td>"));
        Assert.That(html, Does.Contain("<source media=\"(max-width: 600px)\" srcset=\"data:image/png;base64," + Convert.ToBase64String(new byte[] { 4, 5, 6 }) + "\">"));
        Assert.That(md, Does.Contain("| a | 123 | 5% |"), "Markdown keeps every column");
    }
}
