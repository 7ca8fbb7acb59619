using System.ComponentModel;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.IO;
using FollowerAudit.Learning;
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

    [CommandOption("--force")]
    [Description("Replace an existing model file.")]
    public bool Force { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out is required: the model file to write.") : ValidationResult.Success();
}

/// <summary><c>followeraudit train</c>: fits the follower classifier on labeled accounts.</summary>
internal sealed class TrainCommand(CliServices services) : AsyncCommand<TrainSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        if (File.Exists(settings.Out) && !settings.Force)
        {
            services.Console.MarkupLineInterpolated($"[red]error:[/] {settings.Out} exists; pass --force to replace it.");
            return ExitCodes.BadInput;
        }

        var dataset = await DatasetReader.ReadAsync(settings.Dataset, new DatasetReadOptions { Clock = services.Clock }, cancellationToken).ConfigureAwait(false);
        var model = ClassifierTrainer.Train(dataset, TrainOptions.Default with { Seed = settings.Seed, TrainingSource = Path.GetFileName(Path.GetFullPath(settings.Dataset)) });

        // Saved beside the target, then moved over it: an interrupted run leaves the old model intact.
        var temp = settings.Out + ".tmp";
        model.Save(temp);
        File.Move(temp, settings.Out, overwrite: true);
        services.Console.MarkupLineInterpolated($"Model written to [bold]{settings.Out}[/]; audit with --model {settings.Out}.");
        return ExitCodes.Success;
    }
}
