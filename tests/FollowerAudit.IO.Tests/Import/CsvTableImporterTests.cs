using FollowerAudit.Core.Model;
using FollowerAudit.IO.Import;
using FollowerAudit.Testing;

namespace FollowerAudit.IO.Tests.Import;

public sealed class CsvTableImporterTests
{
    [Test]
    public void Import_MappingWithIsoAndUnixTimes_MapsColumns()
    {
        var csv = "user,#followers,joined,last,bot\n" +
                  "7,\"1,200\",2020-05-01T10:00:00Z,1700000000,1\n" +
                  "8,15,2021-01-02,1700000000000,0\n";

        var dataset = CsvTableImporter.Import(new StringReader(csv), "x.csv",
            ["user=account_id", "#followers=followers_count", "joined=created_at", "last=last_post_at", "bot=label"]);
        var a = dataset.Accounts;

        Assert.Multiple(() =>
        {
            // "1,200" is not an integer: the row is rejected, the import goes on.
            Assert.That(a.AccountId, Is.EqualTo(new long[] { 8 }));
            Assert.That(dataset.Rejections.Single().Column, Is.EqualTo("#followers"));
            Assert.That(a.CreatedAt![0], Is.EqualTo(new DateTime(2021, 1, 2, 0, 0, 0, DateTimeKind.Utc)));
            Assert.That(a.LastPostAt![0], Is.EqualTo(DateTime.UnixEpoch.AddSeconds(1_700_000_000)));
            Assert.That(a.Label![0], Is.EqualTo(AccountLabel.Genuine));
            Assert.That(a.Handle, Is.Null);
        });
    }

    [Test]
    public void Import_MappedColumnMissing_ThrowsWithFoundColumns()
    {
        var ex = Assert.Throws<InputDataException>(() =>
            CsvTableImporter.Import(new StringReader("a,b\n1,2\n"), "y.csv", ["#followers=followers_count"]));

        Assert.That(ex!.Message, Does.Contain("y.csv: column '#followers' not found (found: a, b)"));
    }

    [Test]
    public void Import_NothingMappable_ThrowsClearMessage()
    {
        var ex = Assert.Throws<InputDataException>(() => CsvTableImporter.Import(new StringReader("a,b\n1,2\n"), "z.csv", []));

        Assert.That(ex!.Message, Does.Contain("no account column could be mapped"));
    }

    [Test]
    public void Import_UnknownTarget_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => CsvTableImporter.Import(new StringReader("a\n1\n"), "z.csv", ["a=shoe_size"]));

    [Test]
    public void Import_InstagramKaggle_AllRowsWithDerivedColumns()
    {
        var path = SharedDatasets.RequireFile("instagram-kaggle", "train.csv");

        var dataset = CsvTableImporter.Import(path, CsvTableImporter.InstagramKaggleMapping);
        var a = dataset.Accounts;

        Assert.Multiple(() =>
        {
            Assert.That(a.Count, Is.EqualTo(576));
            Assert.That(dataset.Rejections, Is.Empty);
            Assert.That(a.Label!.Count(l => l == AccountLabel.Fake), Is.EqualTo(288));
            Assert.That(a.HandleDigitShare![0], Is.EqualTo(0.27));
            Assert.That(a.FollowersCount![0], Is.EqualTo(1000));
            Assert.That(a.Handle, Is.Null);
            Assert.That(a.CreatedAt, Is.Null);
        });
    }

    [Test]
    public void Import_LabelCodes_TranslatedAndUnknownCodeRejected()
    {
        var csv = "class,flw\nr,10\na,20\ns,5\nx,3\n";

        var dataset = CsvTableImporter.Import(new StringReader(csv), "codes.csv", ["flw=followers_count", "class=label[r:genuine,a:fake,s:unknown]"]);

        Assert.Multiple(() =>
        {
            Assert.That(dataset.Accounts.Label, Is.EqualTo(new[] { AccountLabel.Genuine, AccountLabel.Fake, AccountLabel.Unknown }));
            Assert.That(dataset.Rejections, Has.Count.EqualTo(1));
            Assert.That(dataset.Rejections[0].Detail, Does.Contain("'x'").And.Contain("mapped label codes"));
        });
    }

    [Test]
    public void Import_MalformedLabelCodes_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => CsvTableImporter.Import(new StringReader("class\nr\n"), "z.csv", ["class=label[r:human]"]));

        Assert.That(ex!.Message, Does.Contain("'r:human'"));
    }

    [Test]
    public void Import_InstagramPurba_FakesBoughtSpammersUnlabelledNoHandleColumns()
    {
        var path = SharedDatasets.RequireFile("instagram-purba2020", "user_fake_authentic_4class.csv");

        var dataset = CsvTableImporter.Import(path, CsvTableImporter.InstagramPurbaMapping);
        var a = dataset.Accounts;

        Assert.Multiple(() =>
        {
            Assert.That(a.Count, Is.EqualTo(43_307));
            Assert.That(dataset.Rejections, Is.Empty);
            Assert.That(a.Label!.Count(l => l == AccountLabel.Genuine), Is.EqualTo(10_441));
            Assert.That(a.Label!.Count(l => l == AccountLabel.Fake), Is.EqualTo(12_054 + 10_549));
            Assert.That(a.Label!.Count(l => l == AccountLabel.Unknown), Is.EqualTo(10_263), "spammers are not bought followers");
            Assert.That((a.PostsCount![0], a.FollowersCount![0], a.FollowingCount![0], a.BioLength![0], a.HasAvatar![0], a.HasUrl![0]), Is.EqualTo((69L, 541L, 440L, 293, true, false)));
            Assert.That(a.HandleDigitShare, Is.Null, "a column the export lacks stays absent, never zero");
            Assert.That(a.CreatedAt, Is.Null);
        });
    }
}
