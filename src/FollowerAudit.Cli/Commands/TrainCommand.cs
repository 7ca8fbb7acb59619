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
    [Description("A dataset whose accounts carry the label column (genuine / fake); several joined with + are populations: trained like the default model (portable features, balanced populations, threshold chosen leave-one-population-out).")]
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
        var paths = EvaluateSettings.Split(settings.Dataset);
        if (paths.Length > 1 && settings.Truth is not null)
        {
            services.Console.MarkupLine("[red]error:[/] --truth applies to one generated dataset, not to several populations.");
            return ExitCodes.BadArguments;
        }

        if (settings.Truth is not null)
        {
            InputFiles.Check(settings.Truth, "the truth.json that 'followeraudit generate' wrote beside the dataset");
        }

        var output = OutputGuard.CheckFile(services.FullPath(settings.Out), ModelFile, IsModel, settings.Force, protectedPaths);

        var excluded = settings.Excluded;
        if (paths.Length > 1)
        {
            var populations = new List<LabeledPopulation>();
            foreach (var path in paths)
            {
                var set = await DatasetReader.ReadAsync(services.FullPath(path), new DatasetReadOptions { Clock = services.DataClock }, cancellationToken).ConfigureAwait(false);
                populations.Add(new LabeledPopulation(Path.GetFileName(Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar)), set));
            }

            // Several populations: the default model's recipe (portable features, small trees, masked copies).
            var multi = ClassifierTrainer.Train(populations, TrainOptions.Portable with
            {
                Seed = settings.Seed,
                Features = [.. TrainOptions.Portable.Features!.Except(excluded, StringComparer.Ordinal)],
            });
            Save(multi, output, settings.Force, protectedPaths, cancellationToken);
            services.Console.MarkupLineInterpolated(
                $"Model written to [bold]{settings.Out}[/]: threshold {multi.Metadata.Threshold:0.##} ({multi.Metadata.ThresholdRule}); audit with --model {settings.Out}.");
            foreach (var p in multi.Metadata.Populations ?? [])
            {
                services.Console.MarkupLineInterpolated($"  {p.Population} (left out): sensitivity {p.Sensitivity:0.###}, specificity {p.Specificity:0.###}, AUC {p.Auc:0.###} ({p.Positives:N0} fake, {p.Negatives:N0} genuine)");
            }

            return ExitCodes.Success;
        }

        var dataset = await DatasetReader.ReadAsync(services.FullPath(settings.Dataset), new DatasetReadOptions { Clock = services.DataClock }, cancellationToken).ConfigureAwait(false);
        var groups = settings.Truth is null ? null : await ReadVendorsAsync(settings.Truth, cancellationToken).ConfigureAwait(false);
        var options = TrainOptions.Default with
        {
            Seed = settings.Seed,
            TrainingSource = Path.GetFileName(Path.GetFullPath(settings.Dataset)),
            Features = excluded.Length == 0 ? null : [.. ProfileFeatureNames.All.Except(excluded, StringComparer.Ordinal)],
        };
        var model = ClassifierTrainer.Train(dataset, options, groups);

        Save(model, output, settings.Force, protectedPaths, cancellationToken);

        services.Console.MarkupLineInterpolated(
            $"Model written to [bold]{settings.Out}[/] (cross-validated sensitivity {model.Metadata.Sensitivity:0.###}, specificity {model.Metadata.Specificity:0.###}, AUC {model.Metadata.Auc:0.###}); audit with --model {settings.Out}.");
        foreach (var group in model.Metadata.FakeGroups ?? [])
        {
            services.Console.MarkupLineInterpolated($"  sensitivity on {group.Group}: {group.Sensitivity:0.###} ({group.Fakes:N0} fakes)");
        }

        return ExitCodes.Success;
    }

    // Saved to a new file beside the target, then moved over it: an interrupted run leaves the old model intact, and
    // only a model this tool wrote is ever replaced.
    private static void Save(TrainedClassifier model, string output, bool force, IReadOnlyList<string> protectedPaths, CancellationToken cancellationToken)
    {
        using var staged = OutputGuard.StageFile(output, ModelFile, IsModel, force, protectedPaths);
        using (var stream = new FileStream(staged.TempPath, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            model.Save(stream);
        }

        cancellationToken.ThrowIfCancellationRequested();
        staged.Commit();
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
