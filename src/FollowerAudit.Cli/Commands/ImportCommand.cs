using System.ComponentModel;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Model;
using FollowerAudit.IO;
using FollowerAudit.IO.Import;
using FollowerAudit.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary>Arguments shared by the import commands.</summary>
internal abstract class ImportSettings : CommandSettings
{
    [CommandOption("-o|--out <DATASET>")]
    [Description("Dataset folder to write (Parquet, see 'followeraudit schema').")]
    public string Out { get; init; } = "";

    [CommandOption("--force")]
    [Description("Replace a dataset folder an earlier 'import' or 'generate' wrote (any other folder is never replaced).")]
    public bool Force { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out is required: the dataset folder to write.") : ValidationResult.Success();
}

/// <summary>Arguments of <c>followeraudit import twitter-users</c>.</summary>
internal sealed class TwitterUsersSettings : ImportSettings
{
    [CommandArgument(0, "<FILES>")]
    [Description("Twitter API v1.1 user objects as CSV (Cresci 2015 layout) or JSON lines; FILE:genuine or FILE:fake labels one file.")]
    public string[] Files { get; init; } = [];

    [CommandOption("--label <LABEL>")]
    [Description("genuine or fake: label for every file without its own :label.")]
    public string? Label { get; init; }

    public override ValidationResult Validate()
    {
        var baseResult = base.Validate();
        if (!baseResult.Successful)
        {
            return baseResult;
        }

        if (Label is not null and not "genuine" and not "fake")
        {
            return ValidationResult.Error($"--label must be 'genuine' or 'fake' (got '{Label}').");
        }

        return Files.Length == 0 ? ValidationResult.Error("name at least one file to import.") : ValidationResult.Success();
    }
}

/// <summary>Arguments of <c>followeraudit import csv</c>.</summary>
internal sealed class CsvImportSettings : ImportSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("A CSV file with a header row.")]
    public string File { get; init; } = "";

    [CommandOption("--table <TABLE>")]
    [Description("The table the rows go to: accounts or follows (a follower list) into a new dataset (--out); posts, engagements or snapshots into an existing one (--into).")]
    [DefaultValue("accounts")]
    public string Table { get; init; } = "accounts";

    [CommandOption("--into <DATASET>")]
    [Description("With --table posts|engagements|snapshots: the existing dataset whose accounts the rows refer to; only that table's file is written (--force replaces it). With --table follows: a follower list added to a dataset imported from an accounts file, whose profile rows are kept.")]
    public string? Into { get; init; }

    [CommandOption("--map <MAPPING>")]
    [Description("CSV column = contract column, e.g. \"#followers=followers_count\"; repeat. Columns already named like a contract column map themselves, so no --map is needed then. --map instagram-kaggle or --map instagram-purba uses a ready-made Instagram mapping; the columns of it a file lacks are listed as data gaps.")]
    public string[] Map { get; init; } = [];

    [CommandOption("--followee <ID>")]
    [Description("With --table follows: the followed account, when the list has no followee column.")]
    public long? Followee { get; init; }

    [CommandOption("--oldest-first")]
    [Description("With --table follows and no times or ranks: the list starts with the earliest follower (platforms list the newest first).")]
    public bool OldestFirst { get; init; }

    public override ValidationResult Validate()
    {
        if (Table is "posts" or "engagements" or "snapshots")
        {
            return string.IsNullOrWhiteSpace(Into) || !string.IsNullOrWhiteSpace(Out)
                ? ValidationResult.Error($"--table {Table} adds a table to an existing dataset: name it with --into DATASET (not --out). Import its accounts first (--table accounts or follows, or 'import twitter-users').")
                : ValidationResult.Success();
        }

        if (Table is not "accounts" and not "follows")
        {
            return ValidationResult.Error($"--table must be accounts, follows, posts, engagements or snapshots (got '{Table}').");
        }

        if (Into is not null)
        {
            return Table == "follows" && string.IsNullOrWhiteSpace(Out)
                ? ValidationResult.Success()
                : ValidationResult.Error(Table == "follows"
                    ? "--table follows takes either --out (a new dataset) or --into (an existing dataset), not both."
                    : "--into adds a table to an existing dataset; --table accounts writes a new dataset with --out.");
        }

        // No --map: columns named like contract columns map themselves; the importer says so when none is.
        return base.Validate();
    }
}

