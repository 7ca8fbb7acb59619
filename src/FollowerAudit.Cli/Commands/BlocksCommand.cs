using System.ComponentModel;
using System.Globalization;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Detectors.Fraudar;
using FollowerAudit.IO;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary>Arguments of <c>followeraudit blocks</c>.</summary>
internal sealed class BlocksSettings : CommandSettings
{
    [CommandOption("--edges <FILE>")]
    [Description("Plain-text edge list, 'row col' per line, 0-based (the FRAUDAR reference's input format).")]
    public string Edges { get; init; } = "";

    [CommandOption("--blocks <K>")]
    [Description("How many blocks to look for.")]
    [DefaultValue(FraudarOptions.DefaultBlockCount)]
    public int Blocks { get; init; } = FraudarOptions.DefaultBlockCount;

    [CommandOption("--row-priors <FILE>")]
    [Description("Optional prior suspiciousness of each row, one number per line.")]
    public string? RowPriors { get; init; }

    [CommandOption("--col-priors <FILE>")]
    [Description("Optional prior suspiciousness of each column, one number per line.")]
    public string? ColPriors { get; init; }

    [CommandOption("--all-blocks")]
    [Description("Print every block found, also those below the report filters (size, density).")]
    public bool AllBlocks { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Edges) ? ValidationResult.Error("--edges is required: the edge list to search.")
        : Blocks < 1 ? ValidationResult.Error($"--blocks must be at least 1 (got {Blocks.ToString(CultureInfo.InvariantCulture)}).")
        : ValidationResult.Success();
}

/// <summary><c>followeraudit blocks</c>: FRAUDAR dense blocks of a plain edge list.</summary>
internal sealed class BlocksCommand(CliServices services) : Command<BlocksSettings>
{
    public override int Execute(CommandContext context, BlocksSettings settings, CancellationToken cancellationToken)
    {
        InputFiles.Check(settings.Edges, "the edge list ('row col' per line)");
        foreach (var priors in new[] { settings.RowPriors, settings.ColPriors }.OfType<string>())
        {
            InputFiles.Check(priors, "a priors file (one number per line)");
        }

        var (rows, cols) = EdgeListFile.Read(settings.Edges);
        var rowCount = rows.Length == 0 ? 0 : rows.Max() + 1;
        var colCount = cols.Length == 0 ? 0 : cols.Max() + 1;
        var rowPriors = settings.RowPriors is null ? null : EdgeListFile.ReadPriors(settings.RowPriors, rowCount);
        var colPriors = settings.ColPriors is null ? null : EdgeListFile.ReadPriors(settings.ColPriors, colCount);
        var options = FraudarOptions.Default with { BlockCount = settings.Blocks };
        var blocks = settings.AllBlocks
            ? FraudarAlgorithm.FindAllBlocks(rowCount, colCount, rows, cols, options, rowPriors, colPriors, cancellationToken)
            : FraudarAlgorithm.FindBlocks(rowCount, colCount, rows, cols, options, rowPriors, colPriors, cancellationToken);

        var console = services.Console;
        console.MarkupLineInterpolated($"{rows.Length:N0} edges, {rowCount:N0} rows × {colCount:N0} columns; {blocks.Count} block(s).");
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            console.MarkupLineInterpolated($"block {i + 1}: {b.Rows.Count:N0} rows × {b.Cols.Count:N0} cols, {b.EdgeCount:N0} edges, density {b.Density:0.###}, score {b.Score:0.###}");
            // Member lists are data a script reads, one line each: written past the console, which wraps long lines.
            var output = console.Profile.Out.Writer;
            output.WriteLine("  rows: " + string.Join(' ', b.Rows.Order().Select(r => r.ToString(CultureInfo.InvariantCulture))));
            output.WriteLine("  cols: " + string.Join(' ', b.Cols.Order().Select(c => c.ToString(CultureInfo.InvariantCulture))));
        }

        return ExitCodes.Success;
    }
}
