using System.ComponentModel;
using System.Globalization;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Scoring;
using FollowerAudit.IO;
using FollowerAudit.Learning;
using FollowerAudit.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary>Arguments of <c>followeraudit evaluate</c>.</summary>
internal sealed class EvaluateSettings : CommandSettings
{
    [CommandArgument(0, "[DATASET]")]
    [Description("A labeled dataset: every scorer is measured on all its labeled accounts.")]
    public string? Dataset { get; init; }

    [CommandOption("--cv <K>")]
    [Description("Stratified K-fold cross-validation for the trained and reference-based scorers.")]
    [DefaultValue(10)]
    public int Folds { get; init; } = 10;

    [CommandOption("--train <DATASETS>")]
    [Description("Train the classifier on these datasets (joined with +, one population each) and test on --test: out-of-population evaluation.")]
    public string? Train { get; init; }

    [CommandOption("--test <DATASET>")]
    [Description("The dataset to test on with --train.")]
    public string? Test { get; init; }

    [CommandOption("--lopo <DATASETS>")]
    [Description("Leave-one-population-out over these datasets (joined with +): each is the test set of a model trained on the others.")]
    public string? Lopo { get; init; }

    [CommandOption("--scores <FILE>")]
    [Description("Also write every account's scores as CSV: population, account_id, label, one column per scorer row.")]
    public string? Scores { get; init; }

    [CommandOption("--calibration-folds <K>")]
    [Description("Folds of each trained classifier's internal calibration; it moves the threshold, not the ranking (AUC). 2 keeps evaluate fast; the built-in models use 5.")]
    [DefaultValue(2)]
    public int CalibrationFolds { get; init; } = 2;

    /// <summary>The datasets of a +-joined list (a path that exists as a whole is one dataset).</summary>
    public static string[] Split(string list) =>
        Directory.Exists(list) ? [list] : list.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [CommandOption("--model <PATH>")]
    [Description("Also measure this trained model (default: the shipped model).")]
    public string? Model { get; init; }

    [CommandOption("--json <FILE>")]
    [Description("Also write the table as JSON. An existing file is replaced only if an earlier 'evaluate --json' wrote it.")]
    public string? Json { get; init; }

    [CommandOption("--seed <SEED>")]
    [Description("Seed of the folds and trainers.")]
    [DefaultValue(7)]
    public int Seed { get; init; } = 7;

    public override ValidationResult Validate()
    {
        if ((Train is null) != (Test is null))
        {
            return ValidationResult.Error("--train and --test go together.");
        }

        var modes = (Dataset is null ? 0 : 1) + (Train is null ? 0 : 1) + (Lopo is null ? 0 : 1);
        if (modes != 1)
        {
            return ValidationResult.Error("name one labeled DATASET, or --train A+B --test C, or --lopo A+B+C.");
        }

        if (Lopo is not null && Split(Lopo).Length < 2)
        {
            return ValidationResult.Error("--lopo needs at least two datasets joined with + (e.g. --lopo cresci+kaggle+purba).");
        }

        if (CalibrationFolds is < 2 or > 20)
        {
            return ValidationResult.Error($"--calibration-folds must be between 2 and 20 (got {CalibrationFolds.ToString(CultureInfo.InvariantCulture)}).");
        }

        return Folds is < 2 or > 100
            ? ValidationResult.Error($"--cv must be between 2 and 100 (got {Folds.ToString(CultureInfo.InvariantCulture)}).")
            : ValidationResult.Success();
    }
}

