using System.ComponentModel;
using System.Globalization;
using System.Net;
using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Cluster;
using FollowerAudit.Reporting;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Commands;

/// <summary>Arguments of <c>followeraudit silo</c>.</summary>
internal sealed class SiloSettings : CommandSettings
{
    /// <summary>Default of <see cref="Port"/> (Orleans' usual silo port).</summary>
    public const int DefaultPort = 11111;

    [CommandOption("--dataset-root <DIR>")]
    [Description("Folder holding the dataset folders; a client's 'audit DATASET --cluster' is served from the folder of the same name here (a shared folder on every machine).")]
    public string? DatasetRoot { get; init; }

    [CommandOption("--cluster <URL>")]
    [Description("The Redis server that holds the cluster's membership, redis://HOST:PORT.")]
    public string? Cluster { get; init; }

    [CommandOption("--port <P>")]
    [Description("Port for traffic between silos; clients connect to --gateway-port.")]
    [DefaultValue(DefaultPort)]
    public int Port { get; init; } = DefaultPort;

    [CommandOption("--gateway-port <G>")]
    [Description("Port clients connect to. Default: --port + 1.")]
    public int? GatewayPort { get; init; }

    [CommandOption("--advertise <IP>")]
    [Description("Address other machines reach this silo at. Default: 127.0.0.1 when Redis is on this machine, else this machine's first IPv4 address.")]
    public string? Advertise { get; init; }

    [CommandOption("--workers <N>")]
    [Description("Accounts audited at once on this silo. Default: the number of cores.")]
    public int? Workers { get; init; }

    [CommandOption("--cache-mb <MB>")]
    [Description("Memory for the accounts tables kept to cut slices from (estimated from the files' footers); a dataset over it reads each slice's accounts from the files. 0 turns the cache off. Default: 4096.")]
    [DefaultValue(DatasetRootSliceSource.DefaultCacheBudgetBytes >> 20)]
    public long CacheMegabytes { get; init; } = DatasetRootSliceSource.DefaultCacheBudgetBytes >> 20;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(DatasetRoot))
        {
            return ValidationResult.Error("--dataset-root is required: the folder holding the dataset folders clients audit.");
        }

        if (!ClusterAddress.TryParse(Cluster, out _, out var error))
        {
            return ValidationResult.Error(error!);
        }

        foreach (var (name, port) in new[] { ("--port", (int?)Port), ("--gateway-port", GatewayPort ?? Port + 1) })
        {
            if (port is < 1 or > 65535)
            {
                return ValidationResult.Error($"{name} must be between 1 and 65535 (got {port?.ToString(CultureInfo.InvariantCulture)}).");
            }
        }

        if (Advertise is not null && !IPAddress.TryParse(Advertise, out _))
        {
            return ValidationResult.Error($"--advertise must be an IP address (got '{Advertise}').");
        }

        if (CacheMegabytes is < 0 or > 1L << 30)
        {
            return ValidationResult.Error($"--cache-mb must be between 0 and {(1L << 30).ToString(CultureInfo.InvariantCulture)} (got {CacheMegabytes.ToString(CultureInfo.InvariantCulture)}).");
        }

        return Workers is < 1 ? ValidationResult.Error("--workers must be at least 1.") : ValidationResult.Success();
    }
}

/// <summary><c>followeraudit silo</c>: hosts audit grains until stopped with Ctrl+C or SIGTERM.</summary>
internal sealed class SiloCommand(CliServices services) : AsyncCommand<SiloSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SiloSettings settings, CancellationToken cancellationToken)
    {
        var console = services.Console;
        var root = services.FullPath(settings.DatasetRoot!);
        if (!Directory.Exists(root))
        {
            console.MarkupLineInterpolated($"[red]error:[/] --dataset-root {Sanitize.ForTerminal(root)} is not a folder. Give the folder that holds the dataset folders.");
            return ExitCodes.BadInput;
        }

        // Audits keep every core busy on pool threads (a worker per core, each with parallel loops inside), and the pool
        // adds threads only every ~0.5 s when starved: Orleans' messages and the grains' replies then waited for a
        // thread, 0.2-0.5 s per account on the 1M world (docs/cluster.md). Enough threads up front keep them prompt.
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, Math.Max(16, 4 * Environment.ProcessorCount)), minIo);

        var address = ClusterAddress.Parse(settings.Cluster);
        var gatewayPort = settings.GatewayPort ?? settings.Port + 1;
        var advertise = settings.Advertise is null ? null : IPAddress.Parse(settings.Advertise);
        using var host = ClusterHosting.BuildSilo(address, settings.Port, gatewayPort, advertise, s => s.AddAuditSilo(new DatasetRootSliceSource(root, settings.CacheMegabytes << 20), new CliPipelineFactory(), settings.Workers));
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] the silo could not start: {Sanitize.ForTerminal(ex.Message)} Check that Redis runs at {address.ToString()} and that ports {settings.Port} and {gatewayPort} are free.");
            return ExitCodes.BadInput;
        }

        console.MarkupLineInterpolated($"Silo ready on ports {settings.Port} (silos) and {gatewayPort} (clients), cluster {address.ToString()}, datasets under {Sanitize.ForTerminal(root)}. Ctrl+C stops it.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Leaves the cluster cleanly, so the others need not wait for a missed probe.
            await host.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            console.MarkupLine("Silo stopped.");
        }

        return ExitCodes.Cancelled;
    }
}
