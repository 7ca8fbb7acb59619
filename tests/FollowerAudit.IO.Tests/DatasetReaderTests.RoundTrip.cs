using FollowerAudit.Core.Model;
using FollowerAudit.IO.Tests.TestSupport;

namespace FollowerAudit.IO.Tests;

public sealed partial class DatasetReaderTests
{
    private static readonly DatasetReadOptions Options = new() { Clock = FixedClock.At2025 };

    private TempFolder _temp = null!;

    [SetUp]
    public void CreateTempFolder() => _temp = new TempFolder();

    [TearDown]
    public void DeleteTempFolder() => _temp.Dispose();

    [Test]
    public async Task ReadAsync_WrittenFullDataset_RoundTripsEveryTableAndColumn()
    {
        var expected = SampleDatasets.Full();
        await DatasetWriter.WriteAsync(expected, _temp.Path);

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        var (a, e) = (actual.Accounts, expected.Accounts);
        Assert.Multiple(() =>
        {
            Assert.That(actual.Rejections, Is.Empty);
            Assert.That(a.AccountId, Is.EqualTo(e.AccountId));
            Assert.That(a.Handle, Is.EqualTo(e.Handle));
            Assert.That(a.DisplayName, Is.EqualTo(e.DisplayName));
            Assert.That(a.CreatedAt, Is.EqualTo(e.CreatedAt));
            Assert.That(a.FollowersCount, Is.EqualTo(e.FollowersCount));
            Assert.That(a.FollowingCount, Is.EqualTo(e.FollowingCount));
            Assert.That(a.PostsCount, Is.EqualTo(e.PostsCount));
            Assert.That(a.LikesGivenCount, Is.EqualTo(e.LikesGivenCount));
            Assert.That(a.ListedCount, Is.EqualTo(e.ListedCount));
            Assert.That(a.Bio, Is.EqualTo(e.Bio));
            Assert.That(a.Location, Is.EqualTo(e.Location));
            Assert.That(a.Url, Is.EqualTo(e.Url));
            Assert.That(a.HasAvatar, Is.EqualTo(e.HasAvatar));
            Assert.That(a.Verified, Is.EqualTo(e.Verified));
            Assert.That(a.Protected, Is.EqualTo(e.Protected));
            Assert.That(a.DefaultProfile, Is.EqualTo(e.DefaultProfile));
            Assert.That(a.LastPostAt, Is.EqualTo(e.LastPostAt));
            Assert.That(a.Lang, Is.EqualTo(e.Lang));
            Assert.That(a.Label, Is.EqualTo(e.Label));
            Assert.That(a.HandleLength, Is.EqualTo(e.HandleLength));
            Assert.That(a.HandleDigitShare, Is.EqualTo(e.HandleDigitShare));
            Assert.That(a.DisplayNameWords, Is.EqualTo(e.DisplayNameWords));
            Assert.That(a.DisplayNameDigitShare, Is.EqualTo(e.DisplayNameDigitShare));
            Assert.That(a.BioLength, Is.EqualTo(e.BioLength));
            Assert.That(a.HasUrl, Is.EqualTo(e.HasUrl));

            Assert.That(actual.Follows.FollowerId, Is.EqualTo(expected.Follows.FollowerId));
            Assert.That(actual.Follows.FolloweeId, Is.EqualTo(expected.Follows.FolloweeId));
            Assert.That(actual.Follows.FollowedAt, Is.EqualTo(expected.Follows.FollowedAt));
            Assert.That(actual.Follows.FollowRank, Is.EqualTo(expected.Follows.FollowRank));

            Assert.That(actual.Posts.PostId, Is.EqualTo(expected.Posts.PostId));
            Assert.That(actual.Posts.AuthorId, Is.EqualTo(expected.Posts.AuthorId));
            Assert.That(actual.Posts.PostedAt, Is.EqualTo(expected.Posts.PostedAt));
            Assert.That(actual.Posts.LikeCount, Is.EqualTo(expected.Posts.LikeCount));
            Assert.That(actual.Posts.ReplyCount, Is.EqualTo(expected.Posts.ReplyCount));
            Assert.That(actual.Posts.RepostCount, Is.EqualTo(expected.Posts.RepostCount));
            Assert.That(actual.Posts.ViewCount, Is.EqualTo(expected.Posts.ViewCount));

            Assert.That(actual.Engagements.PostId, Is.EqualTo(expected.Engagements.PostId));
            Assert.That(actual.Engagements.ActorId, Is.EqualTo(expected.Engagements.ActorId));
            Assert.That(actual.Engagements.Kind, Is.EqualTo(expected.Engagements.Kind));
            Assert.That(actual.Engagements.At, Is.EqualTo(expected.Engagements.At));

            Assert.That(actual.Snapshots.AccountId, Is.EqualTo(expected.Snapshots.AccountId));
            Assert.That(actual.Snapshots.At, Is.EqualTo(expected.Snapshots.At));
            Assert.That(actual.Snapshots.FollowersCount, Is.EqualTo(expected.Snapshots.FollowersCount));
            Assert.That(actual.Snapshots.FollowingCount, Is.EqualTo(expected.Snapshots.FollowingCount));
            Assert.That(actual.Snapshots.PostsCount, Is.EqualTo(expected.Snapshots.PostsCount));
        });
    }

