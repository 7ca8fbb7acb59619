using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using StackExchange.Redis;

namespace FollowerAudit.Cluster;

/// <summary>The membership store of a cluster: <c>redis://HOST:PORT</c>.</summary>
/// <param name="Host">Redis host name or address.</param>
/// <param name="Port">Redis port.</param>
public sealed record ClusterAddress(string Host, int Port)
{
    /// <summary>The Orleans cluster and service id every silo and client of FollowerAudit uses.</summary>
    public const string ClusterId = "followeraudit";

    /// <summary>Parses <c>redis://HOST:PORT</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address, when valid.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParse(string? text, out ClusterAddress? address, out string? error)
    {
        address = null;
        error = null;
        if (text is null || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || uri.Port <= 0 ||
            uri.AbsolutePath is not ("" or "/") || string.IsNullOrEmpty(uri.Host) || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            error = $"--cluster must be redis://HOST:PORT, the Redis server that holds the cluster's membership (got '{text}').";
            return false;
        }

        address = new ClusterAddress(uri.IdnHost.Trim('[', ']'), uri.Port);
        return true;
    }

    /// <summary>Parses <c>redis://HOST:PORT</c> that was validated before.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The address.</returns>
    /// <exception cref="ArgumentException">It is not <c>redis://HOST:PORT</c>.</exception>
    public static ClusterAddress Parse(string? text) =>
        TryParse(text, out var address, out var error) ? address! : throw new ArgumentException(error, nameof(text));

    /// <summary>Whether the Redis host is this machine (then silos advertise the loopback address).</summary>
    public bool IsLoopback => Host == "localhost" || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The StackExchange.Redis options.</summary>
    /// <returns>New options.</returns>
    public ConfigurationOptions RedisOptions()
    {
        var options = new ConfigurationOptions { AbortOnConnectFail = false, ConnectTimeout = 5000 };
        options.EndPoints.Add(Host, Port);
        return options;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"redis://{Host}:{Port}");
}

/// <summary>Builds silo and client hosts with Redis membership.</summary>
public static class ClusterHosting
{
    /// <summary>Largest message: an audit of a million followers with every scorer's scores is a few hundred MB of JSON before compression.</summary>
    public const int MaxMessageBodyBytes = 1_000_000_000;

    /// <summary>
    /// Longest wait for any answer. No call waits for an audit to finish (the client asks again every few seconds,
    /// see <see cref="IAccountAuditGrain"/>), so an answer lost with a dying gateway costs this much, not a hang.
    /// It must cover moving the largest audit (tens of MB) on a busy machine.
    /// </summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Builds a silo host.</summary>
    /// <param name="address">The Redis membership store.</param>
    /// <param name="siloPort">Port for silo-to-silo traffic.</param>
    /// <param name="gatewayPort">Port clients connect to.</param>
    /// <param name="advertise">The address other machines reach this silo at; loopback when Redis is local, else this machine's first IPv4.</param>
    /// <param name="configure">Registers the silo's <see cref="SiloAuditServices"/>.</param>
    /// <returns>The host (not started).</returns>
    public static IHost BuildSilo(ClusterAddress address, int siloPort, int gatewayPort, IPAddress? advertise, Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(configure);
        var ip = advertise ?? (address.IsLoopback ? IPAddress.Loopback : MachineAddress());
        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        configure(builder.Services);
        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = address.RedisOptions());
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterAddress.ClusterId, ClusterAddress.ClusterId));
            silo.ConfigureEndpoints(ip, siloPort, gatewayPort, listenOnAnyHostAddress: !address.IsLoopback);
            ConfigureSilo(silo);
        });
        return builder.Build();
    }

    /// <summary>The settings every silo of an audit cluster needs (also used by in-process test clusters).</summary>
    /// <param name="silo">The silo builder.</param>
    public static void ConfigureSilo(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Configure<SiloMessagingOptions>(o =>
        {
            o.MaxMessageBodySize = MaxMessageBodyBytes;
            o.ResponseTimeout = ResponseTimeout;
        });

        // A killed silo is declared dead after two missed probes of 2 s by two silos (the default waits about
        // 3 x 5 s); its accounts are then re-run elsewhere.
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 2;
        });
    }

    /// <summary>Connects a client to the cluster.</summary>
    /// <param name="address">The Redis membership store.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The connection; dispose it to disconnect.</returns>
    public static async Task<IClusterConnection> ConnectAsync(ClusterAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = address.RedisOptions());
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterAddress.ClusterId, ClusterAddress.ClusterId));
            ConfigureClient(client);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            host.Dispose();
            throw new ClusterUnavailableException($"could not join the cluster at {address}: {ex.Message.TrimEnd('.')}. Start Redis and at least one 'followeraudit silo --cluster {address}', then run again.", ex);
        }

        return new HostedConnection(host);
    }

    /// <summary>The settings a client of an audit cluster needs (also used by in-process test clusters).</summary>
    /// <param name="client">The client builder.</param>
    public static void ConfigureClient(IClientBuilder client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Configure<ClientMessagingOptions>(o =>
        {
            o.MaxMessageBodySize = MaxMessageBodyBytes;
            o.ResponseTimeout = ResponseTimeout;
        });

        // A gateway that died is dropped from the client's list within seconds, not the default minute.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
    }

    /// <summary>Registers what the audit grains of a silo use.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="slices">Where slices come from.</param>
    /// <param name="pipelines">Builds pipelines.</param>
    /// <param name="workers">Audits run at once; the processor count when null.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddAuditSilo(this IServiceCollection services, ISliceSource slices, IPipelineFactory pipelines, int? workers = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddSingleton(new SiloAuditServices(slices, pipelines, workers));
    }

    private static IPAddress MachineAddress() =>
        Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)) ?? IPAddress.Loopback;

    // The command line handles Ctrl+C and SIGTERM in one place (Program.Main) and stops the host itself.
    private sealed class CommandLineLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class HostedConnection(IHost host) : IClusterConnection
    {
        public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

        public async ValueTask DisposeAsync()
        {
            using (host)
            {
                await host.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>A client's connection to the cluster.</summary>
public interface IClusterConnection : IAsyncDisposable
{
    /// <summary>The Orleans client.</summary>
    IClusterClient Client { get; }
}

/// <summary>The cluster could not be reached (no Redis, no silo).</summary>
public sealed class ClusterUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public ClusterUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="inner">The cause.</param>
    public ClusterUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
