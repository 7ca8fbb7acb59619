using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary>Arguments of <c>followeraudit audit</c>.</summary>
internal sealed class AuditSettings : CommandSettings
{
    /// <summary>Default of <see cref="MinFollowers"/>.</summary>
    public const int DefaultMinFollowers = 500;

    /// <summary>Default of <see cref="MaxRejectRatio"/>.</summary>
    public const double DefaultMaxRejectRatio = 0.05;

    [CommandArgument(0, "<DATASET>")]
    [Description("Dataset folder of Parquet tables (see 'followeraudit schema').")]
    public string Dataset { get; init; } = "";

    [CommandOption("-a|--account <ACCOUNT>")]
    [Description("Account to audit, by handle or numeric id; repeat for several. Default: --all.")]
    public string[] Accounts { get; init; } = [];

    [CommandOption("--all")]
    [Description("Audit every account with at least --min-followers followers in the data, and write a comparison report.")]
    public bool All { get; init; }

    [CommandOption("--min-followers <N>")]
    [Description("With --all: the fewest followers in the data an account needs to be audited.")]
    [DefaultValue(DefaultMinFollowers)]
    public int MinFollowers { get; init; } = DefaultMinFollowers;

    [CommandOption("-o|--out <DIR>")]
    [Description("Output folder for the report. Refused if it already holds a report, unless --force.")]
    [DefaultValue("followeraudit-report")]
    public string Out { get; init; } = "followeraudit-report";

    [CommandOption("--force")]
    [Description("Replace an existing report in --out.")]
    public bool Force { get; init; }

    [CommandOption("--seed <SEED>")]
    [Description("Seed of every random choice; the same input and seed give the same report.")]
    [DefaultValue(42)]
    public int Seed { get; init; } = 42;

    [CommandOption("--sample <N>")]
    [Description("Audit a uniform random sample of N followers per account; the interval includes the sampling error.")]
    public int? Sample { get; init; }

    [CommandOption("--detectors <LIST>")]
    [Description("Only run these detectors, joined with '+', e.g. follower-burst+creation-batch. Default: all.")]
    public string? Detectors { get; init; }

    [CommandOption("--model <PATH|NAME>")]
    [Description("A classifier model trained with 'followeraudit train', or a built-in one: 'portable' (default; trained on 2015 Twitter and two Instagram sets), 'cresci-2015' (2015 Twitter only) or 'synthetic' (generated worlds such as data-samples/demo). The estimate is only as good as the match between the model's training population and the audited followers.")]
    public string? Model { get; init; }

    [CommandOption("--labels <FILE>")]
    [Description("A labels.csv from 'followeraudit sample' with its label column filled in: the fake share is then estimated from these hand labels and the model (prediction-powered inference), valid whatever the model's quality.")]
    public string? Labels { get; init; }

    [CommandOption("--labelled-by <TEXT>")]
    [Description("Who labelled the sample (free text, shown in the report), with --labels.")]
    public string? LabelledBy { get; init; }

    [CommandOption("--max-reject-ratio <RATIO>")]
    [Description("Stop with exit code 3 when more than this share of the input rows were rejected as bad.")]
    [DefaultValue(DefaultMaxRejectRatio)]
    public double MaxRejectRatio { get; init; } = DefaultMaxRejectRatio;

    [CommandOption("--fail-on <SHARE>")]
    [Description("CI gate: exit with code 1 when any account's estimated fake share is at least SHARE (0-1).")]
    public double? FailOn { get; init; }

    [CommandOption("--cluster <URL>")]
    [Description("Audit the accounts on a cluster of 'followeraudit silo' processes whose membership is in this Redis server, redis://HOST:PORT. The dataset-wide detectors run here; each account's audit runs on a silo, which reads the dataset folder of the same name under its --dataset-root (docs/cluster.md).")]
    public string? Cluster { get; init; }

    [CommandOption("-v|--verbose")]
    [Description("Show stack traces of internal errors.")]
    public bool Verbose { get; init; }

    public override ValidationResult Validate()
    {
        if (All && Accounts.Length > 0)
        {
            return ValidationResult.Error("--all and --account exclude each other: pass one of them.");
        }

        if (Sample is <= 0)
        {
            return ValidationResult.Error($"--sample must be a positive number of followers (got {Sample?.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (Labels is not null && Sample is not null)
        {
            return ValidationResult.Error("--labels and --sample exclude each other: the labelled followers must be among those audited, so audit all followers with --labels.");
        }

        if (LabelledBy is not null && Labels is null)
        {
            return ValidationResult.Error("--labelled-by goes with --labels.");
        }

        if (Cluster is not null)
        {
            if (!FollowerAudit.Cluster.ClusterAddress.TryParse(Cluster, out _, out var clusterError))
            {
                return ValidationResult.Error(clusterError!);
            }

            if (Labels is not null)
            {
                return ValidationResult.Error("--labels and --cluster exclude each other: audit a labelled sample on this machine, without --cluster.");
            }
        }

        if (MinFollowers < 1)
        {
            return ValidationResult.Error($"--min-followers must be at least 1 (got {MinFollowers.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (MaxRejectRatio is < 0 or > 1 || double.IsNaN(MaxRejectRatio))
        {
            return ValidationResult.Error($"--max-reject-ratio must be between 0 and 1 (got {MaxRejectRatio.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (FailOn is { } failOn && (failOn is < 0 or > 1 || double.IsNaN(failOn)))
        {
            return ValidationResult.Error($"--fail-on must be a share between 0 and 1 (got {failOn.ToString(CultureInfo.InvariantCulture)}).");
        }

        return string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out must name a folder.") : ValidationResult.Success();
    }
}
