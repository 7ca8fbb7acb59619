using System.Diagnostics;
using System.Globalization;

namespace FollowerAudit.Benchmarks;

/// <summary>
/// A child process run under GNU <c>/usr/bin/time</c> when the machine has it, so every side of a comparison is measured
/// the same way: wall, user + system CPU and maximum resident set, as the kernel counts them for that process.
/// </summary>
internal static class TimedProcess
{
    private const string Format = "time: maxrss_kb=%M user_s=%U sys_s=%S wall_s=%e";

    /// <summary>Whether <c>/usr/bin/time</c> is there; without it only wall time is measured.</summary>
    public static bool Available => File.Exists("/usr/bin/time");

    /// <summary>Start information for <paramref name="program"/> with <paramref name="arguments"/>, timed when possible.</summary>
    /// <param name="program">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <returns>Start information with standard output and error redirected.</returns>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Available ? "/usr/bin/time" : program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Available)
        {
            foreach (var a in new[] { "-f", Format, program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    /// <summary>Runs to the end; returns the exit code, both outputs and what <c>/usr/bin/time</c> measured.</summary>
    /// <param name="start">From <see cref="StartInfo"/>.</param>
    /// <returns>Exit code, standard output, standard error and the measurement (null without <c>/usr/bin/time</c>).</returns>
    public static (int ExitCode, string Output, string Errors, Measurement? Measured) Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var stderr = errors.Result;
        return (process.ExitCode, output.Result, stderr, Parse(stderr));
    }

    /// <summary>The <c>/usr/bin/time</c> line in a process's standard error, if any.</summary>
    /// <param name="stderr">The standard error.</param>
    /// <returns>The measurement.</returns>
    public static Measurement? Parse(string stderr)
    {
        var line = stderr.Split('\n').LastOrDefault(l => l.StartsWith("time:", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var fields = line["time:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=')).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        return new Measurement(fields["wall_s"], fields["user_s"] + fields["sys_s"], (long)fields["maxrss_kb"]);
    }

    /// <summary>What <c>/usr/bin/time</c> measured.</summary>
    /// <param name="WallSeconds">Elapsed wall time.</param>
    /// <param name="CpuSeconds">User + system CPU time.</param>
    /// <param name="MaxRssKb">Maximum resident set size.</param>
    internal sealed record Measurement(double WallSeconds, double CpuSeconds, long MaxRssKb);
}
