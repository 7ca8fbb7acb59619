using System.ComponentModel;
using System.Globalization;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.IO;
using FollowerAudit.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary>Arguments of <c>followeraudit sample</c>.</summary>
internal sealed class SampleSettings : CommandSettings
{
    /// <summary>Default sample size: about ±6 points on the labels alone, fewer with a good model.</summary>
    public const int DefaultSize = 200;

    [CommandArgument(0, "<DATASET>")]
    [Description("The dataset folder.")]
    public string Dataset { get; init; } = "";

    [CommandOption("-a|--account <ACCOUNT>")]
    [Description("The audited account: its handle or numeric id.")]
    public string? Account { get; init; }

    [CommandOption("-n|--size <N>")]
    [Description("How many followers to draw at random.")]
    [DefaultValue(DefaultSize)]
    public int Size { get; init; } = DefaultSize;

    [CommandOption("--seed <SEED>")]
    [Description("Seed of the random draw: the same seed draws the same followers.")]
    [DefaultValue(42)]
    public int Seed { get; init; } = 42;

    [CommandOption("--profile-url <TEMPLATE>")]
    [Description("Link each handle to its profile, e.g. \"https://bsky.app/profile/{handle}\" (http or https, with {handle}).")]
    public string? ProfileUrl { get; init; }

    [CommandOption("-o|--out <DIR>")]
    [Description("Folder for labelling-sheet.html and labels.csv.")]
    [DefaultValue("labelling-sheet")]
    public string Out { get; init; } = "labelling-sheet";

    [CommandOption("--force")]
    [Description("Replace a labelling sheet written earlier in --out.")]
    public bool Force { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Account))
        {
            return ValidationResult.Error("name the account whose followers to sample with --account HANDLE|ID.");
        }

        if (Size is < 1 or > 100_000)
        {
            return ValidationResult.Error($"-n (--size) must be between 1 and 100000 (got {Size.ToString(CultureInfo.InvariantCulture)}).");
        }

        return ProfileUrl is not null && !LabellingSheet.IsValidTemplate(ProfileUrl)
            ? ValidationResult.Error("--profile-url must be an http(s) URL containing {handle}, e.g. \"https://bsky.app/profile/{handle}\".")
            : ValidationResult.Success();
    }
}

/// <summary><c>followeraudit sample</c>: writes a labelling sheet for a random sample of one account's followers.</summary>
internal sealed class SampleCommand(CliServices services) : AsyncCommand<SampleSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SampleSettings settings, CancellationToken cancellationToken)
    {
        // The output is checked before the load: an occupied folder or an unwritable place costs nothing.
        var protectedPaths = services.ProtectedPaths(settings.Dataset);
        var output = OutputGuard.CheckFolder(services.FullPath(settings.Out), OutputKind.LabellingSheet, settings.Force, protectedPaths);
        var dataset = await DatasetReader.ReadAsync(services.FullPath(settings.Dataset), new DatasetReadOptions { Clock = services.DataClock }, cancellationToken).ConfigureAwait(false);
        var row = AccountSelection.Find(dataset, settings.Dataset, settings.Account!, services.Console);
        var slice = AccountSlice.Create(dataset, row);
        if (slice.Count == 0)
        {
            throw new InputDataException($"{settings.Dataset}: account {dataset.Accounts.AccountId[row].ToString(CultureInfo.InvariantCulture)} has no followers in the data, so there is nothing to sample.");
        }

        var positions = LabelSample.Draw(slice, settings.Size, settings.Seed);
        var labels = await LabellingSheet.WriteAsync(slice, positions, settings.Seed, settings.ProfileUrl, output, settings.Force, protectedPaths, cancellationToken).ConfigureAwait(false);
        services.Console.MarkupLineInterpolated(
            $"Drew {positions.Length:N0} of {slice.Count:N0} followers at random. Label them in [bold]{labels}[/] (see labelling-sheet.html beside it), then run: followeraudit audit {settings.Dataset} --account id:{dataset.Accounts.AccountId[row]} --labels {labels}");
        return ExitCodes.Success;
    }
}
