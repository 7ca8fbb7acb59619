using FollowerAudit.Core.Model;
using FollowerAudit.IO.Import;
using FollowerAudit.Testing;

namespace FollowerAudit.IO.Tests.Import;

public sealed class TwitterUsersImporterTests
{
    private const string Header = "\"id\",\"name\",\"screen_name\",\"statuses_count\",\"followers_count\",\"friends_count\",\"favourites_count\",\"listed_count\",\"created_at\",\"url\",\"location\",\"default_profile\",\"default_profile_image\",\"description\",\"updated\"\n";

    [Test]
    public void ImportCsv_QuotesNewlinesAndEmptyCells_Parsed()
    {
        var csv = Header +
            "\"1\",\"Ann \"\"The\"\" Lee\",\"ann\",\"10\",\"5\",\"7\",\"0\",\"1\",\"Thu Sep 08 13:20:35 +0000 2011\",,\"Oslo\",,,\"line one\nline two, with comma\",\"2015-02-14 10:54:49\"\n" +
            "\"2\",\"Bob\",\"bob\",\"0\",\"1\",\"900\",\"0\",\"0\",\"Fri Apr 06 10:58:22 +0000 2012\",,,\"1\",\"1\",,\"2015-02-14 10:40:01\"\n";

        var dataset = TwitterUsersImporter.ImportCsv(new StringReader(csv), "inline.csv", AccountLabel.Fake);
        var a = dataset.Accounts;

        Assert.Multiple(() =>
        {
            Assert.That(a.AccountId, Is.EqualTo(new long[] { 1, 2 }));
            Assert.That(a.DisplayName![0], Is.EqualTo("Ann \"The\" Lee"));
            Assert.That(a.Bio![0], Is.EqualTo("line one\nline two, with comma"));
            Assert.That(a.Bio![1], Is.Null);
            Assert.That(a.Url![0], Is.Null);
            Assert.That(a.CreatedAt![0], Is.EqualTo(new DateTime(2011, 9, 8, 13, 20, 35, DateTimeKind.Utc)));
            Assert.That(a.HasAvatar, Is.EqualTo(new bool?[] { true, false }));
            Assert.That(a.DefaultProfile, Is.EqualTo(new bool?[] { false, true }));
            Assert.That(a.FollowingCount![1], Is.EqualTo(900));
            Assert.That(a.Label, Is.All.EqualTo(AccountLabel.Fake));
            Assert.That(a.Verified, Is.Null, "absent column stays absent");
            Assert.That(dataset.ReferenceTime, Is.EqualTo(new DateTime(2015, 2, 14, 10, 54, 49, DateTimeKind.Utc)));
            Assert.That(dataset.Follows.Count, Is.Zero);
            Assert.That(dataset.Rejections, Is.Empty);
        });
    }

