using System.ComponentModel;
using System.Text.Json;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.IO;
using FollowerAudit.Learning;
using FollowerAudit.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary>Arguments of <c>followeraudit train</c>.</summary>
internal sealed class TrainSettings : CommandSettings
{
    [CommandArgument(0, "<DATASET>")]
    [Description("A dataset whose accounts carry the label column (genuine / fake).")]
    public string Dataset { get; init; } = "";

    [CommandOption("-o|--out <MODEL>")]
    [Description("Where to write the model (.zip); use it with 'audit --model'.")]
    public string Out { get; init; } = "";

    [CommandOption("--seed <SEED>")]
    [Description("Seed of the trainer.")]
    [DefaultValue(42)]
    public int Seed { get; init; } = 42;

    [CommandOption("--truth <FILE>")]
    [Description("truth.json of a generated world: the model records its sensitivity per vendor, and the estimate's interval allows the whole range.")]
    public string? Truth { get; init; }

    [CommandOption("--exclude-features <LIST>")]
    [Description("Comma-separated profile features to leave out, e.g. account_age_days (see docs/accuracy.md for why the synthetic model does).")]
    public string? ExcludeFeatures { get; init; }

    [CommandOption("--force")]
    [Description("Replace an existing model file written by 'followeraudit train' (any other file is never replaced).")]
    public bool Force { get; init; }

    /// <summary>The features named by --exclude-features.</summary>
    public string[] Excluded => (ExcludeFeatures ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out is required: the model file to write.");
        }

        // Checked before the dataset is read: a typo should not cost a load.
        var unknown = Excluded.Except(ProfileFeatureNames.All, StringComparer.Ordinal).ToList();
        return unknown.Count > 0
            ? ValidationResult.Error($"--exclude-features: unknown feature(s) {string.Join(", ", unknown)}; the features are {string.Join(", ", ProfileFeatureNames.All)}.")
            : ValidationResult.Success();
    }
}

/// <summary><c>followeraudit train</c>: fits the follower classifier on labeled accounts.</summary>
internal sealed class TrainCommand(CliServices services) : AsyncCommand<TrainSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        // Checked before the load: an existing file that is not a model, a folder or an unwritable place costs nothing.
        var protectedPaths = services.ProtectedPaths(settings.Dataset, settings.Truth);
        if (settings.Truth is not null)
        {
            InputFiles.Check(settings.Truth, "the truth.json that 'followeraudit generate' wrote beside the dataset");
        }

        var output = OutputGuard.CheckFile(services.FullPath(settings.Out), ModelFile, IsModel, settings.Force, protectedPaths);

        var dataset = await DatasetReader.ReadAsync(services.FullPath(settings.Dataset), new DatasetReadOptions { Clock = services.DataClock }, cancellationToken).ConfigureAwait(false);
        var excluded = settings.Excluded;
        var groups = settings.Truth is null ? null : await ReadVendorsAsync(settings.Truth, cancellationToken).ConfigureAwait(false);
        var options = TrainOptions.Default with
        {
            Seed = settings.Seed,
            TrainingSource = Path.GetFileName(Path.GetFullPath(settings.Dataset)),
            Features = excluded.Length == 0 ? null : [.. ProfileFeatureNames.All.Except(excluded, StringComparer.Ordinal)],
        };
        var model = ClassifierTrainer.Train(dataset, options, groups);

        // Saved to a new file beside the target, then moved over it: an interrupted run leaves the old model intact.
        using (var staged = OutputGuard.StageFile(output, ModelFile, IsModel, settings.Force, protectedPaths))
        {
            await using (var stream = new FileStream(staged.TempPath, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                model.Save(stream);
            }

            cancellationToken.ThrowIfCancellationRequested();
            staged.Commit();
        }

        services.Console.MarkupLineInterpolated(
            $"Model written to [bold]{settings.Out}[/] (cross-validated sensitivity {model.Metadata.Sensitivity:0.###}, specificity {model.Metadata.Specificity:0.###}, AUC {model.Metadata.Auc:0.###}); audit with --model {settings.Out}.");
        foreach (var group in model.Metadata.FakeGroups ?? [])
        {
            services.Console.MarkupLineInterpolated($"  sensitivity on {group.Group}: {group.Sensitivity:0.###} ({group.Fakes:N0} fakes)");
        }

        return ExitCodes.Success;
    }

    private const string ModelFile = "model (.zip written by 'followeraudit train')";

    // A model this tool wrote: a zip holding the tool's metadata entry. Anything else is never replaced.
    private static bool IsModel(string path)
    {
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            return zip.GetEntry("followeraudit-model.json") is not null;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task<IReadOnlyDictionary<long, string>> ReadVendorsAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw InputDataException.Missing(path, "the truth.json that 'followeraudit generate' wrote beside the dataset");
        }

        try
        {
            return GroundTruth.FromJson(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).VendorOfFakes();
        }
        catch (JsonException ex)
        {
            throw new InputDataException($"{path}: not a truth.json written by 'followeraudit generate' ({ex.Message}).", ex);
        }
    }
}
