using FollowerAudit.Core.Model;
using FollowerAudit.IO.Tests.TestSupport;
using static FollowerAudit.IO.Tests.TestSupport.RawParquet;

namespace FollowerAudit.IO.Tests;

public sealed partial class DatasetReaderTests
{
    [Test]
    public void ReadAsync_MissingFolder_ThrowsNamingTheFolder()
    {
        var folder = _temp.Combine("nowhere");

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, Options));

        Assert.That(ex.Message, Does.StartWith(folder + ": not found"));
    }

    [TestCase("accounts")]
    [TestCase("follows")]
    public async Task ReadAsync_RequiredTableMissing_ThrowsNamingTheTable(string table)
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 2), _temp.Path);
        File.Delete(_temp.Combine(table + ".parquet"));

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(_temp.Path, Options));

        Assert.That(ex.Message, Does.StartWith(_temp.Combine(table + ".parquet") + ": not found").And.Contain($"{table}/"));
    }

    [Test]
    public async Task ReadAsync_MissingColumn_ThrowsNamingFileColumnAndFoundColumns()
    {
        await BadSamples.WriteAsync(_temp.Path, BadSamples.MissingColumn);
        var folder = _temp.Combine(BadSamples.MissingColumn);

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, Options));

        Assert.That(ex.Message, Is.EqualTo(InputDataException.MissingColumn(Path.Combine(folder, "follows.parquet"), "followee_id", ["follower_id", "target_id", "ts"]).Message));
    }

    [Test]
    public async Task ReadAsync_WrongType_ThrowsNamingFileColumnExpectedAndFound()
    {
        await BadSamples.WriteAsync(_temp.Path, BadSamples.WrongType);
        var folder = _temp.Combine(BadSamples.WrongType);

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, Options));

        Assert.That(ex.Message, Does.StartWith(Path.Combine(folder, "accounts.parquet") + ": column 'account_id' has type string, expected an integer"));
    }

    [Test]
    public async Task ReadAsync_CsvNamedParquet_ThrowsNotReadable()
    {
        await BadSamples.WriteAsync(_temp.Path, BadSamples.NotParquet);
        var folder = _temp.Combine(BadSamples.NotParquet);

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, Options));

        Assert.That(ex.Message, Does.StartWith(Path.Combine(folder, "accounts.parquet") + ": not a readable Parquet file").And.Contain("PAR1"));
    }

    [Test]
    public async Task ReadAsync_TruncatedFile_ThrowsNotReadable()
    {
        await BadSamples.WriteAsync(_temp.Path, BadSamples.Truncated);
        var folder = _temp.Combine(BadSamples.Truncated);

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, Options));

        Assert.That(ex.Message, Does.StartWith(Path.Combine(folder, "follows.parquet") + ": not a readable Parquet file").And.Contain("truncated"));
    }

    [Test]
    public async Task ReadAsync_CorruptFooterWithMagicBytes_ThrowsNotReadableWithInnerException()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1, 2));
        var bytes = new byte[64];
        "PAR1"u8.CopyTo(bytes);
        "PAR1"u8.CopyTo(bytes.AsSpan(60));
        bytes[56] = 40;
        await File.WriteAllBytesAsync(_temp.Combine("follows.parquet"), bytes);

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(_temp.Path, Options));

        Assert.That(ex.Message, Does.StartWith(_temp.Combine("follows.parquet") + ": not a readable Parquet file"));
        Assert.That(ex.InnerException, Is.Not.Null);
    }

    [Test]
    public async Task ReadAsync_CorruptColumnData_ThrowsNotReadable()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", [.. Enumerable.Range(1, 1000).Select(i => (long?)i)]));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2), Int64("followee_id", 1));
        var path = _temp.Combine("accounts.parquet");
        var bytes = await File.ReadAllBytesAsync(path);
        for (var i = 8; i < bytes.Length / 2; i++)
        {
            bytes[i] = 0xFF;
        }

        await File.WriteAllBytesAsync(path, bytes);

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(_temp.Path, Options));

        Assert.That(ex.Message, Does.StartWith(path + ": not a readable Parquet file"));
    }

    [Test]
    public async Task ReadAsync_EmptyFolderOfParts_ThrowsNamingTheFolder()
    {
        await BadSamples.WriteAsync(_temp.Path, BadSamples.EmptyParts);
        var folder = _temp.Combine(BadSamples.EmptyParts);

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, Options));

        Assert.That(ex.Message, Does.StartWith(Path.Combine(folder, "follows") + ": folder of the follows table holds no *.parquet part files"));
    }

    [Test]
    public async Task ReadAsync_TableAsFileAndFolder_ThrowsAmbiguous()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 2), _temp.Path);
        await RawParquet.WriteAsync(_temp.Combine("follows", "part-1.parquet"), Int64("follower_id", 2), Int64("followee_id", 1));

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(_temp.Path, Options));

        Assert.That(ex.Message, Does.StartWith(_temp.Combine("follows.parquet") + ": the table is also present as the folder"));
    }

    [Test]
    public async Task ReadAsync_BadOptionalTable_ThrowsBeforeLoadingData()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 2), _temp.Path);
        await RawParquet.WriteAsync(_temp.Combine("engagements.parquet"), Int64("post_id", 1), Int64("actor_id", 1), Int64("kind", 1));

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(_temp.Path, Options));

        Assert.That(ex.Message, Does.StartWith(_temp.Combine("engagements.parquet") + ": column 'kind' has type int64, expected string"));
    }

    [Test]
    public async Task ReadAsync_PartWithoutRequiredColumn_ThrowsNamingThePart()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1, 2));
        await RawParquet.WriteAsync(_temp.Combine("follows", "a.parquet"), Int64("follower_id", 2), Int64("followee_id", 1));
        await RawParquet.WriteAsync(_temp.Combine("follows", "b.parquet"), Int64("follower_id", 2));

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(_temp.Path, Options));

        Assert.That(ex.Message, Does.StartWith(_temp.Combine("follows", "b.parquet") + ": column 'followee_id' not found (found: follower_id)"));
    }

    [Test]
    public async Task ReadAsync_UnsignedInt64Id_ThrowsWrongType()
    {
        var field = new Parquet.Schema.DataField<ulong>("followee_id");
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1, 2));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2), new Column(field, (rg, start, count) => rg.WriteAsync<ulong>(field, new ulong[] { 1 }.AsMemory(start, count)), 1));

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(_temp.Path, Options));

        Assert.That(ex.Message, Does.StartWith(_temp.Combine("follows.parquet") + ": column 'followee_id' has type UInt64, expected an integer"));
    }
}
