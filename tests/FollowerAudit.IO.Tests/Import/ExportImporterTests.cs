using FollowerAudit.Core.Model;
using FollowerAudit.IO.Import;
using FollowerAudit.IO.Sources;
using FollowerAudit.Testing;

namespace FollowerAudit.IO.Tests.Import;

public sealed class ExportImporterTests
{
    private const string Page1 = """
        {"data":[
          {"id":"3003","username":"newest","name":"Newest","created_at":"2021-04-01T10:00:00.000Z","public_metrics":{"followers_count":5,"following_count":900,"tweet_count":0,"listed_count":0,"like_count":3},"profile_image_url":"https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png","description":"","location":"","url":"","verified":false,"protected":false},
          {"id":"3002","username":"middle","name":"Mid Dle","created_at":"2015-02-03T04:05:06.000Z","public_metrics":{"followers_count":120,"following_count":300,"tweet_count":4500,"listed_count":2,"like_count":80},"profile_image_url":"https://pbs.twimg.com/profile_images/1/x_normal.jpg","description":"hello","location":"Lyon","url":"https://t.co/x","verified":true,"protected":false}
        ],"meta":{"result_count":2,"next_token":"DFEDBNRFT3MHCZZZ"}}
        """;

    private const string Page2 = """{"data":[{"id":"3001","username":"oldest","name":"Old","created_at":"2010-01-01T00:00:00.000Z","public_metrics":{"followers_count":1,"following_count":2,"tweet_count":3,"listed_count":0},"profile_image_url":"https://pbs.twimg.com/profile_images/2/y_normal.jpg","protected":true}],"meta":{"result_count":1,"previous_token":"77qp8"}}""";

    [Test]
    public void XApi_TwoPagesInFetchOrder_RanksEarliestFirstAndMapsFields()
    {
        var folder = TestTemp.ForCurrentTest();
        var p1 = Write(folder, "p1.json", Page1);
        var p2 = Write(folder, "p2.json", Page2);

        var dataset = XApiFollowersImporter.Import([p1, p2], followee: 42);

        Assert.That(dataset.Follows.FollowerId, Is.EqualTo(new long[] { 3001, 3002, 3003 }));
        Assert.That(dataset.Follows.FollowRank, Is.EqualTo(new long?[] { 0, 1, 2 }));
        Assert.That(dataset.Follows.FolloweeId.Distinct(), Is.EqualTo(new long[] { 42 }));
        Assert.That(dataset.Accounts.TryGetRow(3003, out var newest), Is.True);
        Assert.That(dataset.Accounts.HasAvatar![newest], Is.False, "default_profile_images is the default picture");
        Assert.That(dataset.Accounts.FollowingCount![newest], Is.EqualTo(900));
        Assert.That(dataset.Accounts.LikesGivenCount![newest], Is.EqualTo(3));
        Assert.That(dataset.Accounts.TryGetRow(3002, out var middle), Is.True);
        Assert.That(dataset.Accounts.CreatedAt![middle], Is.EqualTo(new DateTime(2015, 2, 3, 4, 5, 6, DateTimeKind.Utc)));
        Assert.That(dataset.Accounts.Verified![middle], Is.True);
        Assert.That(dataset.Accounts.Location![middle], Is.EqualTo("Lyon"));
    }

    [Test]
    public void XApi_JsonLinesWithDuplicatePageAndUserLookup_SkipsTheRepeat()
    {
        var folder = TestTemp.ForCurrentTest();
        var oneLine = (string s) => s.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        var lookup = """{"data":{"id":"42","username":"target","name":"Target","public_metrics":{"followers_count":3,"following_count":1,"tweet_count":9,"listed_count":0}}}""";
        var path = Write(folder, "pages.jsonl", string.Join('\n', lookup, oneLine(Page1), oneLine(Page1), Page2) + "\n");

        var dataset = XApiFollowersImporter.Import([path], followee: null);

        Assert.That(dataset.Follows.Count, Is.EqualTo(3));
        Assert.That(dataset.Accounts.Handle![0], Is.EqualTo("target"));
        Assert.That(dataset.Follows.FolloweeId.Distinct(), Is.EqualTo(new long[] { 42 }));
    }

    [Test]
    public void XApi_OverlappingPages_RepeatedFollowerRejected()
    {
        var folder = TestTemp.ForCurrentTest();
        var p1 = Write(folder, "p1.json", Page1);
        var overlap = Write(folder, "p2.json", Page1.Replace("DFEDBNRFT3MHCZZZ", "OTHER", StringComparison.Ordinal));

        var dataset = XApiFollowersImporter.Import([p1, overlap], followee: 42);

        Assert.That(dataset.Follows.Count, Is.EqualTo(2));
        Assert.That(dataset.Rejections.Select(r => r.Reason), Is.EqualTo(new[] { RejectionReasons.DuplicateEdge, RejectionReasons.DuplicateEdge }));
    }

    [Test]
    public void XApi_TruncatedJson_NamesTheFile()
    {
        var path = Write(TestTemp.ForCurrentTest(), "cut.json", Page1[..300]);

        var error = Assert.Throws<InputDataException>(() => XApiFollowersImporter.Import([path], followee: 42));

        Assert.That(error!.Message, Does.Contain("cut.json").And.Contain("not valid JSON").And.Contain("cut short"));
    }

