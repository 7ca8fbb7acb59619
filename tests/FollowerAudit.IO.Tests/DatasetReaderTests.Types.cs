using FollowerAudit.Core.Model;
using FollowerAudit.IO.Tests.TestSupport;
using Parquet.Schema;
using static FollowerAudit.IO.Tests.TestSupport.RawParquet;

namespace FollowerAudit.IO.Tests;

public sealed partial class DatasetReaderTests
{
    [Test]
    public async Task ReadAsync_Int32AndNarrowerIntegers_AreWidened()
    {
        await RawParquet.WriteAsync(
            _temp.Combine("accounts.parquet"),
            Int32("account_id", 1, 2, 3),
            Int16("followers_count", 10, null, 30),
            Int8("handle_length", 4, 5, null),
            Int32("posts_count", int.MaxValue, 0, null));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int32("follower_id", 2, 3), Int16("followee_id", 1, 1), Int8("follow_rank", 0, 1));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.Multiple(() =>
        {
            Assert.That(actual.Accounts.AccountId, Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(actual.Accounts.FollowersCount, Is.EqualTo(new long?[] { 10, null, 30 }));
            Assert.That(actual.Accounts.HandleLength, Is.EqualTo(new int?[] { 4, 5, null }));
            Assert.That(actual.Accounts.PostsCount, Is.EqualTo(new long?[] { int.MaxValue, 0, null }));
            Assert.That(actual.Follows.FollowerId, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(actual.Follows.FollowRank, Is.EqualTo(new long?[] { 0, 1 }));
        });
    }

    [Test]
    public async Task ReadAsync_RequiredNonNullableIds_AreRead()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), RequiredInt64("account_id", 1, 2));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), RequiredInt64("follower_id", 2), RequiredInt64("followee_id", 1));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Follows.FollowerId, Is.EqualTo(new long[] { 2 }));
    }

    [Test]
    public async Task ReadAsync_Int96Timestamps_AreReadAsUtc()
    {
        var t = SampleDatasets.Utc(2019, 7, 8, 9, 10, 11, 123);
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1, 2), Int96("created_at", t, null));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2), Int64("followee_id", 1), Int96("followed_at", t));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.Multiple(() =>
        {
            Assert.That(actual.Accounts.CreatedAt, Is.EqualTo(new DateTime?[] { t, null }));
            Assert.That(actual.Accounts.CreatedAt![0]!.Value.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(actual.Follows.FollowedAt![0]!.Value.Kind, Is.EqualTo(DateTimeKind.Utc));
        });
    }

    [TestCase(DateTimeTimeUnit.Millis, true)]
    [TestCase(DateTimeTimeUnit.Micros, true)]
    [TestCase(DateTimeTimeUnit.Nanos, true)]
    [TestCase(DateTimeTimeUnit.Micros, false)]
    public async Task ReadAsync_LogicalTimestamps_AreReadAsUtc(DateTimeTimeUnit unit, bool adjustedToUtc)
    {
        var t = SampleDatasets.Utc(2019, 7, 8, 9, 10, 11, 123);
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1), Timestamp("last_post_at", unit, adjustedToUtc, t));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 1), Int64("followee_id", 1));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Accounts.LastPostAt![0], Is.EqualTo(t));
        Assert.That(actual.Accounts.LastPostAt![0]!.Value.Kind, Is.EqualTo(DateTimeKind.Utc));
    }

    [Test]
    public async Task ReadAsync_FloatFractions_AreWidenedToDouble()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1, 2), RawParquet.Float("handle_digit_share", 0.5f, null));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2), Int64("followee_id", 1));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Accounts.HandleDigitShare, Is.EqualTo(new double?[] { 0.5, null }));
    }

    [Test]
    public async Task ReadAsync_LabelAsBoolean_MapsTrueToFake()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1, 2, 3), Bool("label", true, false, null));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2), Int64("followee_id", 1));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Accounts.Label, Is.EqualTo(new[] { AccountLabel.Fake, AccountLabel.Genuine, AccountLabel.Unknown }));
    }

    [Test]
    public async Task ReadAsync_LabelAsInteger_MapsOneToFakeAndRejectsOthers()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1, 2, 3, 4), Int32("label", 1, 0, null, 7));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2), Int64("followee_id", 1));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Accounts.Label, Is.EqualTo(new[] { AccountLabel.Fake, AccountLabel.Genuine, AccountLabel.Unknown, AccountLabel.Unknown }));
        Assert.That(actual.Rejections.Select(r => (r.Row, r.Column, r.Reason)), Is.EqualTo(new[] { (3L, "label", RejectionReasons.InvalidValue) }));
    }

    [Test]
    public async Task ReadAsync_LabelTextInAnyCase_IsParsed()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1, 2, 3), Text("label", " Genuine", "FAKE", ""));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2), Int64("followee_id", 1));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Accounts.Label, Is.EqualTo(new[] { AccountLabel.Genuine, AccountLabel.Fake, AccountLabel.Unknown }));
        Assert.That(actual.Rejections, Is.Empty);
    }

    [Test]
    public async Task ReadAsync_ExtraColumns_AreIgnored()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Text("notes", "x", "y"), Int64("account_id", 1, 2), Double("score", 1, 2));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2), Text("source", "api"), Int64("followee_id", 1));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Accounts.AccountId, Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(actual.Follows.FolloweeId, Is.EqualTo(new long[] { 1 }));
    }

    [Test]
    public async Task ReadAsync_ColumnNameInOtherCase_IsMatched()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("Account_ID", 1, 2), Text("Handle", "a", "b"));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("FOLLOWER_ID", 2), Int64("followee_id", 1));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Accounts.Handle, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task ReadAsync_EngagementKindsInAnyCase_AreParsed()
    {
        await RawParquet.WriteAsync(_temp.Combine("accounts.parquet"), Int64("account_id", 1, 2));
        await RawParquet.WriteAsync(_temp.Combine("follows.parquet"), Int64("follower_id", 2), Int64("followee_id", 1));
        await RawParquet.WriteAsync(_temp.Combine("engagements.parquet"), Int64("post_id", 9, 9, 9, 9, 9), Int64("actor_id", 1, 2, 1, 2, 1), Text("kind", "LIKE", "Reply", "repost", "quote", null));

        var actual = await DatasetReader.ReadAsync(_temp.Path, Options);

        Assert.That(actual.Engagements.Kind, Is.EqualTo(new[] { EngagementKind.Like, EngagementKind.Reply, EngagementKind.Repost, EngagementKind.Quote }));
        Assert.That(actual.Rejections.Single().Detail, Does.Contain("kind null"));
    }
}