    [Test]
    public async Task ReadAsync_WrittenFullDataset_EveryTimestampIsUtc()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Full(), _temp.Path);

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        var times = new[] { actual.Accounts.CreatedAt!, actual.Accounts.LastPostAt!, actual.Follows.FollowedAt!, actual.Posts.PostedAt, actual.Engagements.At! }
            .SelectMany(column => column)
            .OfType<DateTime>()
            .Concat(actual.Snapshots.At)
            .ToList();
        Assert.That(times, Has.Count.EqualTo(11));
        Assert.That(times.Select(t => t.Kind), Has.All.EqualTo(DateTimeKind.Utc));
    }

    [Test]
    public async Task ReadAsync_OnlyAccountIdsAndFollows_LeavesAbsentColumnsAndTablesEmpty()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 4), _temp.Path);

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.Multiple(() =>
        {
            Assert.That(actual.Accounts.AccountId, Is.EqualTo(new long[] { 1, 2, 3, 4 }));
            Assert.That(actual.Accounts.Handle, Is.Null);
            Assert.That(actual.Accounts.CreatedAt, Is.Null);
            Assert.That(actual.Accounts.FollowersCount, Is.Null);
            Assert.That(actual.Accounts.Label, Is.Null);
            Assert.That(actual.Accounts.HandleLength, Is.Null);
            Assert.That(actual.Accounts.HasUrl, Is.Null);
            Assert.That(actual.Follows.FolloweeId, Is.EqualTo(new long[] { 1, 2, 3, 4 }));
            Assert.That(actual.Follows.FollowedAt, Is.Null);
            Assert.That(actual.Follows.FollowRank, Is.Null);
            Assert.That(actual.Posts.Count, Is.Zero);
            Assert.That(actual.Engagements.Count, Is.Zero);
            Assert.That(actual.Snapshots.Count, Is.Zero);
        });
    }

    [Test]
    public async Task ReadAsync_SeveralRowGroups_ReadsEveryRowInOrder()
    {
        var expected = SampleDatasets.Minimal(accounts: 25, edgesPerFollowee: 3);
        await DatasetWriter.WriteAsync(expected, _temp.Path, maxRowGroupRows: 7);

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.Multiple(() =>
        {
            Assert.That(actual.Accounts.AccountId, Is.EqualTo(expected.Accounts.AccountId));
            Assert.That(actual.Follows.FollowerId, Is.EqualTo(expected.Follows.FollowerId));
            Assert.That(actual.Follows.FolloweeId, Is.EqualTo(expected.Follows.FolloweeId));
            Assert.That(actual.Rejections, Is.Empty);
        });
    }

    [Test]
    public async Task ReadAsync_SeveralRowGroupsWithRejections_NumbersRowsAcrossGroups()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), 2, RawParquet.Int64("account_id", 1, 2, 3, 1, 4));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), 2, RawParquet.Int64("follower_id", 2, 3, 4, 4, 2), RawParquet.Int64("followee_id", 1, 1, 1, 4, 3));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.Multiple(() =>
        {
            Assert.That(actual.Accounts.AccountId, Is.EqualTo(new long[] { 1, 2, 3, 4 }));
            Assert.That(actual.Follows.FollowerId, Is.EqualTo(new long[] { 2, 3, 4, 2 }));
            Assert.That(actual.Rejections, Is.EqualTo(new[]
            {
                new Rejection("accounts.parquet", 3, "account_id", RejectionReasons.DuplicateAccount, actual.Rejections[0].Detail),
                new Rejection("follows.parquet", 3, "followee_id", RejectionReasons.SelfFollow, actual.Rejections[1].Detail),
            }));
        });
    }

    [Test]
    public async Task ReadAsync_FolderOfParts_ReadsPartsInNameOrderWithContinuingRowNumbers()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), RawParquet.Int64("account_id", 1, 2, 3));
        await RawParquet.WriteAsync(_temp.Combine("follows", "part-0002.parquet"), RawParquet.Int64("follower_id", 3, 3), RawParquet.Int64("followee_id", 2, 3));
        await RawParquet.WriteAsync(_temp.Combine("follows", "part-0001.parquet"), RawParquet.Int64("follower_id", 2, 3), RawParquet.Int64("followee_id", 1, 1));
        await RawParquet.WriteAsync(_temp.Combine("follows", "part-0003.parquet"), 1, RawParquet.Int64("follower_id", 1, 2), RawParquet.Int64("followee_id", 2, 3), RawParquet.Timestamp("followed_at", SampleDatasets.Utc(2020, 1, 1), null));
        await File.WriteAllTextAsync(_temp.Combine("follows", "_SUCCESS"), "");

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.Multiple(() =>
        {
            Assert.That(actual.Follows.FollowerId, Is.EqualTo(new long[] { 2, 3, 3, 1, 2 }));
            Assert.That(actual.Follows.FolloweeId, Is.EqualTo(new long[] { 1, 1, 2, 2, 3 }));
            Assert.That(actual.Follows.FollowedAt, Is.EqualTo(new DateTime?[] { null, null, null, SampleDatasets.Utc(2020, 1, 1), null }));
            Assert.That(actual.Rejections, Has.Count.EqualTo(1));
            Assert.That(actual.Rejections[0], Is.EqualTo(new Rejection("follows/part-0002.parquet", 3, "followee_id", RejectionReasons.SelfFollow, actual.Rejections[0].Detail)));
        });
    }

    [Test]
    public async Task ReadAsync_ReferenceTimeGiven_PassesItToTheDataset()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 2), _temp.Path);
        var reference = SampleDatasets.Utc(2024, 5, 5);

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options with { ReferenceTime = reference });

        Assert.That(actual.ReferenceTime, Is.EqualTo(reference));
    }

    [Test]
    public async Task ReadAsync_EmptyTables_LoadsEmptyDataset()
    {
        await DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 0), _temp.Path);

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Accounts.Count + actual.Follows.Count, Is.Zero);
    }

    [Test]
    public void ReadAsync_CancelledToken_ThrowsOperationCanceled()
    {
        DatasetWriter.WriteAsync(SampleDatasets.Minimal(accounts: 3), _temp.Path).GetAwaiter().GetResult();

        Assert.That(async () => await DatasetReader.ReadAsync(_temp.Path, Options, new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void ReadAsync_LocalReferenceTime_ThrowsArgumentException()
    {
        var options = Options with { ReferenceTime = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Local) };

        Assert.That(async () => await DatasetReader.ReadAsync(_temp.Path, options), Throws.ArgumentException.With.Message.Contains("ReferenceTime must be UTC"));
    }
}