    [Test]
    public void XApi_PageOfAnotherEndpoint_SaysItIsNotFollowers()
    {
        var path = Write(TestTemp.ForCurrentTest(), "tweets.json", """{"data":[{"id":"1460323737035677698","text":"Introducing a new era","edit_history_tweet_ids":["1460323737035677698"]}],"meta":{"result_count":1}}""");

        var error = Assert.Throws<InputDataException>(() => XApiFollowersImporter.Import([path], followee: 42));

        Assert.That(error!.Message, Does.Contain("not a response of the followers endpoint").And.Contain("posts, not users"));
    }

    [Test]
    public void XApi_NoFollowee_SaysHowToNameIt()
    {
        var path = Write(TestTemp.ForCurrentTest(), "p1.json", Page1);

        var error = Assert.Throws<InputDataException>(() => XApiFollowersImporter.Import([path], followee: null));

        Assert.That(error!.Message, Does.Contain("--followee"));
    }

    [Test]
    public void Instagram_TwoJsonParts_FollowTimesAndRanksFromTimestamps()
    {
        var folder = TestTemp.ForCurrentTest();
        var connections = Directory.CreateDirectory(Path.Combine(folder, "connections", "followers_and_following")).FullName;
        Write(connections, "followers_1.json", """
            [
              {"title":"","media_list_data":[],"string_list_data":[{"href":"https://www.instagram.com/carol","value":"carol","timestamp":1700000300}]},
              {"title":"","media_list_data":[],"string_list_data":[{"href":"https://www.instagram.com/bob","value":"bob","timestamp":1700000200}]}
            ]
            """);
        Write(connections, "followers_2.json", """[{"title":"dave","string_list_data":[{"href":"https://www.instagram.com/_u/dave","timestamp":1600000000}]},{"title":"","string_list_data":[{"href":"https://www.instagram.com/bob","value":"bob","timestamp":1700000200}]}]""");
        Write(connections, "following.json", """{"relationships_following":[]}""");
        var personal = Directory.CreateDirectory(Path.Combine(folder, "personal_information", "personal_information")).FullName;
        Write(personal, "personal_information.json", """{"profile_user":[{"title":"","media_map_data":{},"string_map_data":{"Username":{"href":"","value":"owner_account","timestamp":0}}}]}""");

        var dataset = InstagramExportImporter.Import(folder, account: null);

        Assert.That(dataset.Accounts.Handle, Is.EqualTo(new[] { "owner_account", "carol", "bob", "dave" }));
        Assert.That(dataset.Follows.FollowRank, Is.EqualTo(new long?[] { 0, 1, 2 }));
        Assert.That(dataset.Follows.FollowerId[0], Is.EqualTo(FetchedDataset.StableId("instagram:dave")));
        Assert.That(dataset.Follows.FollowedAt, Is.EqualTo(new DateTime?[] { DateTimeOffset.FromUnixTimeSeconds(1600000000).UtcDateTime, DateTimeOffset.FromUnixTimeSeconds(1700000200).UtcDateTime, DateTimeOffset.FromUnixTimeSeconds(1700000300).UtcDateTime }));
        Assert.That(dataset.Rejections.Single().Reason, Is.EqualTo(RejectionReasons.DuplicateEdge));
    }

    [Test]
    public void Instagram_HtmlVariant_ReadsLinksAndDates()
    {
        var folder = TestTemp.ForCurrentTest();
        Write(folder, "followers_1.html", """
            <html><body><main><div class="_a6-g"><div class="_a6-p"><div><div><a target="_blank" href="https://www.instagram.com/erin">erin</a></div><div>Jan 05, 2024, 5:32 PM</div></div></div></div>
            <div class="_a6-g"><div class="_a6-p"><div><div><a target="_blank" href="https://www.instagram.com/frank">frank</a></div><div>Dec 31, 2023, 9:01 AM</div></div></div></div></main></body></html>
            """);

        var dataset = InstagramExportImporter.Import(folder, account: "me");

        Assert.That(dataset.Accounts.Handle, Is.EqualTo(new[] { "me", "erin", "frank" }));
        Assert.That(dataset.Follows.FollowedAt, Is.EqualTo(new DateTime?[] { new DateTime(2023, 12, 31, 9, 1, 0, DateTimeKind.Utc), new DateTime(2024, 1, 5, 17, 32, 0, DateTimeKind.Utc) }));
    }

    [Test]
    public void Instagram_TruncatedJson_NamesTheFile()
    {
        var folder = TestTemp.ForCurrentTest();
        Write(folder, "followers_1.json", """[{"title":"","string_list_data":[{"href":"https://www.instagram.com/x","value":"x","times""");

        var error = Assert.Throws<InputDataException>(() => InstagramExportImporter.Import(folder, account: "me"));

        Assert.That(error!.Message, Does.Contain("followers_1.json").And.Contain("cut short"));
    }

    [Test]
    public void Instagram_NoFollowersFile_SaysWhatToDownload()
    {
        var error = Assert.Throws<InputDataException>(() => InstagramExportImporter.Import(TestTemp.ForCurrentTest(), account: "me"));

        Assert.That(error!.Message, Does.Contain("followers_1.json").And.Contain("Download your information"));
    }

    private static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
