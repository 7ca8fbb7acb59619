using FollowerAudit.Core.Model;
using FollowerAudit.IO.Tests.TestSupport;
using Parquet;
using static FollowerAudit.IO.Tests.TestSupport.RawParquet;

namespace FollowerAudit.IO.Tests;

/// <summary>Parquet files that lie or hurt: each ends in a clear <see cref="InputDataException"/> or counted rejections, never a hang, an overflow or invented rows.</summary>
public sealed class HostileParquetTests
{
    private static readonly DatasetReadOptions Options = new() { Clock = FixedClock.At2025 };
    private TempFolder _temp = null!;

    [SetUp]
    public void CreateTempFolder() => _temp = new TempFolder();

    [TearDown]
    public void DeleteTempFolder() => _temp.Dispose();

    private async Task<string> DatasetAsync(int followers = 60)
    {
        var folder = _temp.Combine("ds");
        var ids = Enumerable.Range(0, followers + 1).Select(i => (long?)(i + 1)).ToArray();
        await WriteAsync(Path.Combine(folder, "accounts.parquet"), Int64("account_id", ids), Text("handle", [.. ids.Select(i => "user" + i)]));
        await WriteAsync(
            Path.Combine(folder, "follows.parquet"),
            Int64("follower_id", [.. ids.Skip(1)]),
            Int64("followee_id", [.. ids.Skip(1).Select(_ => (long?)1)]));
        return folder;
    }

    private static async Task<long> ClaimedRowsAsync(string file)
    {
        await using var stream = File.OpenRead(file);
        await using var reader = await ParquetReader.CreateAsync(stream);
        return Enumerable.Range(0, reader.RowGroupCount).Sum(g => reader.RowGroups[g].RowCount);
    }

