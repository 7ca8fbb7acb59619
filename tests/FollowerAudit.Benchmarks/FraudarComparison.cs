using System.Globalization;
using System.Text.Json;
using FollowerAudit.Core.Synthetic;

namespace FollowerAudit.Benchmarks;

/// <summary>
/// The <c>blocks</c> command (FRAUDAR on a text edge list) against the authors' reference Python on the same file, run
/// alternately, one process each per pair, both under <c>/usr/bin/time</c>: wall, CPU and peak RSS of the whole
/// process, reading the file included, one block (ours with <c>--all-blocks</c>, so it is printed even when below the
/// report filters, as the reference prints whatever it finds). The file is a <see cref="PlantedBlockGraph"/> of about N edges
/// (N/10 rows × N/100 columns, seed 1, block 2,000 × 200 at density 0.5).
/// Run: <c>dotnet run -c Release --project tests/FollowerAudit.Benchmarks -- fraudar-vs-reference --cli
/// src/FollowerAudit.Cli/bin/Release/net10.0/followeraudit.dll --reference DIR [--edges N] [--pairs P] [--keep]</c> (<c>--keep</c> leaves the edge list in place; <c>--pairs 0 --keep</c> only writes it), where DIR
/// holds the reference's <c>greedy.py</c> and <c>MinTree.py</c> (e.g. <c>fraudar/export</c> of the rgmining/fraudar
/// package, which ships them unchanged; needs numpy and scipy: Debian's python3-scipy).
/// </summary>
internal static class FraudarComparison
{
    public static int Run(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var cli = Option("--cli");
        var reference = Option("--reference");
        if (cli is null || reference is null || !File.Exists(cli) || !File.Exists(Path.Combine(reference, "greedy.py")))
        {
            Console.Error.WriteLine("usage: fraudar-vs-reference --cli PATH/followeraudit.dll --reference DIR_WITH_greedy.py [--edges N] [--pairs P]");
            return 2;
        }

        var edges = int.Parse(Option("--edges") ?? "10000000", CultureInfo.InvariantCulture);
        var pairs = int.Parse(Option("--pairs") ?? "3", CultureInfo.InvariantCulture);
        var folder = Path.Combine(Path.GetTempPath(), "followeraudit-fraudar-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
        {
            var graph = PlantedBlockGraph.Generate(rowCount: edges / 10, colCount: edges / 100, edgeCount: edges, seed: 1);
            var file = Path.Combine(folder, "edges.txt");
            using (var writer = new StreamWriter(file))
            {
                for (var e = 0; e < graph.Rows.Length; e++)
                {
                    writer.Write(graph.Rows[e].ToString(CultureInfo.InvariantCulture));
                    writer.Write(' ');
                    writer.Write(graph.Cols[e].ToString(CultureInfo.InvariantCulture));
                    writer.Write('\n');
                }
            }

            Console.WriteLine($"fraudar-vs-reference: {graph.Rows.Length:N0} edges ({graph.RowCount:N0} × {graph.ColCount:N0}), {new FileInfo(file).Length >> 20} MB; {Environment.ProcessorCount} cores");
            var script = Path.Combine(AppContext.BaseDirectory, "fraudar_reference.py");
            var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            var ours = new List<TimedProcess.Measurement>();
            var theirs = new List<TimedProcess.Measurement>();
            for (var p = 0; p < pairs; p++)
            {
                var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                var (code, output, errors, measured) = TimedProcess.Run(TimedProcess.StartInfo("dotnet", [cli, "blocks", "--edges", file, "--blocks", "1", "--all-blocks"]));
                if (code != 0 || measured is null)
                {
                    Console.Error.WriteLine($"blocks failed (exit {code}): {errors}");
                    return 1;
                }

                ours.Add(measured);
                var ourRows = Members(output, "  rows: ");
                var ourCols = Members(output, "  cols: ");
                (code, output, errors, measured) = TimedProcess.Run(TimedProcess.StartInfo(python, [script, reference, file]));
                if (code != 0 || measured is null)
                {
                    Console.Error.WriteLine($"the reference failed (exit {code}): {errors}");
                    return 1;
                }

                theirs.Add(measured);
                using var result = JsonDocument.Parse(output.Split('\n').First(l => l.StartsWith('{')));
                var refRows = result.RootElement.GetProperty("rows").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
                var refCols = result.RootElement.GetProperty("cols").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"pair {p + 1} (load {load}): ours {Describe(ours[^1])}; reference {Describe(measured)} " +
                    $"(read {result.RootElement.GetProperty("read").GetDouble():0.0} s); ratio {measured.WallSeconds / ours[^1].WallSeconds:0.0}x wall, " +
                    $"{measured.CpuSeconds / ours[^1].CpuSeconds:0.0}x CPU; block {ourRows.Count} × {ourCols.Count} vs {refRows.Count} × {refCols.Count}, " +
                    $"Jaccard rows {Jaccard(ourRows, refRows):0.000}, cols {Jaccard(ourCols, refCols):0.000}; " +
                    $"planted rows recalled: ours {Recall(ourRows, graph.FakeRows):0.000}, reference {Recall(refRows, graph.FakeRows):0.000}"));
            }

            static double Median(IEnumerable<double> v)
            {
                var s = v.Order().ToArray();
                return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
            }

            if (pairs < 1)
            {
                // --pairs 0 --keep: only write the edge list (e.g. to time our side alone).
                return 0;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"medians: ours {Median(ours.Select(o => o.WallSeconds)):0.00} s wall, {Median(ours.Select(o => o.CpuSeconds)):0.00} s CPU, {Median(ours.Select(o => (double)o.MaxRssKb)) / 1024:0} MB; " +
                $"reference {Median(theirs.Select(o => o.WallSeconds)):0.00} s wall, {Median(theirs.Select(o => o.CpuSeconds)):0.00} s CPU, {Median(theirs.Select(o => (double)o.MaxRssKb)) / 1024:0} MB; " +
                $"speed-up {Median(ours.Zip(theirs, (o, t) => t.WallSeconds / o.WallSeconds)):0.0}x wall (median of the pairs' ratios)"));
            return 0;
        }
        finally
        {
            if (args.Contains("--keep"))
            {
                Console.WriteLine($"kept {folder}");
            }
            else
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string Describe(TimedProcess.Measurement m) =>
        string.Create(CultureInfo.InvariantCulture, $"{m.WallSeconds:0.00} s wall, {m.CpuSeconds:0.00} s CPU, {m.MaxRssKb >> 10} MB");

    private static HashSet<int> Members(string output, string prefix) =>
        output.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line
            ? line[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToHashSet()
            : [];

    private static double Jaccard(HashSet<int> a, HashSet<int> b) =>
        a.Count + b.Count == 0 ? 1 : a.Intersect(b).Count() / (double)a.Union(b).Count();

    private static double Recall(HashSet<int> found, int[] planted) =>
        planted.Length == 0 ? 1 : planted.Count(found.Contains) / (double)planted.Length;
}
