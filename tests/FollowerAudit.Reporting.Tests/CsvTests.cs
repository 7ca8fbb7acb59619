using System.Globalization;
using System.Text;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

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

    [Test]
    public async Task WriteFollowersAsync_HostileAndOddCells_SameLinesAsCellOfEveryValue()
    {
        // Handles and reasons that must be neutralised, quoted or escaped, mixed with plain ones, and scores that are
        // NaN, negative or out of range: every line must be what Cell makes of each value (the writer's definition).
        string[] handles = ["plain_user", "a,b", "say \"hi\"", "=1+1", "-minus", "@at", "+plus", "tab\tin", "bidi\u202Eexe", "emoji\U0001F600", "caf\u00e9", "", "x.y-z", "new\nline"];
        var b = new GraphBuilder().Account(1, ("Handle", "audited"));
        for (var i = 0; i < handles.Length; i++)
        {
            (string, object?)[] cells = i % 3 == 2 ? [("Handle", handles[i])] : [("Handle", handles[i]), ("CreatedAt", GraphBuilder.Utc(2015 + (i % 9), 1 + (i % 12), 3, i))];
            b.Account(100 + i, cells);
            b.Follow(100 + i, 1, GraphBuilder.Utc(2025, 1, 1 + i, i));
        }

        var run = TestAudits.Audit(b.Build(GraphBuilder.Utc(2025, 2, 1)), [0], new TestAudits.Extension(new OddScorer()));
        var audit = run.Accounts[0];
        var path = Path.Combine(TestAudits.TempFolder(), "followers.csv");

        await Csv.WriteFollowersAsync(path, audit, CancellationToken.None);

        var expected = new StringWriter();
        WriteExpected(expected, audit);

        Assert.That(await File.ReadAllTextAsync(path, Encoding.UTF8), Is.EqualTo(expected.ToString()));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(5)]
    public async Task WriteFollowersAsync_SmallBlocks_SameBytesAsOneWriterRowByRow(int blockRows)
    {
        // Hostile handles and reasons (quotes, commas, formulas, control and bidi characters, characters outside the
        // BMP, lone surrogates) cut into many blocks formatted in parallel: the file must be byte for byte what one
        // UTF-8 writer makes of the rows in order, and what the writer makes of them in one block.
        string[] handles = ["plain_user", "a,b", "say \"hi\"", "=1+1", "-minus", "emoji\U0001F600", "caf\u00e9", "lone\uD800", "\uDC00low", "", "bidi\u202Eexe", "new\r\nline", "x.y-z"];
        var b = new GraphBuilder().Account(1, ("Handle", "audited"));
        for (var i = 0; i < 40; i++)
        {
            b.Account(100 + i, ("Handle", handles[i % handles.Length]), ("CreatedAt", GraphBuilder.Utc(2015 + (i % 9), 1 + (i % 12), 3, i % 24)));
            b.Follow(100 + i, 1, GraphBuilder.Utc(2025, 1, 1 + (i % 28), i % 24));
        }

        var audit = TestAudits.Audit(b.Build(GraphBuilder.Utc(2025, 2, 1)), [0], new TestAudits.Extension(new OddScorer())).Accounts[0];
        var folder = TestAudits.TempFolder();
        var oneBlock = Path.Combine(folder, "one-block.csv");
        var blocks = Path.Combine(folder, "blocks.csv");
        var saved = Csv.FollowerBlockRows;
        try
        {
            Csv.FollowerBlockRows = 1 << 20;
            await Csv.WriteFollowersAsync(oneBlock, audit, CancellationToken.None);
            Csv.FollowerBlockRows = blockRows;
            await Csv.WriteFollowersAsync(blocks, audit, CancellationToken.None);
        }
        finally
        {
            Csv.FollowerBlockRows = saved;
        }

        using var expected = new MemoryStream();
        using (var writer = new StreamWriter(expected, new UTF8Encoding(false), leaveOpen: true))
        {
            WriteExpected(writer, audit);
        }

        Assert.That(audit.Slice.Count, Is.EqualTo(40));
        Assert.That(await File.ReadAllBytesAsync(blocks), Is.EqualTo(expected.ToArray()));
        Assert.That(await File.ReadAllBytesAsync(blocks), Is.EqualTo(await File.ReadAllBytesAsync(oneBlock)));
    }

    [Test]
    public void WriteFollowersAsync_Cancelled_Throws()
    {
        var path = Path.Combine(TestAudits.TempFolder(), "followers.csv");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(async () => await Csv.WriteFollowersAsync(path, TestAudits.Suspicious().Accounts[0], cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    // The definition of followers.csv: the header, then every follower's values through Cell (WriteRow), in follow order.
    private static void WriteExpected(TextWriter writer, AccountAudit audit)
    {
        Csv.WriteRow(writer, Csv.FollowerHeader);
        var scores = audit.FollowerScores;
        for (var i = 0; i < audit.Slice.Count; i++)
        {
            var score = scores.Scores[i];
            Csv.WriteRow(writer, [
                i.ToString(CultureInfo.InvariantCulture),
                audit.Slice.Followers.AccountId[i].ToString(CultureInfo.InvariantCulture),
                audit.Slice.Followers.Handle?[i],
                Csv.Timestamp(audit.Slice.Followers.CreatedAt?[i]),
                Csv.Timestamp(audit.Slice.FollowedAt?[i]),
                double.IsNaN(score) ? string.Empty : score.ToString("0.####", CultureInfo.InvariantCulture),
                score >= scores.Threshold ? "true" : "false",
                scores.Reasons?[i] is { } reasons ? string.Join("; ", reasons) : string.Empty]);
        }
    }

    // Scores and reasons for each follower position in turn, many of them hostile or out of range.
    private sealed class OddScorer : IFollowerScorer
    {
        private static readonly double[] Values = [0.5, double.NaN, -0.25, 1, 0, 0.123456, 1e-9, 2.5, -0.0, 0.99995, 0.3, 0.7, 0.00004, 0.6];

        private static readonly string[]?[] ReasonSets =
        [
            ["no avatar", "handle_entropy = 3.2 (typical 2.9)"], [], null, ["a,b"], ["ok", "=SUM(A1)"], ["-lead"], ["say \"x\""],
            ["", "z"], ["\u202Ebidi"], ["tab\tin", "ok"], ["caf\u00e9"], ["one"], ["@x", "y"], ["line\r\nbreak"],
        ];

        public string Name => "odd-scorer";

        public FollowerScores Score(AuditContext context)
        {
            var n = context.Slice.Count;
            var reasons = Enumerable.Range(0, n).Select(i => ReasonSets[i % ReasonSets.Length]!).ToArray();
            return new FollowerScores(Name, [.. Enumerable.Range(0, n).Select(i => Values[i % Values.Length])], 0.5, reasons);
        }
    }
}
