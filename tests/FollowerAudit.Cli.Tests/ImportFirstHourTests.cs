using FollowerAudit.IO;
using FollowerAudit.Testing;

namespace FollowerAudit.Cli.Tests;

/// <summary>The imports a new user tries first, with the shared real files as they come.</summary>
public sealed class ImportFirstHourTests
{
    [Test]
    public async Task ImportCsv_KagglePresetOnAFileMissingOneOfItsColumns_ImportsTheRestAndListsTheGap()
    {
        var folder = CliRunner.TempFolder();
        var partial = Path.Combine(folder, "train-without-fullname-words.csv");

        // The shared Kaggle file without its "fullname words" column (plain numeric CSV: no quoted commas).
        var lines = await File.ReadAllLinesAsync(SharedDatasets.RequireFile("instagram-kaggle", "train.csv"));
        await File.WriteAllLinesAsync(partial, lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 2))));
        var dataset = Path.Combine(folder, "instagram");

        var (exitCode, text) = await CliRunner.RunAsync("import", "csv", partial, "--map", "instagram-kaggle", "--out", dataset);
        var read = await DatasetReader.ReadAsync(dataset);

        Assert.That(exitCode, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("Data gaps").And.Contain("fullname words → display_name_words"));
        Assert.That(text, Does.Contain("288 genuine, 288 fake"));
        Assert.That(read.Accounts.DisplayNameWords, Is.Null, "the missing column is missing, not zero");
        Assert.That(read.Accounts.HandleDigitShare, Is.Not.Null);
        Assert.That(read.Accounts.FollowersCount!.Take(2), Is.EqualTo(new long?[] { 1000, 2740 }));
    }

    [Test]
    public async Task ImportCsv_CresciUsersWithoutMap_ColumnsNamedLikeTheContractMapThemselves()
    {
        var folder = CliRunner.TempFolder();
        var dataset = Path.Combine(folder, "cresci");

        var (exitCode, text) = await CliRunner.RunAsync("import", "csv", SharedDatasets.RequireFile("cresci2015-E13-INT", "E13_users.csv"), "--out", dataset);
        var read = await DatasetReader.ReadAsync(dataset);

        Assert.That(exitCode, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("Imported 1,481 accounts"));
        Assert.That(read.Accounts.FollowersCount, Is.Not.Null.And.All.Not.Null);
        Assert.That(read.Accounts.CreatedAt, Is.Not.Null.And.All.Not.Null);
        Assert.That(read.Accounts.ListedCount, Is.Not.Null);
    }

    [Test]
    public async Task ImportCsv_AccountsThenFollowerListInto_OneDatasetWithProfilesKeptAndTheAuditRuns()
    {
        var folder = CliRunner.TempFolder();
        var users = SharedDatasets.RequireFile("cresci2015-E13-INT", "E13_users.csv");
        var ids = (await File.ReadAllLinesAsync(users)).Skip(1).Select(l => long.Parse(l.Split(',')[0].Trim('"'), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var followee = ids[0];

        // 300 of the accounts follow the first one, plus one follower with no profile in the accounts file.
        var list = Path.Combine(folder, "followers.csv");
        await File.WriteAllLinesAsync(list, ["follower_id", .. ids.Skip(1).Take(300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "999"]);
        var dataset = Path.Combine(folder, "ds");
        var followeeText = followee.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var accounts = await CliRunner.RunAsync("import", "csv", users, "--map", "id=account_id", "--out", dataset);
        var follows = await CliRunner.RunAsync("import", "csv", list, "--table", "follows", "--followee", followeeText, "--into", dataset);
        var again = await CliRunner.RunAsync("import", "csv", list, "--table", "follows", "--followee", followeeText, "--into", dataset);
        var read = await DatasetReader.ReadAsync(dataset);
        var audit = await CliRunner.RunAsync("audit", dataset, "--account", followeeText, "--out", Path.Combine(folder, "report"));

        Assert.Multiple(() =>
        {
            Assert.That(accounts.ExitCode, Is.EqualTo(0), accounts.Output);
            Assert.That(follows.ExitCode, Is.EqualTo(0), follows.Output);
            Assert.That(follows.Output, Does.Contain("301 follows").And.Contain("1,481 accounts kept their profiles").And.Contain("1 id of the list without a profile was added"));
            Assert.That(again.ExitCode, Is.EqualTo(3), "existing follows are replaced only with --force");
            Assert.That(again.Output, Does.Contain("--force"));
            Assert.That(read.Accounts.Count, Is.EqualTo(1482));
            Assert.That(read.Follows.Count, Is.EqualTo(301));
            Assert.That(read.Accounts.TryGetRow(ids[1], out var profiled) && read.Accounts.FollowersCount![profiled] is not null, Is.True, "a follower keeps its profile");
            Assert.That(read.Accounts.TryGetRow(999, out var bare) && read.Accounts.FollowersCount![bare] is null, Is.True, "the unknown follower is an id-only row");
            Assert.That(audit.ExitCode, Is.EqualTo(0), audit.Output);
        });
    }

    [TestCase("--out")]
    [TestCase("--table-accounts")]
    public async Task ImportCsv_FollowsIntoWithOutOrAccountsInto_ExitsTwoAndSaysWhich(string variant)
    {
        var folder = CliRunner.TempFolder();
        var csv = Path.Combine(folder, "followers.csv");
        await File.WriteAllTextAsync(csv, "follower_id\n2\n");
        string[] args = variant == "--out"
            ? ["import", "csv", csv, "--table", "follows", "--followee", "1", "--into", Path.Combine(folder, "a"), "--out", Path.Combine(folder, "b")]
            : ["import", "csv", csv, "--into", Path.Combine(folder, "a")];

        var (exitCode, text) = await CliRunner.RunAsync(args);

        Assert.That(exitCode, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain(variant == "--out" ? "not both" : "--out"));
    }
}
