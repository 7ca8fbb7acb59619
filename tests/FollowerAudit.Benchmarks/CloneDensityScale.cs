using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Core.Synthetic;

namespace FollowerAudit.Benchmarks;

/// <summary>
/// <c>clone-density</c> on one generated account (<see cref="WorldOptions.SingleAccount"/>): time, CPU and bytes allocated
/// by the scorer, the ROC AUC of its scores against the world's truth, the share it flags, and a SHA-256 prefix of the scores.
/// Run: <c>dotnet run -c Release --project tests/FollowerAudit.Benchmarks -- clone-density [followers] [runs] [scores-file]</c>.
/// With a scores file, the scores of the last run are written there (raw little-endian doubles) when it does not
/// exist, or compared with it when it does (flags that differ, largest score difference, AUC of both): run a build
/// from before a change first, then the changed one, to see what the change did to the scores.
/// </summary>
internal static class CloneDensityScale
{
    public static int Run(string[] args)
    {
        var followers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var scoresFile = args.Length > 3 ? args[3] : null;
        var world = WorldGenerator.Generate(WorldOptions.SingleAccount(followers, seed: 1));
        var account = world.Truth.AuditedAccounts[0].AccountId;
        if (!world.Dataset.Accounts.TryGetRow(account, out var row))
        {
            throw new InvalidOperationException("the generated account is missing");
        }

        var context = new AuditContext(AccountSlice.Create(world.Dataset, row), AuditOptions.Default);
        new ProfileFeatureExtractor().Extract(context);
        var fakes = world.Truth.FakeAccountIds();
        var isFake = context.Slice.Followers.AccountId.Select(fakes.Contains).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{context.Slice.Count:N0} followers, {isFake.Count(f => f):N0} fake"));
        var scorer = new CloneDensityScorer();
        FollowerScores? scores = null;
        for (var r = 0; r < runs; r++)
        {
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            scores = scorer.Score(context);
            watch.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {r + 1}: load {load}; {watch.Elapsed.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU, {allocated / 1e6:N0} MB allocated; AUC {ClassificationMetrics.RocAuc(isFake, scores.Scores):0.0000}; " +
                $"flagged {scores.Scores.Count(s => s >= scores.Threshold):N0}; scores {Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(scores.Scores.AsSpan())))[..12]}"));
        }

        if (scores is not null && scoresFile is not null)
        {
            Compare(scores, isFake, scoresFile);
        }

        return 0;
    }

    private static void Compare(FollowerScores scores, bool[] isFake, string file)
    {
        if (!File.Exists(file))
        {
            File.WriteAllBytes(file, MemoryMarshal.AsBytes(scores.Scores.AsSpan()).ToArray());
            Console.WriteLine($"scores written to {file}");
            return;
        }

        var earlier = MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(file)).ToArray();
        if (earlier.Length != scores.Scores.Length)
        {
            Console.WriteLine($"{file} holds {earlier.Length} scores, not {scores.Scores.Length}: not compared");
            return;
        }

        var flagChanges = 0;
        var fakeFlagChanges = 0;
        var largest = 0.0;
        for (var i = 0; i < earlier.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(earlier[i] - scores.Scores[i]));
            if (earlier[i] >= scores.Threshold != scores.Scores[i] >= scores.Threshold)
            {
                flagChanges++;
                fakeFlagChanges += isFake[i] ? 1 : 0;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"against {file}: AUC {ClassificationMetrics.RocAuc(isFake, earlier):0.0000} then, {ClassificationMetrics.RocAuc(isFake, scores.Scores):0.0000} now; " +
            $"flag changed for {flagChanges:N0} followers ({fakeFlagChanges:N0} of them fake); largest score difference {largest:0.0000}"));
    }
}
