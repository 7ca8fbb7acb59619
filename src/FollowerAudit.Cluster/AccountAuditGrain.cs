using System.Collections.Concurrent;
using System.Diagnostics;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Cluster;

/// <summary>
/// The silo's side of an account's audit: cuts the slice from the silo's copy of the dataset, audits it with the
/// pipeline the client described, and returns the serialised audit. The audit runs on the .NET thread pool (it is
/// CPU-bound for seconds to minutes), at most <see cref="SiloAuditServices.Workers"/> at once per silo.
/// </summary>
internal sealed class AccountAuditGrain(SiloAuditServices services, ILocalSiloDetails silo) : Grain, IAccountAuditGrain
{
    public async Task<SiloReady> PrepareAsync(DatasetRef dataset)
    {
        try
        {
            await services.Slices.PrepareAsync(dataset, CancellationToken.None).ConfigureAwait(true);
            return new SiloReady(silo.SiloAddress.ToString(), services.Workers);
        }
        finally
        {
            DeactivateOnIdle();
        }
    }

    public async Task<AuditReply> AuditAsync(AuditCall request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = request;
        var clock = Stopwatch.StartNew();
        try
        {
            var bytes = await services.RunAsync(async () =>
            {
                var pipeline = services.Pipeline(call.Pipeline);
                var datasetResults = AuditJson.DeserializeDatasetResults(call.DatasetResults);
                var slice = await services.Slices.GetSliceAsync(call.Dataset, call.AccountId, pipeline.Options.SampleSize, pipeline.Options.Seed, CancellationToken.None);
                return AuditJson.Serialize(pipeline.AuditAccount(slice, datasetResults, CancellationToken.None));
            }).ConfigureAwait(true);
            return new AuditReply(silo.SiloAddress.ToString(), bytes, null, clock.Elapsed.TotalMilliseconds, services.Workers);
        }
#pragma warning disable CA1031 // Any error of the audit marks this account failed (exit code 4), as a failed detector does locally.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new AuditReply(silo.SiloAddress.ToString(), null, $"{ex.GetType().Name}: {ex.Message}", clock.Elapsed.TotalMilliseconds, services.Workers);
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}

/// <summary>What the audit grains of one silo share: the slice source, the pipelines built so far, and the worker limit.</summary>
public sealed class SiloAuditServices : IDisposable
{
    private readonly IPipelineFactory _factory;
    private readonly ConcurrentDictionary<PipelineSpec, Lazy<AuditPipeline>> _pipelines = new();
    private readonly SemaphoreSlim _workers;

    /// <summary>Creates the services.</summary>
    /// <param name="slices">Where slices come from.</param>
    /// <param name="factory">Builds pipelines.</param>
    /// <param name="workers">Audits run at once; the processor count when null.</param>
    public SiloAuditServices(ISliceSource slices, IPipelineFactory factory, int? workers = null)
    {
        Slices = slices ?? throw new ArgumentNullException(nameof(slices));
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        Workers = Math.Max(1, workers ?? Environment.ProcessorCount);
        _workers = new SemaphoreSlim(Workers, Workers);
    }

    /// <summary>Where slices come from.</summary>
    public ISliceSource Slices { get; }

    /// <summary>How many audits run at once on this silo.</summary>
    public int Workers { get; }

    /// <summary>The pipeline for these options, built once per silo (loading a model takes a while).</summary>
    /// <param name="spec">The options.</param>
    /// <returns>The pipeline.</returns>
    public AuditPipeline Pipeline(PipelineSpec spec) => _pipelines.GetOrAdd(spec, s => new Lazy<AuditPipeline>(() => _factory.Create(s))).Value;

    /// <inheritdoc />
    public void Dispose() => _workers.Dispose();

    /// <summary>Runs CPU-bound work on the thread pool, at most <see cref="Workers"/> at once.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The work.</param>
    /// <returns>Its result.</returns>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        await _workers.WaitAsync().ConfigureAwait(false);
        try
        {
            return await Task.Run(work).ConfigureAwait(false);
        }
        finally
        {
            _workers.Release();
        }
    }
}
