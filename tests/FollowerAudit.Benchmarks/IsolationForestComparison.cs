using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Benchmarks;

/// <summary>
/// Our isolation forest against scikit-learn's on the same data in the same run: rows × 10 standard-normal features with
/// 1% planted outliers (uniform in ±6 on every feature), 100 trees of 256-point subsamples, fit then score every row.
/// The two run alternately, one fit + score each per pair (scikit-learn's process loads the data once, before the first
/// pair), so both see the same machine load; the load average is printed with every pair.
/// Run: <c>dotnet run -c Release --project tests/FollowerAudit.Benchmarks -- iforest-vs-sklearn [rows] [pairs]</c>
/// (needs Debian's python3-sklearn for the second half). Prints medians and the ratio of the medians.
/// </summary>
internal static class IsolationForestComparison
{
    private const int Columns = 10;

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    public static int Run(string[] args)
    {
        var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var (points, isOutlier) = PlantedOutliers(rows, seed: 1);
        var folder = Path.Combine(Path.GetTempPath(), "followeraudit-iforest-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
        {
            using var sklearn = Sklearn.Start(folder, points, isOutlier);
            if (sklearn is null)
            {
                Console.WriteLine("scikit-learn not run (install Debian's python3-sklearn to compare).");
            }

            var ours = new List<(double Fit, double Score, double Auc)>();
            var theirs = new List<(double Fit, double Score, double Auc)>();
            var cpuRatios = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                var load = LoadAverage();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var forest = IsolationForest.Fit(points, IsolationForestOptions.Default with { Seed = r });
                var fit = watch.Elapsed.TotalSeconds;
                watch.Restart();
                var scores = forest.Score(points);
                ours.Add((fit, watch.Elapsed.TotalSeconds, ClassificationMetrics.RocAuc(isOutlier, scores)));
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                var line = $"pair {r + 1}: load {load}; ours {F(ours[^1].Fit + ours[^1].Score)} s (CPU {F(cpu.TotalSeconds)} s)";
                if (sklearn?.RunOnce(r) is { } run)
                {
                    theirs.Add((run.Fit, run.Score, run.Auc));
                    cpuRatios.Add(run.Cpu / cpu.TotalSeconds);
                    line += string.Create(CultureInfo.InvariantCulture,
                        $", scikit-learn {F(run.Fit + run.Score)} s (CPU {F(run.Cpu)} s); ratio {(run.Fit + run.Score) / (ours[^1].Fit + ours[^1].Score):0.0}x wall, {cpuRatios[^1]:0.0}x CPU");
                }

                Console.WriteLine(line);
            }

            Report("FollowerAudit IsolationForest", ours);
            if (theirs.Count == 0)
            {
                return 0;
            }

            Report("scikit-learn IsolationForest (n_jobs=2)", theirs);
            var ratio = Median(theirs.Select(t => t.Fit + t.Score)) / Median(ours.Select(o => o.Fit + o.Score));
            Console.WriteLine($"speed-up (median total time, scikit-learn / ours): {ratio.ToString("0.0", CultureInfo.InvariantCulture)}x wall, " +
                $"{Median(cpuRatios).ToString("0.0", CultureInfo.InvariantCulture)}x CPU (median of the pairs' CPU-time ratios)");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static (double[][] Points, bool[] IsOutlier) PlantedOutliers(int rows, int seed)
    {
        var random = new Random(seed);
        var points = new double[rows][];
        var isOutlier = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            isOutlier[i] = random.NextDouble() < 0.01;
            var p = new double[Columns];
            for (var c = 0; c < Columns; c++)
            {
                p[c] = isOutlier[i] ? (random.NextDouble() * 12) - 6 : Gaussian(random);
            }

            points[i] = p;
        }

        return (points, isOutlier);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A scikit-learn process holding the data, running one fit + score per request.</summary>
    private sealed class Sklearn : IDisposable
    {
        private readonly Process _process;

        private Sklearn(Process process) => _process = process;

        public static Sklearn? Start(string folder, double[][] points, bool[] isOutlier)
        {
            var data = Path.Combine(folder, "x.f64");
            var labels = Path.Combine(folder, "y.u8");
            using (var writer = new BinaryWriter(File.Create(data)))
            {
                foreach (var p in points)
                {
                    foreach (var v in p)
                    {
                        writer.Write(v);
                    }
                }
            }

            File.WriteAllBytes(labels, [.. isOutlier.Select(o => o ? (byte)1 : (byte)0)]);
            var script = Path.Combine(AppContext.BaseDirectory, "iforest_sklearn.py");
            // Debian's interpreter: its python3-sklearn package is what the comparison is defined against.
            var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            var start = new ProcessStartInfo(python)
            {
                ArgumentList = { script, data, labels, points.Length.ToString(CultureInfo.InvariantCulture), Columns.ToString(CultureInfo.InvariantCulture) },
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
            };
            try
            {
                var process = Process.Start(start);
                if (process is null)
                {
                    return null;
                }

                if (process.StandardOutput.ReadLine() != "ready")
                {
                    Console.WriteLine("scikit-learn did not start (see its message above).");
                    process.Kill();
                    process.Dispose();
                    return null;
                }

                return new Sklearn(process);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }

        public (double Fit, double Score, double Auc, double Cpu)? RunOnce(int seed)
        {
            _process.StandardInput.WriteLine(seed.ToString(CultureInfo.InvariantCulture));
            _process.StandardInput.Flush();
            if (_process.StandardOutput.ReadLine() is not { } line)
            {
                return null;
            }

            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            return (r.GetProperty("fit").GetDouble(), r.GetProperty("score").GetDouble(), r.GetProperty("auc").GetDouble(), r.GetProperty("cpu").GetDouble());
        }

        public void Dispose()
        {
            _process.StandardInput.Close();
            _process.WaitForExit();
            _process.Dispose();
        }
    }

    private static void Report(string name, List<(double Fit, double Score, double Auc)> runs)
    {
        Console.WriteLine($"{name}: median fit {F(Median(runs.Select(r => r.Fit)))} s, score {F(Median(runs.Select(r => r.Score)))} s, " +
            $"total {F(Median(runs.Select(r => r.Fit + r.Score)))} s, AUC {F(Median(runs.Select(r => r.Auc)))} ({runs.Count} runs)");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
