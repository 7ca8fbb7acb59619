using FollowerAudit.Core.Model;
using FollowerAudit.IO.Sources;
using FollowerAudit.Testing;
using Parquet;

namespace FollowerAudit.IO.Tests.Sources;

public sealed class FetchedDatasetTests
{
    [Test]
    public async Task WriteAsync_SlicesOfSeven_SameAccountsAndRanksAsBuild()
    {
        var audited = new FetchedAccount("me", 1) { Handle = "me", Followers = 60 };
        var listed = Enumerable.Range(0, 60)
            .Select(i => new FetchedAccount($"f{i}", 100 + i) { Handle = $"f{i}", Followers = i * 3, CreatedAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i) })
            .ToList();
        listed.Insert(30, listed[5]); // listed again further down: kept at its newest place
        listed.Insert(10, audited);   // the account itself: left out
        string[] columns = [nameof(AccountTable.Handle), nameof(AccountTable.FollowersCount), nameof(AccountTable.CreatedAt)];
        FetchedPost[] posts = [new("p1", 11, new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc), 5, 1, 2), new("p1", 11, null, 5, 1, 2)];
        var expected = FetchedDataset.Build(audited, listed, null, posts, columns);
        var folder = TestTemp.NewFolder("streamed");

        var written = await FetchedDataset.WriteAsync(audited, () => FetchedDataset.Distinct(audited, listed), posts, columns, folder, null, CancellationToken.None, rowGroupRows: 7);

        var actual = await DatasetReader.ReadAsync(folder);
        Assert.That(written, Is.EqualTo(60));
        Assert.That(actual.Accounts.AccountId, Is.EqualTo(expected.Accounts.AccountId));
        Assert.That(actual.Accounts.Handle, Is.EqualTo(expected.Accounts.Handle));
        Assert.That(actual.Accounts.FollowersCount, Is.EqualTo(expected.Accounts.FollowersCount));
        Assert.That(actual.Accounts.CreatedAt, Is.EqualTo(expected.Accounts.CreatedAt));
        Assert.That(actual.Accounts.Bio, Is.Null, "a column the source does not fill stays absent");
        Assert.That(RanksByFollower(actual.Follows), Is.EqualTo(RanksByFollower(expected.Follows)));
        Assert.That(actual.Follows.FollowRank![0], Is.EqualTo(59), "written newest first: the first row is the latest follower");
        Assert.That(actual.Posts.PostId, Is.EqualTo(new long[] { 11 }));
        await using var reader = await ParquetReader.CreateAsync(Path.Combine(folder, "follows.parquet"));
        Assert.That(reader.RowGroupCount, Is.EqualTo(9), "60 followers in slices of 7");
    }

    [Test]
    public async Task WriteAsync_NoFollowers_AccountAndEmptyFollows()
    {
        var audited = new FetchedAccount("me", 1) { Handle = "me" };
        var folder = TestTemp.NewFolder("streamed");

        var written = await FetchedDataset.WriteAsync(audited, () => [], [], [nameof(AccountTable.Handle)], folder, null, CancellationToken.None);

        var actual = await DatasetReader.ReadAsync(folder);
        Assert.That(written, Is.Zero);
        Assert.That(actual.Accounts.Handle, Is.EqualTo(new[] { "me" }));
        Assert.That(actual.Follows.Count, Is.Zero);
        Assert.That(File.Exists(Path.Combine(folder, "posts.parquet")), Is.False);
    }

    private static List<(long Follower, long? Rank)> RanksByFollower(FollowTable follows) =>
        [.. follows.FollowerId.Zip(follows.FollowRank!).OrderBy(p => p.First)];
}
