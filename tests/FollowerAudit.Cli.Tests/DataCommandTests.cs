using FollowerAudit.Cli.Commands;
using FollowerAudit.Core.Detectors.Fraudar;

namespace FollowerAudit.Cli.Tests;

public sealed class DataCommandTests
{
    private static string? SharedDatasets()
    {
        var dir = new DirectoryInfo(CliRunner.RepoRoot());
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "shared", "datasets")))
        {
            dir = dir.Parent;
        }

        return dir is null ? null : Path.Combine(dir.FullName, "shared", "datasets");
    }

    [Test]
    public async Task Blocks_FraudarReferenceExample_PrintsThePlantedBlock()
    {
        var shared = SharedDatasets();
        if (shared is null)
        {
            Assert.Ignore("../shared/datasets is not beside the repository; the FRAUDAR example is not available.");
        }

        var (exitCode, text) = await CliRunner.RunAsync("blocks", "--edges", Path.Combine(shared, "fraudar-example", "example.txt"), "--blocks", "1");

        Assert.That(exitCode, Is.EqualTo(0), text);
        var expected = string.Join(' ', Enumerable.Range(0, 20));
        Assert.That(text, Does.Contain("rows: " + expected).And.Contain("cols: " + expected));
    }

    [Test]
    public async Task Blocks_BlockWiderThanTheConsole_PrintsEachMemberListOnOneLine()
    {
        // 300 followers with 5-digit ids all following the same 20 accounts, in a sparse graph: the row list is
        // ~1,800 characters, wider than the console, and a script reading the output needs it on one line.
        var file = Path.Combine(CliRunner.TempFolder(), "edges.txt");
        var lines = new List<string>();
        for (var r = 0; r < 300; r++)
        {
            lines.AddRange(Enumerable.Range(0, 20).Select(c => $"{10_000 + r} {c}"));
        }

        lines.AddRange(Enumerable.Range(0, 2_000).Select(i => $"{20_000 + i} {100 + (i % 500)}"));
        await File.WriteAllLinesAsync(file, lines);

        var (exitCode, text) = await CliRunner.RunAsync("blocks", "--edges", file, "--blocks", "1");

        Assert.That(exitCode, Is.EqualTo(0), text);
        var rowLine = text.Split('\n').Single(l => l.StartsWith("  rows: ", StringComparison.Ordinal));
        Assert.That(rowLine.TrimEnd()["  rows: ".Length..].Split(' '), Is.EqualTo(Enumerable.Range(10_000, 300).Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public async Task Blocks_IdsNearTwoToThe31_FindsTheBlockUnderTheirOwnIds()
    {
        // Ids used as array indices would overflow (2³¹ − 1) or ask for gigabytes (2·10⁹): a hostile or merely sparse
        // file must still give the block, named by its ids.
        var file = Path.Combine(CliRunner.TempFolder(), "edges.txt");
        var lines = new List<string>();
        for (var r = 0; r < 30; r++)
        {
            lines.AddRange(Enumerable.Range(0, 10).Select(c => $"{2_000_000_000 + (r * 1_000)} {c}"));
        }

        lines.Add($"{int.MaxValue} 50");
        lines.AddRange(Enumerable.Range(0, 200).Select(i => $"{i} {20 + (i % 40)}"));
        await File.WriteAllLinesAsync(file, lines);

        var (exitCode, text) = await CliRunner.RunAsync("blocks", "--edges", file, "--blocks", "1");

        Assert.That(exitCode, Is.EqualTo(0), text);
        var rowLine = text.Split('\n').Single(l => l.StartsWith("  rows: ", StringComparison.Ordinal));
        Assert.That(rowLine.TrimEnd()["  rows: ".Length..].Split(' '), Is.EqualTo(Enumerable.Range(0, 30).Select(r => (2_000_000_000 + (r * 1_000)).ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public void Blocks_SparseIdsRenumbered_SameBlocksAsIdsUsedAsNodes()
    {
        // Ids up to 4,999 on 240 edges are renumbered; an isolated id with a large prior must stay a node, as it is
        // when every id below the largest is one.
        var random = new Random(3);
        var rows = new List<int>();
        var cols = new List<int>();
        for (var r = 0; r < 12; r++)
        {
            for (var c = 0; c < 8; c++)
            {
                rows.Add(4_000 + (r * 7));
                cols.Add(3_000 + (c * 11));
            }
        }

        for (var e = 0; e < 144; e++)
        {
            rows.Add(random.Next(5_000));
            cols.Add(random.Next(5_000));
        }

        var rowPriors = new double[5_000];
        rowPriors[123] = 40;
        rowPriors[4_000] = 0.5;
        var sparse = NodeNumbering.Of([.. rows], rowPriors);
        var sparseCols = NodeNumbering.Of([.. cols], null);
        Assert.That(sparse.Ids, Is.Not.Null, "the ids should be sparse enough to be renumbered");
        var options = FraudarOptions.Default with { BlockCount = 3 };

        var renumbered = FraudarAlgorithm.FindAllBlocks(sparse.Count, sparseCols.Count, sparse.Nodes, sparseCols.Nodes, options, sparse.Priors, null);
        var direct = FraudarAlgorithm.FindAllBlocks(rows.Max() + 1, cols.Max() + 1, [.. rows], [.. cols], options, rowPriors[..(rows.Max() + 1)], null);

        Assert.That(renumbered, Has.Count.EqualTo(direct.Count));
        for (var b = 0; b < direct.Count; b++)
        {
            Assert.That(renumbered[b].Rows.Select(sparse.Id).Order(), Is.EqualTo(direct[b].Rows.Order()), $"rows of block {b + 1}");
            Assert.That(renumbered[b].Cols.Select(sparseCols.Id).Order(), Is.EqualTo(direct[b].Cols.Order()), $"cols of block {b + 1}");
            Assert.That(renumbered[b].Score, Is.EqualTo(direct[b].Score).Within(1e-9), $"score of block {b + 1}");
        }

        Assert.That(direct[0].Rows, Does.Contain(123), "the isolated row with a large prior belongs to the first block");
    }

    [Test]
    public async Task Blocks_MalformedEdgeList_ExitsThreeNamingTheLine()
    {
        var file = Path.Combine(CliRunner.TempFolder(), "edges.txt");
        await File.WriteAllTextAsync(file, "0 1\n2 x\n");

        var (exitCode, text) = await CliRunner.RunAsync("blocks", "--edges", file);

        Assert.That(exitCode, Is.EqualTo(3), text);
        Assert.That(text, Does.Contain("edges.txt:2"));
    }

    [Test]
    public async Task ImportThenTrainThenAudit_CresciAccounts_ProducesAModelTheAuditAccepts()
    {
        var shared = SharedDatasets();
        if (shared is null)
        {
            Assert.Ignore("../shared/datasets is not beside the repository; the Cresci data is not available.");
        }

        var folder = CliRunner.TempFolder();
        var cresci = Path.Combine(shared, "cresci2015-E13-INT");
        var dataset = Path.Combine(folder, "cresci");
        var model = Path.Combine(folder, "model.zip");

        var import = await CliRunner.RunAsync("import", "twitter-users", Path.Combine(cresci, "E13_users.csv") + ":genuine", Path.Combine(cresci, "INT_users.csv") + ":fake", "--out", dataset);
        var train = await CliRunner.RunAsync("train", dataset, "--out", model);
        var audit = await CliRunner.RunAsync("audit", Path.Combine(CliRunner.RepoRoot(), "data-samples", "demo"), "--account", "influencer_01", "--model", model, "--out", Path.Combine(folder, "report"));

        Assert.That(import.ExitCode, Is.EqualTo(0), import.Output);
        Assert.That(import.Output, Does.Contain("1,481 genuine, 1,337 fake"));
        Assert.That(train.ExitCode, Is.EqualTo(0), train.Output);
        Assert.That(File.Exists(model), Is.True);
        Assert.That(audit.ExitCode, Is.EqualTo(0), audit.Output);
    }

    [Test]
    public async Task Train_GeneratedWorldWithTruth_ReportsPerVendorSensitivityAndAuditAcceptsTheModel()
    {
        var folder = CliRunner.TempFolder();
        var world = Path.Combine(folder, "world");
        var model = Path.Combine(folder, "model.zip");

        await CliRunner.RunAsync("generate", "--preset", "demo", "--seed", "7", "--out", world);
        var train = await CliRunner.RunAsync("train", world, "--truth", Path.Combine(world, "truth.json"), "--exclude-features", "account_age_days,posts_per_day", "--out", model);
        var audit = await CliRunner.RunAsync("audit", world, "--account", "influencer_01", "--model", model, "--out", Path.Combine(folder, "report"));

        Assert.That(train.ExitCode, Is.EqualTo(0), train.Output);
        Assert.That(train.Output, Does.Contain("sensitivity on cheap:").And.Contain("sensitivity on camouflaged:"));
        Assert.That(audit.ExitCode, Is.EqualTo(0), audit.Output);
    }

    [Test]
    public async Task Train_UnknownExcludedFeature_ExitsTwoListingTheFeatures()
    {
        var (exitCode, text) = await CliRunner.RunAsync("train", Path.Combine(CliRunner.RepoRoot(), "data-samples", "demo"), "--exclude-features", "age", "--out", Path.Combine(CliRunner.TempFolder(), "m.zip"));

        Assert.That(exitCode, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain("age").And.Contain("account_age_days"));
    }

    [Test]
    public async Task Audit_BuiltInSyntheticModel_EstimatesTheDemoCleanAccountNearZero()
    {
        var folder = CliRunner.TempFolder();

        var (exitCode, text) = await CliRunner.RunAsync("audit", Path.Combine(CliRunner.RepoRoot(), "data-samples", "demo"), "--account", "influencer_03", "--model", "synthetic", "--out", Path.Combine(folder, "report"));

        Assert.That(exitCode, Is.EqualTo(0), text);
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report", "report.json")));
        var estimate = json.RootElement.GetProperty("estimate");
        Assert.That(estimate.GetProperty("fakeShare").GetDouble(), Is.LessThanOrEqualTo(0.01));
        Assert.That(estimate.GetProperty("method").GetString(), Does.Contain("synthetic-world-seed1000"));
    }

    [Test]
    public async Task Generate_SameSeedTwice_WritesIdenticalTables()
    {
        var folder = CliRunner.TempFolder();

        await CliRunner.RunAsync("generate", "--preset", "demo", "--seed", "3", "--out", Path.Combine(folder, "a"));
        var (exitCode, text) = await CliRunner.RunAsync("generate", "--preset", "demo", "--seed", "3", "--out", Path.Combine(folder, "b"));

        Assert.That(exitCode, Is.EqualTo(0), text);
        foreach (var file in new[] { "accounts.parquet", "follows.parquet", "truth.json" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(folder, "b", file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(folder, "a", file))), file);
        }
    }

    [Test]
    public async Task Schema_Prints_TheRequiredTables()
    {
        var (exitCode, text) = await CliRunner.RunAsync("schema");

        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(text, Does.Contain("accounts").And.Contain("follows").And.Contain("followed_at"));
    }
}

public sealed class ImportCsvCommandTests
{
    [Test]
    public async Task ImportCsv_FollowerListNewestFirst_RanksTheLastRowAsEarliestFollower()
    {
        var folder = CliRunner.TempFolder();
        var list = Path.Combine(folder, "followers.csv");
        await File.WriteAllTextAsync(list, "user_id\n30\n20\nnot-a-number\n10\n");
        var dataset = Path.Combine(folder, "dataset");

        var (exitCode, text) = await CliRunner.RunAsync("import", "csv", list, "--table", "follows", "--map", "user_id=follower_id", "--followee", "1", "--out", dataset);
        var read = await FollowerAudit.IO.DatasetReader.ReadAsync(dataset);

        Assert.That(exitCode, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("null-id"), "the bad row is reported with its line");
        Assert.That(read.Follows.FollowerId, Is.EqualTo(new long[] { 30, 20, 10 }));
        Assert.That(read.Follows.FollowRank, Is.EqualTo(new long?[] { 2, 1, 0 }));
    }

    [Test]
    public async Task ImportCsv_InstagramMapping_ImportsLabeledAccounts()
    {
        var folder = CliRunner.TempFolder();
        var csv = Path.Combine(folder, "train.csv");
        await File.WriteAllTextAsync(csv, "profile pic,nums/length username,fullname words,nums/length fullname,description length,external URL,private,#posts,#followers,#follows,fake\n1,0.27,0,0,53,0,0,32,1000,955,0\n0,0.5,1,0,0,0,0,0,20,3000,1\n");

        var (exitCode, text) = await CliRunner.RunAsync("import", "csv", csv, "--map", "instagram-kaggle", "--out", Path.Combine(folder, "dataset"));

        Assert.That(exitCode, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("1 genuine, 1 fake"));
    }

    [Test]
    public async Task ImportCsv_PostsEngagementsSnapshotsInto_AddsTablesTheAuditUses()
    {
        var folder = CliRunner.TempFolder();
        var list = Path.Combine(folder, "followers.csv");
        await File.WriteAllTextAsync(list, "follower_id,followee_id,followed_at\n2,1,2024-01-05\n3,1,2024-01-06\n4,1,2024-02-01\n");
        var dataset = Path.Combine(folder, "dataset");
        var (exitCode, text) = await CliRunner.RunAsync("import", "csv", list, "--table", "follows", "--out", dataset);
        Assert.That(exitCode, Is.EqualTo(0), text);
        var posts = Path.Combine(folder, "posts.csv");
        await File.WriteAllTextAsync(posts, "id,author,posted,likes\n100,1,2024-02-02T12:00:00Z,3\n101,99,2024-02-03T12:00:00Z,1\n");
        var engagements = Path.Combine(folder, "likes.csv");
        await File.WriteAllTextAsync(engagements, "post_id,actor_id,kind\n100,2,like\n100,3,like\n");
        var snapshots = Path.Combine(folder, "counts.csv");
        await File.WriteAllTextAsync(snapshots, "account_id,at,followers_count\n1,2024-01-31,2\n1,2024-02-29,3\n");

        var (postsExit, postsText) = await CliRunner.RunAsync("import", "csv", posts, "--table", "posts", "--map", "id=post_id", "--map", "author=author_id", "--map", "posted=posted_at", "--map", "likes=like_count", "--into", dataset);
        var (engagementsExit, engagementsText) = await CliRunner.RunAsync("import", "csv", engagements, "--table", "engagements", "--into", dataset);
        var (snapshotsExit, snapshotsText) = await CliRunner.RunAsync("import", "csv", snapshots, "--table", "snapshots", "--into", dataset);
        var (againExit, againText) = await CliRunner.RunAsync("import", "csv", snapshots, "--table", "snapshots", "--into", dataset);
        var read = await FollowerAudit.IO.DatasetReader.ReadAsync(dataset);

        Assert.Multiple(() =>
        {
            Assert.That(postsExit, Is.EqualTo(0), postsText);
            Assert.That(postsText, Does.Contain("unknown-account").And.Contain("posts.csv line 3, column author"), "the post by an account not in the dataset is reported with its CSV line");
            Assert.That(engagementsExit, Is.EqualTo(0), engagementsText);
            Assert.That(snapshotsExit, Is.EqualTo(0), snapshotsText);
            Assert.That(againExit, Is.EqualTo(3), "an existing table is replaced only with --force");
            Assert.That(againText, Does.Contain("--force"));
            Assert.That(read.Posts.PostId, Is.EqualTo(new long[] { 100 }));
            Assert.That(read.Engagements.Count, Is.EqualTo(2));
            Assert.That(read.Snapshots.FollowersCount, Is.EqualTo(new long?[] { 2, 3 }));
            Assert.That(read.Follows.Count, Is.EqualTo(3));
        });
    }

    [TestCase("--out")]
    [TestCase(null)]
    public async Task ImportCsv_PostsWithoutInto_ExitsTwoAndSaysHow(string? outOption)
    {
        var folder = CliRunner.TempFolder();
        var csv = Path.Combine(folder, "posts.csv");
        await File.WriteAllTextAsync(csv, "post_id,author_id\n1,1\n");
        string[] args = outOption is null ? ["import", "csv", csv, "--table", "posts"] : ["import", "csv", csv, "--table", "posts", outOption, Path.Combine(folder, "d")];

        var (exitCode, text) = await CliRunner.RunAsync(args);

        Assert.That(exitCode, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain("--into"));
    }

    [Test]
    public async Task ImportCsv_MalformedMapping_ExitsTwo()
    {
        var folder = CliRunner.TempFolder();
        var csv = Path.Combine(folder, "x.csv");
        await File.WriteAllTextAsync(csv, "a\n1\n");

        var (exitCode, text) = await CliRunner.RunAsync("import", "csv", csv, "--map", "a=nonsense", "--out", Path.Combine(folder, "dataset"));

        Assert.That(exitCode, Is.EqualTo(2), text);
    }
}
