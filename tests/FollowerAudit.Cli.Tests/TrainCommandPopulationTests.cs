namespace FollowerAudit.Cli.Tests;

public sealed class TrainCommandPopulationTests
{
    [Test]
    public async Task Train_ThreePopulations_ModelRecordsRatesPerPopulationAndAudits()
    {
        var folder = CliRunner.TempFolder();
        var a = await EvaluateCommandTests.ImportPopulationAsync(folder, "pop-a", 1);
        var b = await EvaluateCommandTests.ImportPopulationAsync(folder, "pop-b", 2);
        var c = await EvaluateCommandTests.ImportPopulationAsync(folder, "pop-c", 3);
        var model = Path.Combine(folder, "model.zip");

        var (exitCode, text) = await CliRunner.RunAsync("train", $"{a}+{b}+{c}", "--out", model);

        Assert.That(exitCode, Is.EqualTo(0), text);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("Youden"));
            Assert.That(text, Does.Contain("pop-a (left out): sensitivity").And.Contain("pop-b (left out)").And.Contain("pop-c (left out)"));
            Assert.That(File.Exists(model), Is.True);
        });
    }

    [Test]
    public async Task Train_SeveralPopulationsWithTruth_BadArguments()
    {
        var folder = CliRunner.TempFolder();
        var a = await EvaluateCommandTests.ImportPopulationAsync(folder, "pop-a", 1);
        var b = await EvaluateCommandTests.ImportPopulationAsync(folder, "pop-b", 2);

        var (exitCode, text) = await CliRunner.RunAsync("train", $"{a}+{b}", "--truth", Path.Combine(folder, "truth.json"), "--out", Path.Combine(folder, "m.zip"));

        Assert.That(exitCode, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain("--truth applies to one generated dataset"));
    }
}
