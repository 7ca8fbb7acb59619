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

    [CommandOption("--train <DATASET>")]
    [Description("Train the classifier on this dataset and test on --test (cross-platform generalisation).")]
    public string? Train { get; init; }

    [CommandOption("--test <DATASET>")]
    [Description("The dataset to test on with --train.")]
    public string? Test { get; init; }

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

        if (Train is null && Dataset is null)
        {
            return ValidationResult.Error("name a labeled DATASET, or --train A --test B.");
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
        // --json is checked before the load: an existing file that is not an evaluation, or an unwritable place, costs
        // nothing. An earlier evaluation is replaced without --force, as it always was; nothing else ever is.
        var protectedPaths = services.ProtectedPaths(settings.Dataset, settings.Train, settings.Test, settings.Model);
        var json = settings.Json is null ? null : OutputGuard.CheckFile(services.FullPath(settings.Json), JsonFile, IsEvaluationJson, force: true, protectedPaths);
        InputFiles.CheckModel(settings.Model);
        var read = new DatasetReadOptions { Clock = services.DataClock };
        EvaluationReport report;
        if (settings.Train is { } train && settings.Test is { } test)
        {
            var trainSet = await DatasetReader.ReadAsync(services.FullPath(train), read, cancellationToken).ConfigureAwait(false);
            var testSet = await DatasetReader.ReadAsync(services.FullPath(test), read, cancellationToken).ConfigureAwait(false);
            report = EvaluationSuite.TrainTest(trainSet, testSet, $"{Path.GetFileName(Path.GetFullPath(train))} -> {Path.GetFileName(Path.GetFullPath(test))}", settings.Seed);
        }
        else
        {
            var dataset = await DatasetReader.ReadAsync(services.FullPath(settings.Dataset!), read, cancellationToken).ConfigureAwait(false);
            if (dataset.Accounts.Label is null || dataset.Accounts.Label.All(l => l == AccountLabel.Unknown))
            {
                throw new InputDataException($"{settings.Dataset}: no account has a label (genuine/fake); evaluation needs labeled accounts. Import with --label.");
            }

            report = EvaluationSuite.Run(dataset, Path.GetFileName(Path.GetFullPath(settings.Dataset!)), settings.Folds, settings.Seed, settings.Model);
        }

        services.Console.WriteLine(report.ToMarkdown());
        if (json is not null)
        {
            using var staged = OutputGuard.StageFile(json, JsonFile, IsEvaluationJson, force: true, protectedPaths);
            await File.WriteAllTextAsync(staged.TempPath, report.ToJson(), cancellationToken).ConfigureAwait(false);
            staged.Commit();
        }

        return ExitCodes.Success;
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
