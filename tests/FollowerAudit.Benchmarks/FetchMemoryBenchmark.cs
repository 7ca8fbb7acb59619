using System.Diagnostics;
using System.Globalization;
using FollowerAudit.Testing.Replay;

namespace FollowerAudit.Benchmarks;

/// <summary>
/// <c>fetch-memory</c>: runs the real CLI (<c>followeraudit fetch bluesky</c>, a separate process) against the
/// loopback replay server with N synthetic followers, and samples the CLI process's resident set each time another
/// <c>--every</c> followers (then profiles) have been served, and through the final write. Prints the samples, the
/// peak (kernel's VmHWM, and <c>/usr/bin/time</c>'s maximum RSS when available), CPU time and requests per second.
/// </summary>
/// <remarks>
/// Usage: <c>fetch-memory --cli PATH/followeraudit.dll --followers N [--rate R] [--every K] [--work DIR]</c>.
/// The server runs in this process, so its memory is not counted.
/// </remarks>
internal static class FetchMemoryBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"fetch-memory needs {name}.");
        }

        var cli = Path.GetFullPath(Arg("--cli"));
        var followers = int.Parse(Arg("--followers"), CultureInfo.InvariantCulture);
        var rate = Arg("--rate", "0");
        var every = int.Parse(Arg("--every", (Math.Max(1, followers / 10)).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var work = Directory.CreateTempSubdirectory("fetch-memory-").FullName;
        work = args.Contains("--work") ? Path.GetFullPath(Arg("--work")) : work;
        Directory.CreateDirectory(work);

        var fake = new FakeBluesky(followers, posts: 100);
        long followersServed = 0, profilesServed = 0, requests = 0, firstRequestTicks = 0;
        var watch = new Stopwatch();
        fake.Intercept = request =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                Interlocked.Exchange(ref firstRequestTicks, watch.Elapsed.Ticks);
            }

            if (request.Path.EndsWith("getFollowers", StringComparison.Ordinal))
            {
                Interlocked.Add(ref followersServed, int.Parse(request.One("limit") ?? "100", CultureInfo.InvariantCulture));
            }
            else if (request.Path.EndsWith("getProfiles", StringComparison.Ordinal))
            {
                Interlocked.Add(ref profilesServed, request.Query("actors").Count);
            }

            return null;
        };
        await using var server = new ReplayServer(fake.Respond) { Record = false };

        var dataset = Path.Combine(work, "ds");
        var timed = TimedProcess.Available;
        var start = TimedProcess.StartInfo("dotnet", [cli, "fetch", "bluesky", FakeBluesky.TargetHandle, "--out", dataset, "--service", server.BaseUri.ToString(), "--rate", rate, "--posts", "100", "--force"]);
        start.Environment["CI"] = "1";
        Console.WriteLine($"fetch-memory: {followers:N0} followers, --rate {rate}, sample every {every:N0}; {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("phase      served    RSS MB   HWM MB   elapsed s");
        watch.Start();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();

        long nextFollowers = every, nextProfiles = every, rssMax = 0, hwm = 0;
        var fetchEnded = TimeSpan.Zero;
        (long Rss, long Hwm, long CpuTicks)? last = null;
        var writingPrinted = false;
        while (!process.HasExited)
        {
            var child = timed ? ChildOf(process.Id) : process.Id;
            if (child is { } pid && Read(pid) is { } sample)
            {
                last = sample;
                rssMax = Math.Max(rssMax, sample.Rss);
                hwm = Math.Max(hwm, sample.Hwm);
                var f = Interlocked.Read(ref followersServed);
                var p = Interlocked.Read(ref profilesServed);
                if (f >= nextFollowers && p == 0)
                {
                    Print("followers", f, sample, watch.Elapsed);
                    nextFollowers = (f / every + 1) * every;
                }
                else if (p >= nextProfiles)
                {
                    Print("profiles", p, sample, watch.Elapsed);
                    nextProfiles = (p / every + 1) * every;
                }
                else if (p >= followers && Interlocked.Read(ref requests) > 0 && fetchEnded == TimeSpan.Zero)
                {
                    fetchEnded = watch.Elapsed;
                }

                if (fetchEnded != TimeSpan.Zero && watch.Elapsed - fetchEnded > TimeSpan.FromMilliseconds(300) && !writingPrinted)
                {
                    // After the posts pages: the dataset is being written from the checkpoint.
                    Print("writing", p, sample, watch.Elapsed);
                    writingPrinted = true;
                }
            }

            await Task.Delay(25);
        }

        await process.WaitForExitAsync();
        watch.Stop();
        var stderr = await errors;
        Console.WriteLine($"exit {process.ExitCode}; {Interlocked.Read(ref requests):N0} requests in {watch.Elapsed.TotalSeconds:0.0} s wall ({(fetchEnded == TimeSpan.Zero ? "-" : (Interlocked.Read(ref requests) / (fetchEnded - TimeSpan.FromTicks(Interlocked.Read(ref firstRequestTicks))).TotalSeconds).ToString("0", CultureInfo.InvariantCulture))} requests/s from the first request to the last profile; start-up {TimeSpan.FromTicks(Interlocked.Read(ref firstRequestTicks)).TotalSeconds:0.0} s; write and exit {(watch.Elapsed - fetchEnded).TotalSeconds:0.0} s)");
        Console.WriteLine($"sampled: max RSS {rssMax >> 10} MB, VmHWM {hwm >> 10} MB; CPU {(last is { } l ? TimeSpan.FromTicks(l.CpuTicks).TotalSeconds : 0):0.0} s at the last sample");
        foreach (var line in stderr.Split('\n').Where(l => l.StartsWith("time:", StringComparison.Ordinal)))
        {
            Console.WriteLine(line);
        }

        var cliOutput = await output;
        Console.WriteLine(cliOutput.Split('\n').FirstOrDefault(l => l.StartsWith("Fetched", StringComparison.Ordinal)) ?? cliOutput + stderr);
        return process.ExitCode;
    }

    private static void Print(string phase, long served, (long Rss, long Hwm, long CpuTicks) s, TimeSpan at) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase,-9}{served,9:N0}{s.Rss >> 10,9}{s.Hwm >> 10,9}{at.TotalSeconds,12:0.0}"));

    private static int? ChildOf(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        try
        {
            return File.Exists(path) && File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var first, ..] ? int.Parse(first, CultureInfo.InvariantCulture) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    // VmRSS and VmHWM in kB from /proc/PID/status; CPU (utime + stime, clock ticks of 1/100 s) from /proc/PID/stat.
    private static (long Rss, long Hwm, long CpuTicks)? Read(int pid)
    {
        try
        {
            long rss = 0, hwm = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }

            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * TimeSpan.TicksPerSecond / 100;
            return (rss, hwm, cpu);
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
