using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Detectors.Fraudar;
using FollowerAudit.Core.Synthetic;

namespace FollowerAudit.Benchmarks;

// dotnet run -c Release --project tests/FollowerAudit.Benchmarks -- --filter "*FraudarBenchmarks*"
[MemoryDiagnoser]
[Config(typeof(InProcessMonitoringConfig))]
public class FraudarBenchmarks
{
    private PlantedBlockGraph _graph = null!;

    [Params(1_000_000, 10_000_000)]
    public int Edges { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _graph = PlantedBlockGraph.Generate(rowCount: Edges / 10, colCount: Edges / 100, edgeCount: Edges, seed: 1);

    [Benchmark]
    public int FindOneBlock() =>
        FraudarAlgorithm.FindAllBlocks(_graph.RowCount, _graph.ColCount, _graph.Rows, _graph.Cols, FraudarOptions.Default with { BlockCount = 1 })[0].Rows.Count;
}

// dotnet run -c Release --project tests/FollowerAudit.Benchmarks -- --filter "*CreationBatchBenchmarks*"
[MemoryDiagnoser]
[Config(typeof(InProcessMonitoringConfig))]
public class CreationBatchBenchmarks
{
    private double[] _created = [];
    private double[] _followed = [];

    [Params(1_000_000, 10_000_000)]
    public int Followers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _created = new double[Followers];
        _followed = new double[Followers];
        for (var i = 0; i < Followers; i++)
        {
            _followed[i] = 16_000 + (3000.0 * i / Followers);
            _created[i] = 14_000 + ((_followed[i] - 14_000) * random.NextDouble());
        }
    }

    [Benchmark]
    public int Scan() => new CreationBatchScan(CreationBatchOptions.Default, _created, _followed).Run(CancellationToken.None).Count;
}

// In-process (no generated project to build: on a shared machine that build times out), three measured runs.
public sealed class InProcessMonitoringConfig : ManualConfig
{
    public InProcessMonitoringConfig() =>
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
            .WithToolchain(InProcessEmitToolchain.Instance));
}