    [Test]
    public void ImportCsv_MalformedRows_RejectedNotFatal()
    {
        var csv = Header +
            "\"1\",\"A\",\"a\",\"1\",\"1\",\"1\",\"0\",\"0\",,,,,,,\n" +
            "\"x\",\"B\",\"b\",\"1\",\"1\",\"1\",\"0\",\"0\",,,,,,,\n" +
            ",\"C\",\"c\",\"1\",\"1\",\"1\",\"0\",\"0\",,,,,,,\n" +
            "\"4\",\"D\",\"d\",\"many\",\"1\",\"1\",\"0\",\"0\",,,,,,,\n" +
            "\"5\",\"E\",\"e\",\"1\"\n" +
            "\"1\",\"A again\",\"a\",\"1\",\"1\",\"1\",\"0\",\"0\",,,,,,,\n" +
            "\"6\",\"F\",\"f\",\"1\",\"-3\",\"1\",\"0\",\"0\",,,,,,,\n" +
            "\"7\",\"G\",\"g\",\"1\",\"1\",\"1\",\"0\",\"0\",,,,,,\"never closed\n";

        var dataset = TwitterUsersImporter.ImportCsv(new StringReader(csv), "bad.csv", AccountLabel.Genuine);

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Accounts.AccountId, Is.EqualTo(new long[] { 1 }));
            Assert.That(dataset.Rejections.Select(r => (r.Row, r.Reason)), Is.EqualTo(new[]
            {
                (1L, RejectionReasons.InvalidValue), (2L, RejectionReasons.NullId), (3L, RejectionReasons.InvalidValue),
                (4L, RejectionReasons.InvalidValue), (5L, RejectionReasons.DuplicateAccount), (6L, RejectionReasons.NegativeCount),
                (7L, RejectionReasons.InvalidValue),
            }));
            Assert.That(dataset.Rejections[2].Column, Is.EqualTo("statuses_count"));
            Assert.That(dataset.Rejections[0].File, Is.EqualTo("bad.csv"));
        });
    }

    [Test]
    public void ImportCsv_WrongKindOfFile_ThrowsClearMessage()
    {
        var ex = Assert.Throws<InputDataException>(() =>
            TwitterUsersImporter.ImportCsv(new StringReader("follower_id,target_id\n1,2\n"), "edges.csv", AccountLabel.Unknown));

        Assert.That(ex!.Message, Does.Contain("edges.csv: column 'id' not found (found: follower_id, target_id)"));
    }

    [Test]
    public void Import_JsonLines_ReadsUserObjects()
    {
        var path = TestTemp.NewFile("users.jsonl");
        File.WriteAllText(path,
            "{\"id\": 5, \"id_str\": \"5\", \"screen_name\": \"eve\", \"followers_count\": 3, \"friends_count\": 4, \"default_profile_image\": true, \"created_at\": \"Thu Sep 08 13:20:35 +0000 2011\", \"status\": {\"created_at\": \"Mon Jan 05 00:00:00 +0000 2015\"}}\n" +
            "not json\n");
        try
        {
            var dataset = TwitterUsersImporter.Import(path, AccountLabel.Unknown);

            Assert.Multiple(() =>
            {
                Assert.That(dataset.Accounts.AccountId, Is.EqualTo(new long[] { 5 }));
                Assert.That(dataset.Accounts.HasAvatar![0], Is.False);
                Assert.That(dataset.Accounts.LastPostAt![0], Is.EqualTo(new DateTime(2015, 1, 5, 0, 0, 0, DateTimeKind.Utc)));
                Assert.That(dataset.Accounts.Label, Is.Null);
                Assert.That(dataset.Rejections, Has.Count.EqualTo(1));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Import_JsonLineWithALoneSurrogate_SkipsThatLineOnly()
    {
        var path = TestTemp.NewFile("users.jsonl");
        File.WriteAllText(path,
            "{\"id\": 5, \"screen_name\": \"eve\", \"created_at\": \"Thu Sep 08 13:20:35 +0000 2011\"}\n" +
            "{\"id\": 6, \"screen_name\": \"bad\\ud800\", \"created_at\": \"Thu Sep 08 13:20:35 +0000 2011\"}\n" +
            "{\"id\": 7, \"screen_name\": \"bob\", \"created_at\": \"Thu Sep 08 13:20:35 +0000 2011\"}\n");

        var dataset = TwitterUsersImporter.Import(path, AccountLabel.Unknown);

        Assert.That(dataset.Accounts.AccountId, Is.EqualTo(new long[] { 5, 7 }));
        Assert.That(dataset.Rejections.Single().Detail, Does.StartWith("line 2: not a JSON user object"));
    }

    [Test]
    public void Import_CresciE13AndInt_AllRowsLabeled()
    {
        var e13 = SharedDatasets.RequireFile("cresci2015-E13-INT", "E13_users.csv");
        var fakes = SharedDatasets.RequireFile("cresci2015-E13-INT", "INT_users.csv");

        var dataset = TwitterUsersImporter.Import([(e13, AccountLabel.Genuine), (fakes, AccountLabel.Fake)]);

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Accounts.Count, Is.EqualTo(1481 + 1337));
            Assert.That(dataset.Rejections, Is.Empty);
            Assert.That(dataset.Accounts.Label!.Count(l => l == AccountLabel.Fake), Is.EqualTo(1337));
            Assert.That(dataset.ReferenceTime.Year, Is.EqualTo(2015));
        });
    }
}