/// <summary>Shared flow of the import commands: import, report bad rows, write atomically.</summary>
internal abstract class ImportCommandBase<TSettings>(CliServices services) : AsyncCommand<TSettings>
    where TSettings : ImportSettings
{
    protected CliServices Services => services;

    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        // Checked before the import: the input files, the current directory and home are never replaced.
        foreach (var input in InputFiles(settings))
        {
            Infrastructure.InputFiles.Check(input, "a CSV or JSON-lines file to import");
        }

        DatasetOutput.Check(services, settings.Out, settings.Force, InputFiles(settings));

        AuditDataset dataset;
        try
        {
            dataset = Import(settings);
        }
        catch (ArgumentException ex)
        {
            // A malformed --map entry is a bad argument, not a bug.
            services.Console.MarkupLineInterpolated($"[red]error:[/] {Sanitize.ForTerminal(ArgumentMessage(ex))}");
            return ExitCodes.BadArguments;
        }

        ReportRejections(dataset.Rejections);
        await DatasetOutput.WriteAsync(services, dataset, settings.Out, settings.Force, InputFiles(settings), null, cancellationToken).ConfigureAwait(false);
        var labels = dataset.Accounts.Label is { } l
            ? $" ({l.Count(x => x == AccountLabel.Genuine):N0} genuine, {l.Count(x => x == AccountLabel.Fake):N0} fake)"
            : "";
        services.Console.MarkupLineInterpolated($"Imported {dataset.Accounts.Count:N0} accounts{labels} into [bold]{Sanitize.ForTerminal(settings.Out)}[/].");
        return ExitCodes.Success;
    }

    protected abstract AuditDataset Import(TSettings settings);

    /// <summary>The files the import reads, which its output must never replace nor contain.</summary>
    protected abstract string[] InputFiles(TSettings settings);

    // The message without .NET's " (Parameter 'mapping')" suffix, which means nothing to a user.
    protected static string ArgumentMessage(ArgumentException ex) =>
        ex.ParamName is { } name ? ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : ex.Message;

    protected void ReportRejections(IEnumerable<Rejection> rejections)
    {
        foreach (var group in rejections.GroupBy(r => r.Reason).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // The importers start a detail with the CSV line ("line 7: ..."), which is what a user can look up;
            // the data row number is the fallback.
            var first = group.First();
            var match = System.Text.RegularExpressions.Regex.Match(first.Detail, "^line ([0-9]+): ");
            var where = match.Success
                ? $"{first.File} line {match.Groups[1].Value}"
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{first.File} data row {first.Row + 1}");
            var column = string.IsNullOrEmpty(first.Column) ? "" : $", column {first.Column}";
            services.Console.MarkupLineInterpolated($"[yellow]{group.Count():N0} rows skipped ({Sanitize.ForTerminal(group.Key)})[/]; first at {Sanitize.ForTerminal(where)}{Sanitize.ForTerminal(column)}: {Sanitize.ForTerminal(first.Detail[match.Length..])}");
        }
    }
}

/// <summary><c>followeraudit import twitter-users</c>.</summary>
internal sealed class ImportTwitterUsersCommand(CliServices services) : ImportCommandBase<TwitterUsersSettings>(services)
{
    protected override string[] InputFiles(TwitterUsersSettings settings) => [.. settings.Files.Select(f => SplitLabel(f, null).Path)];

    protected override AuditDataset Import(TwitterUsersSettings settings)
    {
        var files = settings.Files.Select(f => SplitLabel(f, settings.Label)).ToList();
        return TwitterUsersImporter.Import(files);
    }

    private static (string Path, AccountLabel Label) SplitLabel(string argument, string? defaultLabel)
    {
        var colon = argument.LastIndexOf(':');
        var suffix = colon > 0 ? argument[(colon + 1)..] : null;
        return suffix switch
        {
            "genuine" => (argument[..colon], AccountLabel.Genuine),
            "fake" => (argument[..colon], AccountLabel.Fake),
            _ => (argument, defaultLabel switch { "genuine" => AccountLabel.Genuine, "fake" => AccountLabel.Fake, _ => AccountLabel.Unknown }),
        };
    }
}

/// <summary><c>followeraudit import csv</c>.</summary>
internal sealed class ImportCsvCommand(CliServices services) : ImportCommandBase<CsvImportSettings>(services)
{
    protected override string[] InputFiles(CsvImportSettings settings) => [settings.File];

    public override async Task<int> ExecuteAsync(CommandContext context, CsvImportSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Into is not { } into)
        {
            return await base.ExecuteAsync(context, settings, cancellationToken).ConfigureAwait(false);
        }

        if (settings.Table == "follows")
        {
            return await ImportFollowsIntoAsync(settings, into, cancellationToken).ConfigureAwait(false);
        }

        Infrastructure.InputFiles.Check(settings.File, "a CSV file to import");

        // Checked before the dataset is read: an existing table is replaced only with --force.
        var file = Path.Combine(into, settings.Table + ".parquet");
        if ((File.Exists(file) || Directory.Exists(file) || Directory.Exists(Path.Combine(into, settings.Table))) && !settings.Force)
        {
            Services.Console.MarkupLineInterpolated($"[red]error:[/] {Sanitize.ForTerminal(into)} already has a {settings.Table} table; pass --force to replace it.");
            return ExitCodes.BadInput;
        }

