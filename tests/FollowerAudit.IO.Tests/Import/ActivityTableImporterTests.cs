using FollowerAudit.Core.Model;
using FollowerAudit.IO.Import;
using FollowerAudit.Testing;

namespace FollowerAudit.IO.Tests.Import;

public sealed class ActivityTableImporterTests
{
    // Accounts 1..3, account 1 follows 2.
    private static AuditDataset Existing() => new GraphBuilder().Account(1).Account(2).Account(3).Follow(1, 2).Build();

    [Test]
    public void Import_Posts_MapsColumnsAndRejectsBadRowsWithTheirLine()
    {
        var csv = "id,user,created,favorite_count,reply_count\n" +
                  "100,1,2024-03-01T10:00:00Z,5,1\n" +
                  "101,9,2024-03-02T10:00:00Z,5,1\n" +    // unknown author
                  "100,2,2024-03-03T10:00:00Z,5,1\n" +    // duplicate post id
                  "102,2,yesterday,5,1\n" +               // bad time
                  "103,3,1709287200,-4,0\n" +             // negative count
                  "104,3,,7,\n";                          // blank optional cells are null

        var (dataset, rejections) = ActivityTableImporter.Import(new StringReader(csv), "posts.csv", "posts",
            ["id=post_id", "user=author_id", "created=posted_at", "favorite_count=like_count"], Existing());
        var posts = dataset.Posts;

        Assert.Multiple(() =>
        {
            Assert.That(posts.PostId, Is.EqualTo(new long[] { 100, 104 }));
            Assert.That(posts.AuthorId, Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(posts.PostedAt, Is.EqualTo(new DateTime?[] { new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc), null }));
            Assert.That(posts.LikeCount, Is.EqualTo(new long?[] { 5, 7 }));
            Assert.That(posts.ReplyCount, Is.EqualTo(new long?[] { 1, null }));
            Assert.That(posts.RepostCount, Is.Null, "a column the file does not have stays absent");
            Assert.That(rejections.Select(r => r.Reason), Is.EqualTo(new[] { RejectionReasons.UnknownAccount, RejectionReasons.InvalidValue, RejectionReasons.InvalidValue, RejectionReasons.NegativeCount }));
            Assert.That(rejections[0].Detail, Does.StartWith("line 3:"));
            Assert.That(rejections[0].Column, Is.EqualTo("user"));
            Assert.That(dataset.Follows.Count, Is.EqualTo(1), "the other tables are kept");
        });
    }

    [Test]
    public void Import_Engagements_ReadsKindsWithTwitterNames()
    {
        var csv = "post_id,actor_id,kind,at\n100,2,favorite,2024-03-01T11:00:00Z\n100,3,retweet,\n100,3,clap,\n";

        var (dataset, rejections) = ActivityTableImporter.Import(new StringReader(csv), "e.csv", "engagements", [], Existing());

        Assert.That(dataset.Engagements.Kind, Is.EqualTo(new[] { EngagementKind.Like, EngagementKind.Repost }));
        Assert.That(dataset.Engagements.At, Is.EqualTo(new DateTime?[] { new DateTime(2024, 3, 1, 11, 0, 0, DateTimeKind.Utc), null }));
        Assert.That(rejections.Single().Column, Is.EqualTo("kind"));
    }

    [Test]
    public void Import_SnapshotsWithoutRequiredTime_NamesTheColumnAndTheFix()
    {
        var csv = "account_id,followers_count\n1,10\n";

        var error = Assert.Throws<InputDataException>(() => ActivityTableImporter.Import(new StringReader(csv), "s.csv", "snapshots", [], Existing()));

        Assert.That(error!.Message, Does.Contain("s.csv").And.Contain("no at column").And.Contain("--map"));
    }

    [Test]
    public void Import_SnapshotsBlankRequiredTime_RejectsTheRow()
    {
        var csv = "account_id,at,followers_count\n1,2024-01-01,10\n2,,11\n";

        var (dataset, rejections) = ActivityTableImporter.Import(new StringReader(csv), "s.csv", "snapshots", [], Existing());

        Assert.That(dataset.Snapshots.AccountId, Is.EqualTo(new long[] { 1 }));
        Assert.That(dataset.Snapshots.FollowersCount, Is.EqualTo(new long?[] { 10 }));
        Assert.That(rejections.Single().Column, Is.EqualTo("at"));
    }

    [Test]
    public void Import_MappingToAnotherTablesColumn_IsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => ActivityTableImporter.Import(new StringReader("a\n1\n"), "x.csv", "posts", ["a=followers_count"], Existing()));
    }

    [Test]
    public async Task WriteTableAsync_Posts_ReplacesOnlyThatTable()
    {
        var folder = Path.Combine(TestTemp.NewFolder("activity"), "dataset");
        await DatasetWriter.WriteAsync(Existing(), folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "truth.json"), "{}");
        var (dataset, _) = ActivityTableImporter.Import(new StringReader("post_id,author_id,like_count\n100,1,5\n"), "p.csv", "posts", [], Existing());

        await DatasetWriter.WriteTableAsync(dataset, folder, "posts");
        var read = await DatasetReader.ReadAsync(folder);

        Assert.That(read.Posts.PostId, Is.EqualTo(new long[] { 100 }));
        Assert.That(read.Follows.Count, Is.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(folder, "truth.json")), Is.True, "other files in the folder are left alone");
        Assert.That(Directory.GetFiles(folder, "*.tmp"), Is.Empty);
        Directory.Delete(folder, recursive: true);
    }
}
