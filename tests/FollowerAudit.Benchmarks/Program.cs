using BenchmarkDotNet.Running;
using FollowerAudit.Benchmarks;

// A head-to-head against another implementation runs as a plain timed program; everything else is BenchmarkDotNet.
return args switch
{
    ["iforest-vs-sklearn", ..] => IsolationForestComparison.Run(args),
    ["fetch-memory", ..] => await FetchMemoryBenchmark.RunAsync(args),
    ["clone-density", ..] => CloneDensityScale.Run(args),
    ["fraudar-vs-reference", ..] => FraudarComparison.Run(args),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(FraudarBenchmarks).Assembly).Run(args);
    return 0;
}
