using FollowerAudit.Core.Model;
using FollowerAudit.IO.Tests.TestSupport;
using static FollowerAudit.IO.Tests.TestSupport.RawParquet;

namespace FollowerAudit.IO.Tests;

public sealed partial class DatasetReaderTests
{
    [Test]
    public async Task ReadAsync_RejectionSample_RecordsEveryReasonWithFileRowAndColumn()
    {
        await BadSamples.WriteAsync(_temp.Path, BadSamples.Rejections);

        var actual = await DatasetReader.ReadAsync(_temp.Combine(BadSamples.Rejections), new DatasetReadOptions { Clock = BadSamples.Clock });

        var found = actual.Rejections.Select(r => (r.File, r.Row, r.Column, r.Reason));
        Assert.That(found, Is.EqualTo(new[]
        {
            ("accounts.parquet", 4L, "account_id", RejectionReasons.NullId),
            ("accounts.parquet", 5L, "account_id", RejectionReasons.DuplicateAccount),
            ("accounts.parquet", 1L, "created_at", RejectionReasons.FutureTimestamp),
            ("accounts.parquet", 2L, "created_at", RejectionReasons.TimestampTooEarly),
            ("accounts.parquet", 1L, "followers_count", RejectionReasons.NegativeCount),
            ("accounts.parquet", 2L, "label", RejectionReasons.InvalidValue),
            ("follows.parquet", 2L, "followee_id", RejectionReasons.SelfFollow),
            ("follows.parquet", 3L, "followee_id", RejectionReasons.DuplicateEdge),
            ("follows.parquet", 4L, "follower_id", RejectionReasons.UnknownAccount),
            ("follows.parquet", 5L, "follower_id", RejectionReasons.NullId),
            ("follows.parquet", 6L, "followed_at", RejectionReasons.TimestampTooEarly),
            ("posts.parquet", 1L, "author_id", RejectionReasons.UnknownAccount),
            ("posts.parquet", 2L, "post_id", RejectionReasons.InvalidValue),
            ("posts.parquet", 0L, "like_count", RejectionReasons.NegativeCount),
            ("engagements.parquet", 1L, "kind", RejectionReasons.InvalidValue),
            ("engagements.parquet", 2L, "actor_id", RejectionReasons.UnknownAccount),
            ("snapshots.parquet", 1L, "at", RejectionReasons.InvalidValue),
            ("snapshots.parquet", 2L, "account_id", RejectionReasons.UnknownAccount),
            ("snapshots.parquet", 3L, "at", RejectionReasons.FutureTimestamp),
        }));
    }

    [Test]
    public async Task ReadAsync_RejectionSample_DropsBadRowsAndNullsBadCells()
    {
        await BadSamples.WriteAsync(_temp.Path, BadSamples.Rejections);

        var actual = await DatasetReader.ReadAsync(_temp.Combine(BadSamples.Rejections), new DatasetReadOptions { Clock = BadSamples.Clock });

        Assert.Multiple(() =>
        {
            Assert.That(actual.Accounts.AccountId, Is.EqualTo(new long[] { 1, 2, 3, 4 }));
            Assert.That(actual.Accounts.CreatedAt, Is.EqualTo(new DateTime?[] { BadSamples.Utc(2010), null, null, null }));
            Assert.That(actual.Accounts.FollowersCount, Is.EqualTo(new long?[] { 10, null, 0, null }));
            Assert.That(actual.Accounts.Label, Is.EqualTo(new[] { AccountLabel.Genuine, AccountLabel.Fake, AccountLabel.Unknown, AccountLabel.Unknown }));
            Assert.That(actual.Follows.FollowerId, Is.EqualTo(new long[] { 2, 3, 4 }));
            Assert.That(actual.Follows.FollowedAt, Is.EqualTo(new DateTime?[] { BadSamples.Utc(2020), BadSamples.Utc(2020), null }));
            Assert.That(actual.Posts.PostId, Is.EqualTo(new long[] { 100 }));
            Assert.That(actual.Posts.LikeCount, Is.EqualTo(new long?[] { null }));
            Assert.That(actual.Engagements.ActorId, Is.EqualTo(new long[] { 2 }));
            Assert.That(actual.Snapshots.AccountId, Is.EqualTo(new long[] { 1 }));
        });
    }

    [Test]
    public async Task ReadAsync_RejectionSample_DetailNamesTheValue()
    {
        await BadSamples.WriteAsync(_temp.Path, BadSamples.Rejections);

        var actual = await DatasetReader.ReadAsync(_temp.Combine(BadSamples.Rejections), new DatasetReadOptions { Clock = BadSamples.Clock });

        Assert.Multiple(() =>
        {
            Assert.That(actual.Rejections.Single(r => r.Reason == RejectionReasons.DuplicateAccount).Detail, Does.Contain("account_id 2"));
            Assert.That(actual.Rejections.Single(r => r.Column == "kind").Detail, Does.Contain("'retweet'"));
            Assert.That(actual.Rejections.Single(r => r.Column == "created_at" && r.Row == 1).Detail, Does.Contain("2030-01-01T00:00:00Z"));
        });
    }

    [Test]
    public async Task ReadAsync_TimestampJustInsideTolerance_IsKept()
    {
        var now = FixedClock.At2025.GetUtcNow().UtcDateTime;
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1, 2), Timestamp("created_at", now.AddHours(23), now.AddHours(25)));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2), Int64("followee_id", 1));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Accounts.CreatedAt, Is.EqualTo(new DateTime?[] { now.AddHours(23), null }));
        Assert.That(actual.Rejections.Select(r => r.Reason), Is.EqualTo(new[] { RejectionReasons.FutureTimestamp }));
    }

    [Test]
    public async Task ReadAsync_EdgeToUnknownFollowee_RejectsWithFolloweeColumn()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1, 2));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2, 1), Int64("followee_id", 1, 42), Int64("followee_id_extra", null, null));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Rejections.Select(r => (r.Row, r.Column, r.Reason)), Is.EqualTo(new[] { (1L, "followee_id", RejectionReasons.UnknownAccount) }));
    }

    [Test]
    public async Task ReadAsync_BadDerivedValues_NullsTheCells()
    {
        await RawParquet.WriteAsync(
            _temp.Combine("accounts.parquet"),
            Int64("account_id", 1, 2),
            Double("handle_digit_share", 1.5, double.NaN),
            Int64("bio_length", 3_000_000_000, -1));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2), Int64("followee_id", 1));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.Multiple(() =>
        {
            Assert.That(actual.Accounts.HandleDigitShare, Is.EqualTo(new double?[] { null, null }));
            Assert.That(actual.Accounts.BioLength, Is.EqualTo(new int?[] { null, null }));
            Assert.That(actual.Rejections.Select(r => r.Reason), Is.EqualTo(new[]
            {
                RejectionReasons.InvalidValue, RejectionReasons.InvalidValue, RejectionReasons.InvalidValue, RejectionReasons.NegativeCount,
            }));
        });
    }
}
