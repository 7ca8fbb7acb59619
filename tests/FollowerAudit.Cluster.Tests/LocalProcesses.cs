using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FollowerAudit.Cluster.Tests;

/// <summary>
/// Processes a test starts on loopback (redis-server, followeraudit silos): each one is killed, with its children,
/// when the test disposes of the group, even when the test fails.
/// </summary>
internal sealed class LocalProcesses : IDisposable
{
    private readonly List<(string Name, Process Process, StringBuilder Output)> _started = [];

    /// <summary>A TCP port free on loopback right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    /// <summary>Starts redis-server on a free loopback port, without persistence, and waits until it accepts connections.</summary>
    public async Task<int> StartRedisAsync(string redisServer)
    {
        var port = FreePort();
        Start("redis", redisServer, ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return port;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Starts <c>followeraudit silo</c> (the built CLI under dotnet) and waits until it says it is ready.</summary>
    public async Task<(Process Process, int Port)> StartSiloAsync(string name, string datasetRoot, int redisPort)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "followeraudit.dll");
        var port = FreePort();
        var gateway = FreePort();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var (process, output) = Start(name, "dotnet", [cli, "silo", "--dataset-root", datasetRoot, "--cluster", $"redis://127.0.0.1:{redisPort.ToString(inv)}", "--port", port.ToString(inv), "--gateway-port", gateway.ToString(inv)]);
        var deadline = Stopwatch.StartNew();
        while (!Text(output).Contains("Silo ready", StringComparison.Ordinal))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new InvalidOperationException($"{name} did not start: {Text(output)}");
            }

            await Task.Delay(200);
        }

        return (process, port);
    }

    /// <summary>What every process printed so far, for failure messages.</summary>
    public string Outputs() => string.Join("\n", _started.Select(s => $"--- {s.Name}:\n{Text(s.Output)}"));

    public void Dispose()
    {
        foreach (var (_, process, _) in _started)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        _started.Clear();
    }

    private (Process, StringBuilder) Start(string name, string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        _started.Add((name, process, output));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
