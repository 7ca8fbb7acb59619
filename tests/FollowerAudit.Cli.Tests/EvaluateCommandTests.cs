using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FollowerAudit.Cli.Tests;

public sealed class EvaluateCommandTests
{
    // A labeled Kaggle-format CSV: fakes follow many and are followed by few, with noise; one seed per population.
    internal static async Task<string> ImportPopulationAsync(string folder, string name, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("profile pic,nums/length username,fullname words,nums/length fullname,description length,external URL,private,#posts,#followers,#follows,fake\n");
        for (var i = 0; i < 80; i++)
        {
            var fake = i % 2 == 1;
            var looksFake = fake ^ (random.NextDouble() < 0.1);
            csv.Append(CultureInfo.InvariantCulture,
                $"{(looksFake ? 0 : 1)},{random.NextDouble() * (looksFake ? 0.6 : 0.2):0.00},1,0,{(looksFake ? random.Next(0, 5) : random.Next(10, 150))},0,0,{(looksFake ? random.Next(0, 10) : random.Next(20, 900))},{(looksFake ? random.Next(0, 60) : random.Next(100, 5000))},{(looksFake ? random.Next(500, 7000) : random.Next(50, 900))},{(fake ? 1 : 0)}\n");
        }

        var file = Path.Combine(folder, name + ".csv");
        await File.WriteAllTextAsync(file, csv.ToString());
        var dataset = Path.Combine(folder, name);
        var (exitCode, text) = await CliRunner.RunAsync("import", "csv", file, "--map", "instagram-kaggle", "--out", dataset);
        Assert.That(exitCode, Is.EqualTo(0), text);
        return dataset;
    }

    [Test]
    public async Task Evaluate_Lopo_RowsPerTestPopulationRocPointsAndScoresCsv()
    {
        var folder = CliRunner.TempFolder();
        var a = await ImportPopulationAsync(folder, "pop-a", 1);
        var b = await ImportPopulationAsync(folder, "pop-b", 2);
        var c = await ImportPopulationAsync(folder, "pop-c", 3);
        var json = Path.Combine(folder, "lopo.json");
        var scores = Path.Combine(folder, "scores.csv");

        var (exitCode, text) = await CliRunner.RunAsync("evaluate", "--lopo", $"{a}+{b}+{c}", "--calibration-folds", "2", "--json", json, "--scores", scores);

        Assert.That(exitCode, Is.EqualTo(0), text);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var rows = doc.RootElement.GetProperty("scorers").EnumerateArray().ToList();
        var classifierRows = rows.Where(r => r.GetProperty("name").GetString()!.StartsWith("classifier → ", StringComparison.Ordinal)).ToList();
        var lines = await File.ReadAllLinesAsync(scores);
        Assert.Multiple(() =>
        {
            Assert.That(classifierRows.Select(r => r.GetProperty("name").GetString()), Is.EqualTo(new[] { "classifier → pop-a", "classifier → pop-b", "classifier → pop-c" }));
            Assert.That(classifierRows.Select(r => r.GetProperty("evaluation").GetString()), Is.All.StartWith("out-of-population"));
            Assert.That(classifierRows.Select(r => r.GetProperty("roc").GetArrayLength()), Is.All.GreaterThan(2));
            Assert.That(classifierRows.Select(r => r.GetProperty("auc").GetDouble()), Is.All.GreaterThan(0.8), "alike populations transfer");
            Assert.That(lines[0], Does.StartWith("population,account_id,label,classifier,profile-rules"));
            Assert.That(lines, Has.Length.EqualTo(1 + (3 * 80)));
            Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]).Distinct(), Is.EqualTo(new[] { "pop-a", "pop-b", "pop-c" }));
        });
    }

    [Test]
    public async Task Evaluate_OneDataset_ShippedModelRowSaysWhereItWasTrained()
    {
        var folder = CliRunner.TempFolder();
        var a = await ImportPopulationAsync(folder, "pop-a", 1);

        var (exitCode, text) = await CliRunner.RunAsync("evaluate", a, "--cv", "2", "--calibration-folds", "2");

        Assert.That(exitCode, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("classifier: model as shipped, trained on cresci-2015 + instagram-kaggle + instagram-purba2020: in-sample where"));
    }

    [Test]
    public async Task Evaluate_LopoWithOneDataset_BadArguments()
    {
        var (exitCode, text) = await CliRunner.RunAsync("evaluate", "--lopo", "only-one");

        Assert.That(exitCode, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain("--lopo needs at least two datasets"));
    }
}
