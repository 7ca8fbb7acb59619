using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests.Performance;

// Where the memory of a million-follower audit goes, scorer by scorer. Run on purpose:
//   dotnet test tests/FollowerAudit.Learning.Tests -c Release --filter "FullyQualifiedName~ScoringMemoryMeasurements" --logger "console;verbosity=detailed"
[Explicit("Measurement: scores a one-million-follower account with every scorer (a few minutes).")]
[Category("Measure")]
public sealed class ScoringMemoryMeasurements
{
    [Test]
    public void Measure_OneMillionFollowers_AllocatedAndRetainedPerScorer()
    {
        var world = SyntheticFollowers.Generate(WorldOptions.SingleAccount(1_000_000));
        var account = world.Truth.AuditedAccounts[0].AccountId;
        Assert.That(world.Dataset.Accounts.TryGetRow(account, out var row), Is.True);
        var pipeline = new AuditPipelineBuilder()
            .UseProfileScoring().UsePublishedRuleSets().UseUnsupervisedScoring().UseTrainedClassifier()
            .Build();

        var context = new AuditContext(AccountSlice.Create(world.Dataset, row), AuditOptions.Default);
        var line = Step("features", () =>
        {
            foreach (var extractor in pipeline.FeatureExtractors)
            {
                extractor.Extract(context);
            }

            return context.Features;
        });
        TestContext.Out.WriteLine(line);
        var kept = new List<FollowerScores>();
        foreach (var scorer in pipeline.Scorers)
        {
            TestContext.Out.WriteLine(Step(scorer.Name, () =>
            {
                var output = scorer.Score(context);
                kept.Add(output);
                return output;
            }));
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB"));
        Assert.That(kept, Has.Count.EqualTo(pipeline.Scorers.Count));
    }

    /// <summary>SHA-256 prefix of a scorer's scores (to check that a faster version returns the same bits).</summary>
    private static string Fingerprint(object result) =>
        result is FollowerScores scores
            ? "scores " + Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(scores.Scores.AsSpan())))[..12]
                + " reasons " + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                    string.Join("\n", (scores.Reasons ?? []).Select(r => string.Join("|", r))))))[..12]
            : result is FeatureTable features
                ? "features " + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join(",", features.Names)))
                    .Concat(features.Names.SelectMany(n => SHA256.HashData(MemoryMarshal.AsBytes((features.TryGet(n, out var v) ? v : []).AsSpan())))).ToArray())[..12]
                : "";

    internal static string Step(string name, Func<object> run)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = run();
        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(result);
        return string.Create(CultureInfo.InvariantCulture, $"{name,-20} {watch.Elapsed.TotalSeconds,6:0.0} s  CPU {cpu.TotalSeconds,6:0.0} s  {Fingerprint(result)}  allocated {allocated / 1e6,8:N0} MB  retained {(after - before) / 1e6,8:N0} MB");
    }
}
