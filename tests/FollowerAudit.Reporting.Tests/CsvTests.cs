using System.Text;

namespace FollowerAudit.Reporting.Tests;

public sealed class CsvTests
{
    [TestCase("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [TestCase("+1234", "'+1234")]
    [TestCase("-minus", "'-minus")]
    [TestCase("@at", "'@at")]
    [TestCase("\tx", "\\x09x")]
    [TestCase("plain", "plain")]
    [TestCase("a,b", "\"a,b\"")]
    [TestCase("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [TestCase("line\nbreak", "line\\x0Abreak")]
    [TestCase("nul\0x", "nul\\x00x")]
    [TestCase("\u001b]0;pwned\u0007", "\\x1B]0;pwned\\x07")]
    [TestCase("abc\u202Egnp.exe", "abc\\u202Egnp.exe")]
    [TestCase("=1,2", "\"'=1,2\"")]
    [TestCase("", "")]
    public void Cell_Value_IsNeutralisedAndQuoted(string value, string expected) =>
        Assert.That(Csv.Cell(value), Is.EqualTo(expected));

    [Test]
    public async Task WriteFollowersAsync_SmallAudit_FollowOrderWithNeutralisedHandles()
    {
        var path = Path.Combine(TestAudits.TempFolder(), "followers.csv");

        await Csv.WriteFollowersAsync(path, TestAudits.Suspicious().Accounts[0], CancellationToken.None);

        var lines = (await File.ReadAllTextAsync(path, Encoding.UTF8)).Split("\r\n");
        Assert.That(lines[0], Is.EqualTo("position,account_id,handle,created_at,followed_at,score,flagged,reasons"));
        Assert.That(lines[1], Is.EqualTo("0,101,'=cmd|' /C calc'!A0,2015-01-01T00:00:00Z,2025-01-01T12:00:00Z,0.1,false,"));
        Assert.That(lines[2], Does.StartWith("1,102,'+1234,"));
        Assert.That(lines[3], Does.StartWith("2,103,'-minus,"));
        Assert.That(lines[4], Does.StartWith("3,104,'@at,"));
        Assert.That(lines[10], Is.EqualTo("9,110,user110,2024-06-01T00:00:00Z,2025-01-10T12:00:00Z,0.9,true,'=SUM(A1); created with the batch"));
        Assert.That(lines, Has.Length.EqualTo(12), "10 rows, header, and the empty string after the final CRLF");
    }
}
