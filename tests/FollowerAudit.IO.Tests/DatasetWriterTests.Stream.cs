using FollowerAudit.Core.Model;
using FollowerAudit.IO.Tests.TestSupport;
using Parquet;

namespace FollowerAudit.IO.Tests;

// DatasetWriter.Open: the streaming entry point (DatasetStreamWriter).
public sealed partial class DatasetWriterTests
{
    [Test]
    public async Task Open_AppendOneRowPerSlice_ReadsBackAsTheWholeDatasetWithOneRowGroupPerSlice()
    {
        var full = SampleDatasets.Full();
        var writer = DatasetWriter.Open(_temp.Path);
        await using (writer)
        {
            for (var row = 0; row < full.Accounts.Count; row++)
            {
                await writer.AppendAsync(full.Accounts.Select([row]));
                await writer.AppendAsync(full.Follows.Select([row]));
            }

            await writer.AppendAsync(full.Posts);
            await writer.CommitAsync();
        }

        var actual = await DatasetReader.ReadAsync(_temp.Path);
        Assert.That(actual.Accounts.AccountId, Is.EqualTo(full.Accounts.AccountId));
        Assert.That(actual.Accounts.Handle, Is.EqualTo(full.Accounts.Handle));
        Assert.That(actual.Accounts.CreatedAt, Is.EqualTo(full.Accounts.CreatedAt));
        Assert.That(actual.Accounts.Label, Is.EqualTo(full.Accounts.Label));
        Assert.That(actual.Follows.FollowerId, Is.EqualTo(full.Follows.FollowerId));
        Assert.That(actual.Follows.FollowRank, Is.EqualTo(full.Follows.FollowRank));
        Assert.That(actual.Posts.LikeCount, Is.EqualTo(full.Posts.LikeCount));
        await using var reader = await ParquetReader.CreateAsync(_temp.Combine("accounts.parquet"));
        Assert.That(reader.RowGroupCount, Is.EqualTo(full.Accounts.Count));
        Assert.That(Directory.GetFiles(_temp.Path, "*.tmp"), Is.Empty);
    }

    [Test]
    public async Task Open_AppendSliceWithOtherColumns_ThrowsNamingBoth()
    {
        await using var writer = DatasetWriter.Open(_temp.Path);
        await writer.AppendAsync(new AccountTable { AccountId = [1], Handle = ["a"] });

        var error = Assert.ThrowsAsync<ArgumentException>(() => writer.AppendAsync(new AccountTable { AccountId = [2] }));

        Assert.That(error!.Message, Does.StartWith("accounts: a slice with columns (account_id) after slices with (account_id, handle)"));
    }

    [Test]
    public async Task Open_DisposeAsyncWithoutCommit_LeavesTheEarlierDatasetAsItWas()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 2), _temp.Path);
        var before = await File.ReadAllBytesAsync(_temp.Combine("accounts.parquet"));

        var writer = DatasetWriter.Open(_temp.Path);
        await using (writer)
        {
            await writer.AppendAsync(new AccountTable { AccountId = [7, 8, 9] });
            await writer.AppendAsync(new FollowTable { FollowerId = [7], FolloweeId = [8] });
        }

        Assert.That(await File.ReadAllBytesAsync(_temp.Combine("accounts.parquet")), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "accounts.parquet", "follows.parquet" }));
    }
}
