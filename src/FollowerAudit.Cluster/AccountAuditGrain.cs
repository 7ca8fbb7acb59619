using System.Collections.Concurrent;
using System.Diagnostics;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Cluster;

/// <summary>
/// The silo's side of an account's audit: cuts the slice from the silo's copy of the dataset, audits it with the
/// pipeline the client described, and keeps the serialised audit until the client fetches it. The audit runs on the
/// .NET thread pool (it is CPU-bound for seconds to minutes), at most <see cref="SiloAuditServices.Workers"/> at once
/// per silo; the grain's calls only start it and wait for it a bounded time (see <see cref="IAccountAuditGrain"/>).
/// </summary>
internal sealed class AccountAuditGrain(SiloAuditServices services, ILocalSiloDetails silo) : Grain, IAccountAuditGrain
{
    /// <summary>Longest wait a caller may ask for, so no call outlives the client's response timeout.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private Task<AuditReply>? _audit;

    public async Task<SiloReady> PrepareAsync(DatasetRef dataset, TimeSpan wait)
    {
        try
        {
            var load = services.Slices.PrepareAsync(dataset, CancellationToken.None);
            var ready = await WaitAsync(load, wait).ConfigureAwait(true);
            return new SiloReady(silo.SiloAddress.ToString(), services.Workers, ready);
        }
        finally
        {
            DeactivateOnIdle();
        }
    }

    public Task PrefetchAsync(DatasetRef dataset, PipelineSpec pipeline, long[] accountIds)
    {
        ArgumentNullException.ThrowIfNull(accountIds);

        // Building the pipeline (a model to load) runs off the grain's turn too.
        _ = Task.Run(() =>
        {
            var options = services.Pipeline(pipeline).Options;
            foreach (var id in accountIds)
            {
                services.Slices.Prefetch(dataset, id, options.SampleSize, options.Seed);
            }
        }).ContinueWith(static t => t.Exception, TaskScheduler.Default);
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<AuditReply> AuditAsync(AuditCall request, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(request);
        _audit ??= RunAsync(request);
        return ReplyAsync(_audit, wait);
    }

    public Task<AuditReply> ResultAsync(TimeSpan wait)
    {
        if (_audit is null)
        {
            DeactivateOnIdle();
            return Task.FromResult(new AuditReply(silo.SiloAddress.ToString(), AuditStatus.Unknown, null, null, 0, services.Workers));
        }

        return ReplyAsync(_audit, wait);
    }

    private async Task<AuditReply> ReplyAsync(Task<AuditReply> audit, TimeSpan wait)
    {
        if (!await WaitAsync(audit, wait).ConfigureAwait(true))
        {
            return new AuditReply(silo.SiloAddress.ToString(), AuditStatus.Running, null, null, 0, services.Workers);
        }

        // Delivered: the activation (and the audit it holds) can go.
        DeactivateOnIdle();
        return await audit.ConfigureAwait(true);
    }

    private static async Task<bool> WaitAsync(Task task, TimeSpan wait)
    {
        var bounded = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
        await Task.WhenAny(task, Task.Delay(bounded)).ConfigureAwait(true);
        if (task.IsCompleted)
        {
            await task.ConfigureAwait(true);
        }

        return task.IsCompleted;
    }

    private Task<AuditReply> RunAsync(AuditCall call) => Task.Run(() => services.AuditAsync(call, silo.SiloAddress.ToString()));
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

    /// <summary>Writes accounts' report folders into clients' staged report folders this silo can see.</summary>
    public SiloReportWriter Reports { get; } = new();

    /// <summary>The pipeline for these options, built once per silo (loading a model takes a while).</summary>
    /// <param name="spec">The options.</param>
    /// <returns>The pipeline.</returns>
    public AuditPipeline Pipeline(PipelineSpec spec) => _pipelines.GetOrAdd(spec, s => new Lazy<AuditPipeline>(() => _factory.Create(s))).Value;

    /// <inheritdoc />
    public void Dispose() => _workers.Dispose();

    private async Task<SliceHandOver> HandOverAsync(AuditCall call, AuditPipeline pipeline) =>
        new(await Slices.GetSliceAsync(call.Dataset, call.AccountId, pipeline.Options.SampleSize, pipeline.Options.Seed, CancellationToken.None).ConfigureAwait(false));

    /// <summary>Audits one account: waits for a free worker, cuts the slice, audits it and serialises the audit.</summary>
    /// <param name="call">What to audit.</param>
    /// <param name="silo">This silo's address, for the reply.</param>
    /// <returns>The reply: <see cref="AuditStatus.Done"/>, or <see cref="AuditStatus.Failed"/> with the audit's exception.</returns>
    public async Task<AuditReply> AuditAsync(AuditCall call, string silo)
    {
        ArgumentNullException.ThrowIfNull(call);
        var clock = Stopwatch.StartNew();
        try
        {
            var (bytes, written) = await RunAsync<(byte[], bool)>(async () =>
            {
                var pipeline = Pipeline(call.Pipeline);
                var datasetResults = AuditJson.DeserializeDatasetResults(call.DatasetResults);
                // Handed over, not held here: this method's frame would keep the followers' profile text for the whole audit.
                var handOver = await HandOverAsync(call, pipeline).ConfigureAwait(false);
                var audit = pipeline.AuditAccount(handOver, datasetResults, CancellationToken.None);
                var summary = call.Report is { } target ? await Reports.TryWriteAsync(audit, target).ConfigureAwait(false) : null;
                return summary is null ? (AuditJson.Serialize(audit), false) : (AuditJson.Serialize(summary), true);
            }).ConfigureAwait(false);
            return new AuditReply(silo, AuditStatus.Done, bytes, null, clock.Elapsed.TotalMilliseconds, Workers, written);
        }
#pragma warning disable CA1031 // Any error of the audit marks this account failed (exit code 4), as a failed detector does locally.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new AuditReply(silo, AuditStatus.Failed, null, $"{ex.GetType().Name}: {ex.Message}", clock.Elapsed.TotalMilliseconds, Workers);
        }
    }

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
