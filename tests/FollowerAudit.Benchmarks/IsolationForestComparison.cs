using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Benchmarks;

/// <summary>
/// Our isolation forest against scikit-learn's on the same data in the same run: rows × 10 standard-normal features with
/// 1% planted outliers (uniform in ±6 on every feature), 100 trees of 256-point subsamples, fit then score every row.
/// Run: <c>dotnet run -c Release --project tests/FollowerAudit.Benchmarks -- iforest-vs-sklearn [rows] [repeats]</c>
/// (needs Debian's python3-sklearn for the second half). Prints medians and the ratio.
/// </summary>
internal static class IsolationForestComparison
{
    private const int Columns = 10;

    public static int Run(string[] args)
    {
        var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var (points, isOutlier) = PlantedOutliers(rows, seed: 1);

        var ours = new List<(double Fit, double Score, double Auc)>();
        for (var r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            var forest = IsolationForest.Fit(points, IsolationForestOptions.Default with { Seed = r });
            var fit = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var scores = forest.Score(points);
            ours.Add((fit, watch.Elapsed.TotalSeconds, ClassificationMetrics.RocAuc(isOutlier, scores)));
        }

        Report("FollowerAudit IsolationForest", ours);
        var theirs = RunSklearn(points, isOutlier, repeats);
        if (theirs is null)
        {
            Console.WriteLine("scikit-learn not run (install Debian's python3-sklearn to compare).");
            return 0;
        }

        Report("scikit-learn IsolationForest (n_jobs=2)", theirs);
        var ratio = Median(theirs.Select(t => t.Fit + t.Score)) / Median(ours.Select(o => o.Fit + o.Score));
        Console.WriteLine($"speed-up (median total time, scikit-learn / ours): {ratio.ToString("0.0", CultureInfo.InvariantCulture)}x");
        return 0;
    }

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

    private static List<(double Fit, double Score, double Auc)>? RunSklearn(double[][] points, bool[] isOutlier, int repeats)
    {
        var folder = Path.Combine(Path.GetTempPath(), "followeraudit-iforest-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
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
                ArgumentList = { script, data, labels, points.Length.ToString(CultureInfo.InvariantCulture), Columns.ToString(CultureInfo.InvariantCulture), repeats.ToString(CultureInfo.InvariantCulture) },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine("scikit-learn run failed: " + error.Trim());
                return null;
            }

            using var json = JsonDocument.Parse(output);
            return [.. json.RootElement.GetProperty("runs").EnumerateArray()
                .Select(r => (r.GetProperty("fit").GetDouble(), r.GetProperty("score").GetDouble(), r.GetProperty("auc").GetDouble()))];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Report(string name, List<(double Fit, double Score, double Auc)> runs)
    {
        string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine($"{name}: median fit {F(Median(runs.Select(r => r.Fit)))} s, score {F(Median(runs.Select(r => r.Score)))} s, " +
            $"total {F(Median(runs.Select(r => r.Fit + r.Score)))} s, AUC {F(Median(runs.Select(r => r.Auc)))} ({runs.Count} runs)");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
