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
