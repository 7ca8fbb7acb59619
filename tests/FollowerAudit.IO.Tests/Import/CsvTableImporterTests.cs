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
}
