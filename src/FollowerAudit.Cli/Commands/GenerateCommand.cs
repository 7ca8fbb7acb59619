using System.ComponentModel;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Synthetic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary>Arguments of <c>followeraudit generate</c>.</summary>
internal sealed class GenerateSettings : CommandSettings
{
    [CommandOption("--accounts <N>")]
    [Description("Genuine background accounts. Default: the preset's.")]
    public int? Accounts { get; init; }

    [CommandOption("--audited <N>")]
    [Description("Audited 'influencer' accounts, some clean, some that bought followers. Default: the preset's.")]
    public int? Audited { get; init; }

    [CommandOption("--followers <N>")]
    [Description("Instead of a preset: one audited account with about N followers (at least 1,000), for benchmarks.")]
    public int? Followers { get; init; }

    [CommandOption("--seed <SEED>")]
    [Description("Seed; the same seed gives the same dataset.")]
    [DefaultValue(1)]
    public int Seed { get; init; } = 1;

    [CommandOption("--preset <NAME>")]
    [Description("default, demo (small enough to commit), seller-customers (36 audited accounts, 26 of them customers of one seller's pool; 200,000 accounts), or mixed-stock (default plus a buyer of aged stock from several creation batches).")]
    [DefaultValue("default")]
    public string Preset { get; init; } = "default";

    [CommandOption("-o|--out <DIR>")]
    [Description("Dataset folder to create.")]
    public string Out { get; init; } = "";

    [CommandOption("--force")]
    [Description("Replace a dataset folder an earlier 'generate' or 'import' wrote (any other folder is never replaced).")]
    public bool Force { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out is required: the dataset folder to create.");
        }

        if (Followers is < 1_000)
        {
            return ValidationResult.Error("--followers must be at least 1000.");
        }

        if (Accounts is < 1 || Audited is < 1)
        {
            return ValidationResult.Error("--accounts and --audited must be positive.");
        }

        return Preset is "default" or "demo" or "seller-customers" or "mixed-stock"
            ? ValidationResult.Success()
            : ValidationResult.Error($"--preset must be 'default', 'demo', 'seller-customers' or 'mixed-stock' (got '{Preset}').");
    }
}

/// <summary><c>followeraudit generate</c>: writes a synthetic dataset and its truth.json.</summary>
internal sealed class GenerateCommand(CliServices services) : AsyncCommand<GenerateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, GenerateSettings settings, CancellationToken cancellationToken)
    {
        var preset = settings.Followers is { } followers ? WorldOptions.SingleAccount(followers, settings.Seed)
            : settings.Preset == "demo" ? WorldOptions.Demo
            : settings.Preset == "seller-customers" ? WorldOptions.SellerCustomers
            : settings.Preset == "mixed-stock" ? WorldOptions.MixedStock
            : WorldOptions.Default;
        var options = preset with
        {
            Seed = settings.Seed,
            GenuineAccounts = settings.Accounts ?? preset.GenuineAccounts,
            AuditedAccounts = settings.Audited ?? preset.AuditedAccounts,
        };
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            services.Console.MarkupLineInterpolated($"[red]error:[/] {string.Join("; ", problems)}");
            return ExitCodes.BadArguments;
        }

        DatasetOutput.Check(services, settings.Out, settings.Force);
        var world = WorldGenerator.Generate(options, cancellationToken);

        // Written next to the target, then swapped in: a failed run leaves no half dataset.
        await DatasetOutput.WriteAsync(
            services,
            world.Dataset,
            settings.Out,
            settings.Force,
            [],
            temp => File.WriteAllTextAsync(Path.Combine(temp, "truth.json"), world.Truth.ToJson(), cancellationToken),
            cancellationToken).ConfigureAwait(false);
        services.Console.MarkupLineInterpolated(
            $"Wrote {world.Dataset.Accounts.Count:N0} accounts and {world.Dataset.Follows.Count:N0} follows to [bold]{settings.Out}[/] (truth in truth.json).");
        return ExitCodes.Success;
    }
}
