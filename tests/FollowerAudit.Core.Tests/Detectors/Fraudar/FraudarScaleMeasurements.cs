using System.Diagnostics;
using FollowerAudit.Core.Detectors.Fraudar;
using FollowerAudit.Core.Synthetic;

namespace FollowerAudit.Core.Tests.Detectors.Fraudar;

// Scale measurements, not unit tests: run on purpose with
//   dotnet test tests/FollowerAudit.Core.Tests -c Release --filter "FullyQualifiedName~FraudarScaleMeasurements" --logger "console;verbosity=detailed"
[Explicit("Measurement: generates up to 10M edges and takes seconds to minutes.")]
[Category("Measure")]
public sealed class FraudarScaleMeasurements
{
    [TestCase(100_000, 10_000, 1_000_000, 0.5)]
    [TestCase(1_000_000, 100_000, 10_000_000, 0.5)]
    [TestCase(1_000_000, 100_000, 10_000_000, 0.8)]
    public void FindBlocks_PlantedBlockGraph_TimeMemoryAndRecovery(int rowCount, int colCount, int edgeCount, double density)
    {
        var generate = Stopwatch.StartNew();
        var graph = PlantedBlockGraph.Generate(rowCount, colCount, edgeCount, fakeCount: 2_000, customerCount: 200, blockDensity: density, camouflagePerFake: 100, seed: 1);
        generate.Stop();
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        // The machine may be shared: report the best of three runs, as wall time and as this process's CPU time.
        DenseBlock block = null!;
        var wall = double.MaxValue;
        var cpu = double.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var run = Stopwatch.StartNew();
            block = FraudarAlgorithm.FindAllBlocks(graph.RowCount, graph.ColCount, graph.Rows, graph.Cols, FraudarOptions.Default with { BlockCount = 1 }).Single();
            run.Stop();
            wall = Math.Min(wall, run.Elapsed.TotalSeconds);
            cpu = Math.Min(cpu, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
        }

        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / 3;
        var found = block.Rows.Intersect(graph.FakeRows).Count();
        var precision = (double)found / Math.Max(1, block.Rows.Count);
        var recall = (double)found / graph.FakeRows.Length;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var customers = block.Cols.Intersect(graph.CustomerCols).Count();
        TestContext.Out.WriteLine(
            $"edges={graph.Rows.Length:N0} rows={rowCount:N0} cols={colCount:N0} density={density} generate={generate.Elapsed.TotalSeconds:0.00}s fraudar wall={wall:0.00}s cpu={cpu:0.00}s (best of 3) " +
            $"allocated={allocated / 1e6:0}MB peakWorkingSet={Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0}MB block={block.Rows.Count}x{block.Cols.Count} " +
            $"fakes P={precision:0.000} R={recall:0.000} F1={f1:0.000} customers={customers}/{graph.CustomerCols.Length}");
        Assert.That(recall, Is.GreaterThan(0.9));
    }
}