    [Test]
    public async Task ReadAsync_FooterClaimsMoreRowsThanPagesHold_ThrowsInsteadOfInventingRows()
    {
        var folder = await DatasetAsync(followers: 60);
        var follows = Path.Combine(folder, "follows.parquet");
        ForgedParquet.RewriteCounts(follows, 60, 63, rowCountsOnly: true);
        Assert.That(await ClaimedRowsAsync(follows), Is.EqualTo(63), "precondition: the footer lies");

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, Options));

        Assert.That(ex!.Message, Does.StartWith(follows + ":").And.Contain("fewer values than the 63 rows its footer claims"));
    }

    [Test]
    public async Task ReadAsync_FooterAndColumnCountsBothLie_ThrowsNotReadable()
    {
        var folder = await DatasetAsync(followers: 60);
        var follows = Path.Combine(folder, "follows.parquet");
        ForgedParquet.RewriteCounts(follows, 60, 63);

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, Options));

        Assert.That(ex!.Message, Does.StartWith(follows + ": not a readable Parquet file"));
    }

    [Test]
    public async Task ReadAsync_FooterClaimsNegativeRows_ThrowsNamingTheFile()
    {
        var folder = await DatasetAsync(followers: 60);
        var follows = Path.Combine(folder, "follows.parquet");
        ForgedParquet.RewriteCounts(follows, 60, -5);

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, Options));

        Assert.That(ex!.Message, Does.StartWith(follows + ":").And.Contain("negative"));
    }

    [Test]
    public async Task ReadAsync_SmallFileClaimsTwoBillionRows_ThrowsBeforeAllocating()
    {
        var folder = await DatasetAsync(followers: 60);
        var follows = Path.Combine(folder, "follows.parquet");
        ForgedParquet.RewriteCounts(follows, 60, 2_000_000_000);
        Assert.That(new FileInfo(follows).Length, Is.LessThan(5_000));
        var before = GC.GetTotalAllocatedBytes();

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, Options));

        Assert.That(ex!.Message, Does.StartWith(follows + ":").And.Contain("2,000,000,000 rows").And.Contain("corrupt or forged"));
        Assert.That(GC.GetTotalAllocatedBytes() - before, Is.LessThan(100_000_000L), "nothing sized from the forged count");
    }

    [Test]
    public async Task ReadAsync_SparkStyleTableFolder_ReadsItsParts()
    {
        var folder = await DatasetAsync(followers: 3);
        var spark = Path.Combine(folder, "follows.parquet");
        var parts = spark + ".parts";
        Directory.CreateDirectory(parts);
        File.Move(spark, Path.Combine(parts, "part-00000-abc.snappy.parquet"));
        Directory.Move(parts, spark);
        await File.WriteAllTextAsync(Path.Combine(spark, "_SUCCESS"), "");

        var dataset = await DatasetReader.ReadAsync(folder, Options);

        Assert.That(dataset.Follows.Count, Is.EqualTo(3));
        Assert.That(DatasetReader.ListFiles(folder).Select(f => f.RelativePath), Is.EquivalentTo(new[] { "accounts.parquet", "follows.parquet/part-00000-abc.snappy.parquet" }));
    }

    [Test]
    public async Task ReadAsync_TableIsAPipe_ThrowsWithoutOpeningIt()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("FIFOs are a Unix thing.");
        }

        var folder = await DatasetAsync(followers: 3);
        var accounts = Path.Combine(folder, "accounts.parquet");
        File.Delete(accounts);
        MakeFifo(accounts);

        var read = DatasetReader.ReadAsync(folder, Options);
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.That(finished, Is.SameAs(read), "the reader must not block on a pipe");
        var ex = Assert.ThrowsAsync<InputDataException>(() => read);
        Assert.That(ex!.Message, Does.StartWith(accounts + ":").And.Contain("not a regular file"));
    }

    [Test]
    public async Task ReadAsync_TableLinksOutOfTheDataset_Throws()
    {
        var folder = await DatasetAsync(followers: 3);
        var outside = _temp.Combine("elsewhere.parquet");
        var accounts = Path.Combine(folder, "accounts.parquet");
        File.Move(accounts, outside);
        File.CreateSymbolicLink(accounts, outside);

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, Options));

        Assert.That(ex!.Message, Does.StartWith(accounts + ":").And.Contain("outside the dataset folder"));
    }

    [Test]
    public async Task ListFiles_PipeAndDeviceLinkBesideTheTables_ListsOnlyTheTables()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("FIFOs and /dev/zero are a Unix thing.");
        }

        var folder = await DatasetAsync(followers: 3);
        MakeFifo(Path.Combine(folder, "extra.parquet"));
        File.CreateSymbolicLink(Path.Combine(folder, "zero.parquet"), "/dev/zero");
        Directory.CreateDirectory(Path.Combine(folder, "nested"));
        File.CreateSymbolicLink(Path.Combine(folder, "nested", "deep.parquet"), "/dev/zero");

        var files = DatasetReader.ListFiles(folder);
        var dataset = await DatasetReader.ReadAsync(folder, Options);

        Assert.That(files.Select(f => f.RelativePath), Is.EqualTo(new[] { "accounts.parquet", "follows.parquet" }));
        Assert.That(dataset.Follows.Count, Is.EqualTo(3));
    }

    private static void MakeFifo(string path)
    {
        using var process = System.Diagnostics.Process.Start("mkfifo", [path]);
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, "mkfifo");
    }
}

/// <summary>Timestamp cells out of DateTime's range: rejected per cell, the rest of the table loads.</summary>
public sealed class HostileTimestampTests
{
    private TempFolder _temp = null!;

    [SetUp]
    public void CreateTempFolder() => _temp = new TempFolder();

    [TearDown]
    public void DeleteTempFolder() => _temp.Dispose();

    [TestCase("millis", long.MaxValue)]
    [TestCase("micros", long.MinValue)]
    [TestCase("date", (long)int.MaxValue)]
    public async Task ReadAsync_OneTimestampCellOutOfRange_RejectsThatCellOnly(string format, long raw)
    {
        var folder = _temp.Combine("ds");
        await ForgedTimestamps.WriteAccountsAsync(Path.Combine(folder, "accounts.parquet"), format, raw);
        await RawParquet.WriteAsync(Path.Combine(folder, "follows.parquet"), RawParquet.Int64("follower_id", 1, 3), RawParquet.Int64("followee_id", 2, 2));

        var dataset = await DatasetReader.ReadAsync(folder, new DatasetReadOptions { Clock = FixedClock.At2025 });

        Assert.That(dataset.Accounts.Count, Is.EqualTo(3));
        Assert.That(dataset.Accounts.CreatedAt, Is.EqualTo(new DateTime?[] { new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc), null, new DateTime(2017, 1, 1, 0, 0, 0, DateTimeKind.Utc) }));
        var rejection = dataset.Rejections.Single();
        Assert.That(rejection.Column, Is.EqualTo("created_at"));
        Assert.That(rejection.Row, Is.EqualTo(1));
        Assert.That(dataset.Follows.Count, Is.EqualTo(2));
    }
}
