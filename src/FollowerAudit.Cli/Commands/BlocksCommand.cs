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
        var rowNodes = NodeNumbering.Of(rows, settings.RowPriors is null ? null : EdgeListFile.ReadPriors(settings.RowPriors));
        var colNodes = NodeNumbering.Of(cols, settings.ColPriors is null ? null : EdgeListFile.ReadPriors(settings.ColPriors));
        var options = FraudarOptions.Default with { BlockCount = settings.Blocks };
        var blocks = settings.AllBlocks
            ? FraudarAlgorithm.FindAllBlocks(rowNodes.Count, colNodes.Count, rowNodes.Nodes, colNodes.Nodes, options, rowNodes.Priors, colNodes.Priors, cancellationToken)
            : FraudarAlgorithm.FindBlocks(rowNodes.Count, colNodes.Count, rowNodes.Nodes, colNodes.Nodes, options, rowNodes.Priors, colNodes.Priors, cancellationToken);

        var console = services.Console;
        console.MarkupLineInterpolated($"{rows.Length:N0} edges, {rowNodes.Count:N0} rows × {colNodes.Count:N0} columns; {blocks.Count} block(s).");
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            console.MarkupLineInterpolated($"block {i + 1}: {b.Rows.Count:N0} rows × {b.Cols.Count:N0} cols, {b.EdgeCount:N0} edges, density {b.Density:0.###}, score {b.Score:0.###}");
            // Member lists are data a script reads, one line each: written past the console, which wraps long lines.
            var output = console.Profile.Out.Writer;
            output.WriteLine("  rows: " + string.Join(' ', b.Rows.Order().Select(r => rowNodes.Id(r).ToString(CultureInfo.InvariantCulture))));
            output.WriteLine("  cols: " + string.Join(' ', b.Cols.Order().Select(c => colNodes.Id(c).ToString(CultureInfo.InvariantCulture))));
        }

        return ExitCodes.Success;
    }
}

/// <summary>
/// The nodes of one side of an edge list as FRAUDAR numbers them. Ids are used as node numbers, as in the reference
/// (every id below the largest is a node, isolated ones included), while that costs no more memory than the edges;
/// sparser ids (a few followers with ids near 2³¹) are renumbered in id order, keeping only the ids that have an edge
/// or a non-zero prior. Both give the same blocks: an isolated node without a prior adds nothing to any block and is
/// peeled first, and renumbering in id order keeps the reference's "lowest index first" among ties.
/// </summary>
/// <param name="Count">Number of nodes.</param>
/// <param name="Nodes">Node number of each edge's end.</param>
/// <param name="Priors">Prior of each node, or null.</param>
/// <param name="Ids">Id of each node when renumbered; null when node numbers are the ids.</param>
internal sealed record NodeNumbering(int Count, int[] Nodes, double[]? Priors, int[]? Ids)
{
    /// <summary>The id a node number stands for.</summary>
    /// <param name="node">The node number.</param>
    /// <returns>Its id in the edge list.</returns>
    public int Id(int node) => Ids is null ? node : Ids[node];

    /// <summary>Numbers the ids of one side.</summary>
    /// <param name="ids">The id at this side of each edge (non-negative).</param>
    /// <param name="priorLines">The priors file's values, line k for id k, or null.</param>
    /// <returns>The numbering.</returns>
    public static NodeNumbering Of(int[] ids, double[]? priorLines)
    {
        long largest = ids.Length == 0 ? -1 : ids.Max();
        if (largest < (2L * ids.Length) + 1024)
        {
            var count = (int)(largest + 1);
            return new NodeNumbering(count, ids, priorLines is null ? null : PriorsOf(Enumerable.Range(0, count), priorLines), null);
        }

        var withPriors = priorLines is null ? [] : Enumerable.Range(0, (int)Math.Min(priorLines.Length, largest + 1)).Where(k => priorLines[k] > 0);
        var nodeIds = ids.Concat(withPriors).Distinct().Order().ToArray();
        var nodes = new int[ids.Length];
        for (var e = 0; e < ids.Length; e++)
        {
            nodes[e] = Array.BinarySearch(nodeIds, ids[e]);
        }

        return new NodeNumbering(nodeIds.Length, nodes, priorLines is null ? null : PriorsOf(nodeIds, priorLines), nodeIds);
    }

    private static double[] PriorsOf(IEnumerable<int> nodeIds, double[] priorLines) =>
        [.. nodeIds.Select(id => id < priorLines.Length ? priorLines[id] : 0)];
}
