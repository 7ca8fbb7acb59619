using System.Diagnostics;
using System.Globalization;
using FollowerAudit.Core.Model;
using FollowerAudit.IO.Tests.TestSupport;
using Parquet;

namespace FollowerAudit.IO.Tests;

/// <summary>
/// A rough timing of <see cref="DatasetReader"/> against a bare Parquet.Net column read of the same files, until the
/// benchmark project covers IO. Run by hand:
/// <c>dotnet test tests/FollowerAudit.IO.Tests -c Release --filter Name=ReadAsync_OneMillionFollowers_Timing --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class ReadBenchmark
{
    private const int Followers = 1_000_000;

    [Test]
    [Explicit("Timing only; takes about a minute.")]
    public async Task ReadAsync_OneMillionFollowers_Timing()
    {
        using var temp = new TempFolder();
        var dataset = OneTargetWithFollowers(Followers, seed: 17);
        var write = Stopwatch.StartNew();
        await DatasetWriter.WriteAsync(dataset, temp.Path);
        write.Stop();
        var bytes = Directory.GetFiles(temp.Path).Sum(f => new FileInfo(f).Length);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"write: {write.Elapsed.TotalSeconds:F2} s, {bytes / 1e6:F1} MB on disk"));

        var options = new DatasetReadOptions { Clock = FixedClock.At2025 };
        for (var run = 1; run <= 3; run++)
        {
            var (readerTime, readerAlloc, loaded) = await MeasureAsync(() => DatasetReader.ReadAsync(temp.Path, options));
            foreach (var group in loaded.Rejections.GroupBy(r => (r.File, r.Column, r.Reason)))
            {
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key}: {group.Count()}, first rows {string.Join(",", group.Take(5).Select(r => r.Row))}; {group.First().Detail}"));
            }

            var (plainTime, plainAlloc, rows) = await MeasureAsync(() => PlainReadAsync(temp.Path));
            TestContext.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"run {run}: DatasetReader {readerTime:F2} s ({readerAlloc / 1e6:F0} MB allocated, {loaded.Accounts.Count} accounts, {loaded.Follows.Count} edges, {loaded.Rejections.Count} rejections); plain column read {plainTime:F2} s ({plainAlloc / 1e6:F0} MB allocated, {rows})"));
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB"));
        Assert.Pass();
    }

    /// <summary>
    /// Times the two reads of a one-account audit on a generated world (the CLI's <c>load</c> and
    /// <c>audit/profiles</c> stages, without the audit): the lean follow-graph read, then the whole rows of the
    /// account's followers in chunks, with one and with two decoding workers, alternating, three runs each. Wall and CPU
    /// seconds (the whole process), so a loaded machine shows as wall above CPU; FOLLOWERAUDIT_BENCH_WORKERS picks the
    /// worker counts (e.g. "2" alone, for that count's peak working set). Run by hand, e.g.
    /// <c>FOLLOWERAUDIT_BENCH_WORLD=/tmp/lead/w1m dotnet test tests/FollowerAudit.IO.Tests -c Release --filter Name=ReadOneAccount_Workers_Timing --logger "console;verbosity=detailed"</c>.
    /// </summary>
    [Test]
    [Explicit("Timing only; needs a world generated with 'followeraudit generate --followers N' in FOLLOWERAUDIT_BENCH_WORLD.")]
    public async Task ReadOneAccount_Workers_Timing()
    {
        var world = Environment.GetEnvironmentVariable("FOLLOWERAUDIT_BENCH_WORLD");
        Assume.That(world, Is.Not.Null.And.Not.Empty, "set FOLLOWERAUDIT_BENCH_WORLD");
        var handle = Environment.GetEnvironmentVariable("FOLLOWERAUDIT_BENCH_ACCOUNT") ?? "influencer_01";
        for (var run = 1; run <= 3; run++)
        {
            foreach (var workers in (Environment.GetEnvironmentVariable("FOLLOWERAUDIT_BENCH_WORKERS") ?? "1,2").Split(',').Select(int.Parse))
            {
                var options = new DatasetReadOptions { Clock = FixedClock.At2025, DecodeWorkers = workers };
                var (load, graph) = await TimedAsync(() => DatasetReader.ReadFollowGraphAsync(world!, (_, h) => h == handle, options));
                var id = graph.Accounts.AccountId[graph.Accounts.FindHandle(handle)];
                var followers = Enumerable.Range(0, graph.Follows.Count).Where(e => graph.Follows.FolloweeId[e] == id).Select(e => graph.Follows.FollowerId[e]).ToArray();
                graph = null!;
                long rows = 0;
                var (profiles, _) = await TimedAsync(async () =>
                {
                    await DatasetReader.ReadAccountRowsInChunksAsync(world!, followers, (chunk, _) => rows += chunk.Count, options);
                    return rows;
                });
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}, {workers} worker(s): load {load.Wall:F1} s wall, {load.Cpu:F1} s CPU; profiles of {rows:N0} followers {profiles.Wall:F1} s wall, {profiles.Cpu:F1} s CPU; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            }
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB"));
        Assert.Pass();
    }

    private static async Task<((double Wall, double Cpu) Seconds, T Result)> TimedAsync<T>(Func<Task<T>> action)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await action();
        watch.Stop();
        process.Refresh();
        return ((watch.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds), result);
    }

    private static async Task<(double Seconds, long Allocated, T Result)> MeasureAsync<T>(Func<Task<T>> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = await action();
        watch.Stop();
        return (watch.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated, result);
    }

    /// <summary>The baseline: every column of both files into pre-sized nullable arrays, no checks.</summary>
    private static async Task<string> PlainReadAsync(string folder)
    {
        long rows = 0;
        foreach (var table in new[] { "accounts", "follows" })
        {
            await using var reader = await ParquetReader.CreateAsync(Path.Combine(folder, table + ".parquet"));
            var total = (int)reader.RowGroups.Sum(g => g.RowCount);
            // Required ids go into plain long[]: the nullable overload is unreliable for required columns (see the
            // PooledBuffers test) and the plain one is the cheapest baseline anyway.
            var arrays = reader.Schema.DataFields.Select(f => f.ClrType == typeof(long) && !f.IsNullable ? new long[total]
                : f.ClrType == typeof(long) ? (Array)new long?[total]
                : f.ClrType == typeof(DateTime) ? new DateTime?[total]
                : f.ClrType == typeof(bool) ? new bool?[total]
                : new string?[total]).ToArray();
            var offset = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rowGroup = reader.OpenRowGroupReader(g);
                var count = (int)rowGroup.RowCount;
                for (var c = 0; c < arrays.Length; c++)
                {
                    var field = reader.Schema.DataFields[c];
                    var read = arrays[c] switch
                    {
                        long[] a => rowGroup.ReadAsync<long>(field, a.AsMemory(offset, count)),
                        long?[] a => rowGroup.ReadAsync<long>(field, a.AsMemory(offset, count)),
                        DateTime?[] a => rowGroup.ReadAsync<DateTime>(field, a.AsMemory(offset, count)),
                        bool?[] a => rowGroup.ReadAsync<bool>(field, a.AsMemory(offset, count)),
                        string?[] a => rowGroup.ReadAsync(field, a.AsMemory(offset, count)),
                        _ => throw new InvalidOperationException(),
                    };
                    await read;
                }

                offset += count;
            }

            rows += total;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{rows} rows");
    }

    /// <summary>Account 0 is the target; accounts 1..n follow it, with profile columns and follow times.</summary>
    private static AuditDataset OneTargetWithFollowers(int followers, int seed)
    {
        var random = new Random(seed);
        var n = followers + 1;
        var start = new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var ids = new long[n];
        var handles = new string?[n];
        var created = new DateTime?[n];
        var followersCount = new long?[n];
        var followingCount = new long?[n];
        var postsCount = new long?[n];
        var avatar = new bool?[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = 1_000_000_000L + (i * 7L);
            handles[i] = "user" + i.ToString(CultureInfo.InvariantCulture);
            created[i] = start.AddMinutes(random.Next(0, 7_000_000));
            followersCount[i] = random.Next(0, 5000);
            followingCount[i] = random.Next(0, 5000);
            postsCount[i] = random.Next(0, 20) == 0 ? null : random.Next(0, 10000);
            avatar[i] = random.Next(0, 4) != 0;
        }

        var followerIds = ids[1..];
        var followeeIds = Enumerable.Repeat(ids[0], followers).ToArray();
        var followedAt = new DateTime?[followers];
        for (var i = 0; i < followers; i++)
        {
            followedAt[i] = start.AddYears(10).AddSeconds(i * 13L);
        }

        return new AuditDataset(
            new AccountTable
            {
                AccountId = ids,
                Handle = handles,
                CreatedAt = created,
                FollowersCount = followersCount,
                FollowingCount = followingCount,
                PostsCount = postsCount,
                HasAvatar = avatar,
            },
            new FollowTable { FollowerId = followerIds, FolloweeId = followeeIds, FollowedAt = followedAt });
    }
}