/// <summary><c>followeraudit evaluate</c>: every scorer side by side on labeled data.</summary>
internal sealed class EvaluateCommand(CliServices services) : AsyncCommand<EvaluateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        // Outputs are checked before the load: an existing file that is not one of ours, or an unwritable place, costs
        // nothing. An earlier evaluation or scores file is replaced without --force, as it always was; nothing else ever is.
        var protectedPaths = services.ProtectedPaths(settings.Dataset, settings.Train, settings.Test, settings.Model);
        var json = settings.Json is null ? null : OutputGuard.CheckFile(services.FullPath(settings.Json), JsonFile, IsEvaluationJson, force: true, protectedPaths);
        var scores = settings.Scores is null ? null : OutputGuard.CheckFile(services.FullPath(settings.Scores), ScoresFile, IsScoresCsv, force: true, protectedPaths);
        InputFiles.CheckModel(settings.Model);
        EvaluationReport report;
        if (settings.Train is { } train && settings.Test is { } test)
        {
            var trainSets = new List<LabeledPopulation>();
            foreach (var path in EvaluateSettings.Split(train))
            {
                trainSets.Add(await ReadLabeledAsync(path, cancellationToken).ConfigureAwait(false));
            }

            report = EvaluationSuite.TrainTest(trainSets, await ReadLabeledAsync(test, cancellationToken).ConfigureAwait(false), settings.Seed, settings.CalibrationFolds);
        }
        else if (settings.Lopo is { } lopo)
        {
            var populations = new List<LabeledPopulation>();
            foreach (var path in EvaluateSettings.Split(lopo))
            {
                populations.Add(await ReadLabeledAsync(path, cancellationToken).ConfigureAwait(false));
            }

            report = EvaluationSuite.LeaveOnePopulationOut(populations, settings.Seed, settings.CalibrationFolds);
        }
        else
        {
            var population = await ReadLabeledAsync(settings.Dataset!, cancellationToken).ConfigureAwait(false);
            report = EvaluationSuite.Run(population.Dataset, population.Name, settings.Folds, settings.Seed, settings.Model, calibrationFolds: settings.CalibrationFolds);
        }

        // Written raw: a console wraps lines at its width, which would break the Markdown table.
        await services.Console.Profile.Out.Writer.WriteLineAsync(report.ToMarkdown().AsMemory(), cancellationToken).ConfigureAwait(false);
        if (json is not null)
        {
            using var staged = OutputGuard.StageFile(json, JsonFile, IsEvaluationJson, force: true, protectedPaths);
            await File.WriteAllTextAsync(staged.TempPath, report.ToJson(), cancellationToken).ConfigureAwait(false);
            staged.Commit();
        }

        if (scores is not null && report.Accounts is { } accounts)
        {
            using var staged = OutputGuard.StageFile(scores, ScoresFile, IsScoresCsv, force: true, protectedPaths);
            await File.WriteAllTextAsync(staged.TempPath, accounts.ToCsv(), cancellationToken).ConfigureAwait(false);
            staged.Commit();
        }

        return ExitCodes.Success;
    }

    private async Task<LabeledPopulation> ReadLabeledAsync(string path, CancellationToken cancellationToken)
    {
        var dataset = await DatasetReader.ReadAsync(services.FullPath(path), new DatasetReadOptions { Clock = services.DataClock }, cancellationToken).ConfigureAwait(false);
        if (dataset.Accounts.Label is null || dataset.Accounts.Label.All(l => l == AccountLabel.Unknown))
        {
            throw new InputDataException($"{path}: no account has a label (genuine/fake); evaluation needs labeled accounts. Import with --label.");
        }

        return new LabeledPopulation(Path.GetFileName(Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar)), dataset);
    }

    private const string ScoresFile = "scores CSV written by 'followeraudit evaluate --scores'";

    // A scores file this tool wrote starts with its own header; anything else is never replaced.
    private static bool IsScoresCsv(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine()?.StartsWith("population,account_id,label", StringComparison.Ordinal) == true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private const string JsonFile = "JSON written by 'followeraudit evaluate --json'";

    // An evaluation this tool wrote: a JSON object with its dataset, rows and scorers. Anything else is never replaced.
    private static bool IsEvaluationJson(string path)
    {
        try
        {
            if (new FileInfo(path).Length > 16 << 20)
            {
                return false;
            }

            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            return root.ValueKind == System.Text.Json.JsonValueKind.Object
                && root.TryGetProperty("dataset", out _) && root.TryGetProperty("rows", out _) && root.TryGetProperty("scorers", out _);
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