        var existing = await DatasetReader.ReadAsync(into, new DatasetReadOptions { Clock = Services.DataClock }, cancellationToken).ConfigureAwait(false);

        AuditDataset dataset;
        IReadOnlyList<Rejection> rejections;
        try
        {
            (dataset, rejections) = ActivityTableImporter.Import(settings.File, settings.Table, settings.Map, existing);
        }
        catch (ArgumentException ex)
        {
            Services.Console.MarkupLineInterpolated($"[red]error:[/] {Sanitize.ForTerminal(ArgumentMessage(ex))}");
            return ExitCodes.BadArguments;
        }

        ReportRejections(rejections);
        var rows = settings.Table switch { "posts" => dataset.Posts.Count, "engagements" => dataset.Engagements.Count, _ => dataset.Snapshots.Count };
        if (rows == 0)
        {
            Services.Console.MarkupLineInterpolated($"[red]error:[/] {settings.File}: no row could be imported into {settings.Table} (see the skipped rows above); {into} is unchanged.");
            return ExitCodes.BadInput;
        }

        await DatasetWriter.WriteTableAsync(dataset, into, settings.Table, cancellationToken).ConfigureAwait(false);
        Services.Console.MarkupLineInterpolated($"Imported {rows:N0} {settings.Table} rows into [bold]{into}[/] ({rejections.Count:N0} skipped).");
        return ExitCodes.Success;
    }

    protected override AuditDataset Import(CsvImportSettings settings)
    {
        if (settings.Table == "follows")
        {
            return FollowerListImporter.Import(settings.File, settings.Map, settings.Followee, newestFirst: !settings.OldestFirst);
        }

        if (settings.Map is [var name] && CsvTableImporter.Presets.ContainsKey(name))
        {
            var (dataset, missing) = CsvTableImporter.ImportPreset(settings.File, name);
            if (missing.Count > 0)
            {
                Services.Console.MarkupLineInterpolated($"[yellow]Data gaps:[/] {Sanitize.ForTerminal(settings.File)} lacks {missing.Count} of the {Sanitize.ForTerminal(name)} preset's columns; these contract columns are left empty: {Sanitize.ForTerminal(string.Join(", ", missing))}.");
            }

            return dataset;
        }

        return CsvTableImporter.Import(settings.File, settings.Map);
    }

    /// <summary>
    /// <c>--table follows --into DATASET</c>: the follower list becomes the dataset's follows; its accounts keep their
    /// profiles and gain id-only rows for the ids they lack. The whole folder is rewritten through a temp folder.
    /// </summary>
    private async Task<int> ImportFollowsIntoAsync(CsvImportSettings settings, string into, CancellationToken cancellationToken)
    {
        Infrastructure.InputFiles.Check(settings.File, "a CSV file to import");

        // Only a dataset this tool wrote is rewritten (the marker); checked before anything is read.
        DatasetOutput.Check(Services, into, force: true, settings.File);
        var existing = await DatasetReader.ReadAsync(into, new DatasetReadOptions { Clock = Services.DataClock }, cancellationToken).ConfigureAwait(false);
        if (existing.Follows.Count > 0 && !settings.Force)
        {
            Services.Console.MarkupLineInterpolated($"[red]error:[/] {Sanitize.ForTerminal(into)} already has {existing.Follows.Count:N0} follows; pass --force to replace them with this list.");
            return ExitCodes.BadInput;
        }

        AuditDataset dataset;
        try
        {
            dataset = FollowerListImporter.ImportInto(settings.File, settings.Map, existing, settings.Followee, newestFirst: !settings.OldestFirst);
        }
        catch (ArgumentException ex)
        {
            Services.Console.MarkupLineInterpolated($"[red]error:[/] {Sanitize.ForTerminal(ArgumentMessage(ex))}");
            return ExitCodes.BadArguments;
        }

        ReportRejections(dataset.Rejections);
        if (dataset.Follows.Count == 0)
        {
            Services.Console.MarkupLineInterpolated($"[red]error:[/] {Sanitize.ForTerminal(settings.File)}: no follow could be imported (see the skipped rows above); {Sanitize.ForTerminal(into)} is unchanged.");
            return ExitCodes.BadInput;
        }

        var added = dataset.Accounts.Count - existing.Accounts.Count;
        await DatasetOutput.WriteAsync(Services, dataset, into, force: true, [settings.File], null, cancellationToken).ConfigureAwait(false);
        Services.Console.MarkupLineInterpolated($"Imported {dataset.Follows.Count:N0} follows into [bold]{Sanitize.ForTerminal(into)}[/]; its {existing.Accounts.Count:N0} accounts kept their profiles, and {added:N0} {(added == 1 ? "id" : "ids")} of the list without a profile {(added == 1 ? "was" : "were")} added.");
        return ExitCodes.Success;
    }
}
