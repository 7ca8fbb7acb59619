using FollowerAudit.IO.Tests.TestSupport;
using Parquet;
using Parquet.Schema;

namespace FollowerAudit.IO.Tests;

public sealed partial class DatasetWriterTests
{
    private TempFolder _temp = null!;

    [SetUp]
    public void CreateTempFolder() => _temp = new TempFolder();

    [TearDown]
    public void DeleteTempFolder() => _temp.Dispose();

    [Test]
    public async Task WriteAsync_FullDataset_WritesOneFilePerTableAndNoTempFiles()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Full(), _temp.Path);

        var files = Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.That(files, Is.EqualTo(new[] { "accounts.parquet", "engagements.parquet", "follows.parquet", "posts.parquet", "snapshots.parquet" }));
    }

    [Test]
    public async Task WriteAsync_FullDataset_WritesEveryContractColumnInContractOrder()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Full(), _temp.Path);

        foreach (var table in DataContract.Tables)
        {
            var schema = await ReadSchemaAsync(table.Name);
            Assert.That(schema.DataFields.Select(f => f.Name), Is.EqualTo(table.Columns.Select(c => c.Name)), table.Name);
        }
    }

    [Test]
    public async Task WriteAsync_PartialDataset_WritesOnlyPresentColumnsAndRequiredTables()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 3), _temp.Path);

        Assert.Multiple(async () =>
        {
            Assert.That((await ReadSchemaAsync("accounts")).DataFields.Select(f => f.Name), Is.EqualTo(new[] { "account_id" }));
            Assert.That((await ReadSchemaAsync("follows")).DataFields.Select(f => f.Name), Is.EqualTo(new[] { "follower_id", "followee_id" }));
            Assert.That(File.Exists(_temp.Combine("posts.parquet")), Is.False);
        });
    }

    [Test]
    public async Task WriteAsync_Timestamps_AreUtcMillisecondLogicalTimestamps()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Full(), _temp.Path);

        var field = (await ReadSchemaAsync("follows")).DataFields.Single(f => f.Name == "followed_at");

        Assert.That(field, Is.TypeOf<DateTimeDataField>());
        var timestamp = (DateTimeDataField)field;
        Assert.Multiple(() =>
        {
            Assert.That(timestamp.IsAdjustedToUTC, Is.True);
            Assert.That(timestamp.Unit, Is.EqualTo(DateTimeTimeUnit.Millis));
            Assert.That(timestamp.SchemaElement?.Type, Is.EqualTo(Parquet.Meta.Type.INT64));
        });
    }

    [Test]
    public async Task WriteAsync_LabelAndKind_AreWrittenAsStrings()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Full(), _temp.Path);

        var labels = await ReadStringsAsync("accounts", "label");
        var kinds = await ReadStringsAsync("engagements", "kind");

        Assert.That(labels, Is.EqualTo(new[] { "genuine", null, "fake" }));
        Assert.That(kinds, Is.EqualTo(new[] { "like", "reply", "repost", "quote" }));
    }

    [Test]
    public async Task WriteAsync_SmallRowGroupSize_SplitsIntoSeveralRowGroups()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 10, edgesPerFollowee: 2), _temp.Path, maxRowGroupRows: 3);

        await using var reader = await ParquetReader.CreateAsync(_temp.Combine("follows.parquet"));

        Assert.That(reader.RowGroups.Select(g => g.RowCount), Is.EqualTo(new long[] { 3, 3, 3, 3, 3, 3, 2 }));
    }

    [Test]
    public async Task WriteAsync_ExistingDataset_ReplacesTheFiles()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 5), _temp.Path);

        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 2), _temp.Path);

        var actual = await DatasetReader.ReadAsync(_temp.Path);
        Assert.That(actual.Accounts.AccountId, Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task WriteAsync_StaleOptionalTable_ThrowsAndWritesNothing()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Full(), _temp.Path);
        var before = await File.ReadAllBytesAsync(_temp.Combine("accounts.parquet"));

        var ex = Assert.ThrowsAsync<IOException>(() => DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 2), _temp.Path));

        Assert.That(ex.Message, Does.Contain("posts.parquet"));
        Assert.That(await File.ReadAllBytesAsync(_temp.Combine("accounts.parquet")), Is.EqualTo(before));
    }

    [Test]
    public void WriteAsync_FolderOfPartsPresent_Throws()
    {
        Directory.CreateDirectory(_temp.Combine("follows"));

        var ex = Assert.ThrowsAsync<IOException>(() => DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 2), _temp.Path));

        Assert.That(ex.Message, Does.StartWith(_temp.Combine("follows") + ": a folder of follows parts"));
    }

    [Test]
    public void WriteAsync_Cancelled_LeavesNoFiles()
    {
        var folder = _temp.Combine("out");

        Assert.That(() => DatasetWriter.WriteAsync(SampleDatasets.Full(), folder, new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(Directory.GetFileSystemEntries(folder), Is.Empty);
    }

    [Test]
    public async Task WriteAsync_MissingFolder_CreatesIt()
    {
        var folder = _temp.Combine("a", "b");

        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 2), folder);

        Assert.That(File.Exists(Path.Combine(folder, "follows.parquet")), Is.True);
    }

    private async Task<ParquetSchema> ReadSchemaAsync(string table)
    {
        await using var reader = await ParquetReader.CreateAsync(_temp.Combine(table + ".parquet"));
        return reader.Schema;
    }

    private async Task<string?[]> ReadStringsAsync(string table, string column)
    {
        await using var reader = await ParquetReader.CreateAsync(_temp.Combine(table + ".parquet"));
        var field = reader.Schema.DataFields.Single(f => f.Name == column);
        using var rowGroup = reader.OpenRowGroupReader(0);
        var values = new string?[rowGroup.RowCount];
        await rowGroup.ReadAsync(field, values);
        return values;
    }
}
