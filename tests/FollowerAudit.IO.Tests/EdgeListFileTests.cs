using FollowerAudit.Core.Model;
using FollowerAudit.Testing;

namespace FollowerAudit.IO.Tests;

public sealed class EdgeListFileTests
{
    private string _folder = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _folder = TestTemp.NewFolder("edgelist");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void WriteThenRead_RoundTrips()
    {
        var path = Path.Combine(_folder, "edges.txt");

        EdgeListFile.Write(path, [0, 0, 7], [1, 2, 3]);
        var (rows, cols) = EdgeListFile.Read(path);

        Assert.That(rows, Is.EqualTo(new[] { 0, 0, 7 }));
        Assert.That(cols, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void Read_TabsCommentsBlankLinesAndWeights_AreAccepted()
    {
        var path = Path.Combine(_folder, "edges.txt");
        File.WriteAllText(path, "# header\n1\t2\n\n3 4 0.5\n");

        var (rows, cols) = EdgeListFile.Read(path);

        Assert.That(rows, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(cols, Is.EqualTo(new[] { 2, 4 }));
    }

    [TestCase("0 1\n2\n", "edges.txt:2: missing column")]
    [TestCase("0 1\n2 x\n", "edges.txt:2: column 'x' is not a non-negative integer")]
    [TestCase("-1 3\n", "edges.txt:1: row '-1'")]
    public void Read_MalformedLine_ThrowsWithFileAndLine(string text, string expected)
    {
        var path = Path.Combine(_folder, "edges.txt");
        File.WriteAllText(path, text);

        Assert.That(() => EdgeListFile.Read(path), Throws.TypeOf<InputDataException>().With.Message.Contains(expected));
    }

    [Test]
    public void Read_LargeFileWithMixedLineEndingsAndOddLines_ReadsEveryEdgeInFileOrder()
    {
        // Over the parallel threshold, so the file is cut into ranges; the odd lines go through the text rules.
        var path = Path.Combine(_folder, "edges.txt");
        var random = new Random(3);
        var expectedRows = new List<int>();
        var expectedCols = new List<int>();
        var text = new System.Text.StringBuilder("\uFEFF# header\n");
        string[] endings = ["\n", "\r\n", "\r"];
        while (text.Length < 6_000_000)
        {
            var row = random.Next(0, int.MaxValue);
            var col = random.Next(0, 1000);
            expectedRows.Add(row);
            expectedCols.Add(col);
            var line = random.Next(50) switch
            {
                0 => $"\v{row}\u00A0{col}",
                1 => $"  {row}\t\t{col} 0.25",
                2 => $"000{row} {col}\f",
                _ => $"{row} {col}",
            };
            text.Append(line).Append(endings[random.Next(endings.Length)]);
            if (random.Next(100) == 0)
            {
                text.Append(random.Next(2) == 0 ? "\n" : "  # comment\n");
            }
        }

        File.WriteAllText(path, text.ToString());

        var (rows, cols) = EdgeListFile.Read(path);

        Assert.That(rows, Is.EqualTo(expectedRows));
        Assert.That(cols, Is.EqualTo(expectedCols));
    }

    [Test]
    public void Read_LargeFileWhoseLinesChangeLength_ReadsEveryEdgeInFileOrder()
    {
        // Each range sizes its arrays from its first megabyte: a start of comments, then short lines, then long ones,
        // makes every estimate wrong (nothing, then too many edges per byte, then too few), so the arrays must grow.
        var path = Path.Combine(_folder, "edges.txt");
        var expectedRows = new List<int>();
        var expectedCols = new List<int>();
        var text = new System.Text.StringBuilder();
        while (text.Length < 1_500_000)
        {
            text.Append("# a comment line of some length, repeated\n");
        }

        for (var i = 0; text.Length < 12_000_000; i++)
        {
            var (row, col) = text.Length < 4_000_000 ? (i % 10, i % 7) : (1_000_000_000 + i, 100_000 + (i % 1000));
            expectedRows.Add(row);
            expectedCols.Add(col);
            text.Append(row).Append(' ').Append(col).Append('\n');
        }

        File.WriteAllText(path, text.ToString());

        var (rows, cols) = EdgeListFile.Read(path);

        Assert.That(rows, Is.EqualTo(expectedRows));
        Assert.That(cols, Is.EqualTo(expectedCols));
    }

    [Test]
    public void Read_LargeFileWithBadLineNearTheEnd_NamesItsLineNumber()
    {
        var path = Path.Combine(_folder, "edges.txt");
        var lines = Enumerable.Range(0, 600_000).Select(i => $"{i} {i % 7}").ToList();
        lines[590_000] = "590000 7x";

        File.WriteAllText(path, string.Join("\r\n", lines));

        Assert.That(() => EdgeListFile.Read(path), Throws.TypeOf<InputDataException>().With.Message.Contains("edges.txt:590001: column '7x' is not a non-negative integer"));
    }

    [Test]
    public void Read_Utf16File_IsDecoded()
    {
        var path = Path.Combine(_folder, "edges.txt");
        File.WriteAllText(path, "1 2\n3 4\n", System.Text.Encoding.Unicode);

        var (rows, cols) = EdgeListFile.Read(path);

        Assert.That(rows, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(cols, Is.EqualTo(new[] { 2, 4 }));
    }

    [Test]
    public void Read_MissingFile_ThrowsInputDataException()
    {
        Assert.That(() => EdgeListFile.Read(Path.Combine(_folder, "nope.txt")), Throws.TypeOf<InputDataException>());
    }

    [Test]
    public void Write_ExistingFileWithoutOverwrite_Throws()
    {
        var path = Path.Combine(_folder, "edges.txt");
        File.WriteAllText(path, "0 0\n");

        Assert.That(() => EdgeListFile.Write(path, [1], [1]), Throws.TypeOf<IOException>());
        Assert.That(File.ReadAllText(path), Is.EqualTo("0 0\n"));
    }
}
