using System.Collections.Concurrent;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.IO;

namespace FollowerAudit.Cluster;

/// <summary>Where a silo gets an account's slice from.</summary>
public interface ISliceSource
{
    /// <summary>
    /// Makes the dataset ready: checks this silo's copy is the client's and reads what every slice of it shares (the
    /// creation population and, within the memory budget, the accounts table); later slices reuse it. The reference
    /// time is not needed for this, so a client can ask before it has read the dataset itself.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>A task.</returns>
    Task PrepareAsync(DatasetRef dataset, CancellationToken cancellationToken);

    /// <summary>
    /// Starts cutting one account's slice ahead of its audit; the next <see cref="GetSliceAsync"/> of that account with
    /// the same reference time, sample size and seed takes it. Best effort: nothing is read without a reference time,
    /// and an error shows again when the slice is asked for.
    /// </summary>
    /// <param name="dataset">The dataset, with its reference time.</param>
    /// <param name="accountId">The account's id.</param>
    /// <param name="sampleSize">Followers to sample, or null for all.</param>
    /// <param name="seed">Seed of the sample.</param>
    void Prefetch(DatasetRef dataset, long accountId, int? sampleSize, int seed);

    /// <summary>Reads one account's slice.</summary>
    /// <param name="dataset">The dataset, with its reference time.</param>
    /// <param name="accountId">The account's id.</param>
    /// <param name="sampleSize">Followers to sample, or null for all.</param>
    /// <param name="seed">Seed of the sample.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The slice.</returns>
    /// <exception cref="InputDataException">The dataset is missing on this silo, differs from the client's, or lacks the account.</exception>
    Task<AccountSlice> GetSliceAsync(DatasetRef dataset, long accountId, int? sampleSize, int seed, CancellationToken cancellationToken);
}

/// <summary>
/// Slices read from datasets under a root folder, one account at a time (<see cref="DatasetReader.ReadAccountSlicePartsAsync"/>:
/// row groups skipped by their statistics), so a silo never holds the follows, posts or engagements of a whole
/// dataset. Per dataset folder and content hash it keeps, read once and shared by every grain of the silo: the
/// creation population (ids and creation dates) and, when its estimate fits <see cref="CacheBudgetBytes"/>, the whole
/// accounts table, from which each slice picks its followers' rows instead of decoding the table again. A table over
/// the budget is not kept: each slice then reads its followers' rows from the files, as before. A dataset whose hash
/// changes gets a new entry and the old one is dropped.
/// </summary>
/// <param name="datasetRoot">The folder holding the dataset folders (<c>--dataset-root</c>).</param>
/// <param name="cacheBudgetBytes">Most memory the cached accounts tables may take together (estimated from the files' footers); 0 to read every slice from the files.</param>
public sealed class DatasetRootSliceSource(string datasetRoot, long cacheBudgetBytes = DatasetRootSliceSource.DefaultCacheBudgetBytes) : ISliceSource
{
    /// <summary>The default <see cref="CacheBudgetBytes"/>: 4 GiB of estimate, about 4M accounts (see docs/cluster.md).</summary>
    public const long DefaultCacheBudgetBytes = 4L << 30;

    /// <summary>Most slices cut ahead and not yet taken that a silo keeps (one per silo and run is the use).</summary>
    private const int MaxPrefetched = 8;

    private static readonly DatasetReadOptions ReadOptions = new() { Clock = TimeProvider.System };
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _hashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Folder, string Sha256), Lazy<Task<SharedData>>> _shared = new();
    private readonly ConcurrentDictionary<(string Folder, string Sha256, long AccountId), Ahead> _prefetched = new();
    private readonly Lock _budgetLock = new();
    private long _cachedBytes;

    /// <summary>The dataset root.</summary>
    public string DatasetRoot { get; } = Path.GetFullPath(datasetRoot ?? throw new ArgumentNullException(nameof(datasetRoot)));

    /// <summary>Most memory the cached accounts tables may take together, estimated (<see cref="DatasetReader.EstimateAccountsBytesAsync"/>).</summary>
    public long CacheBudgetBytes { get; } = cacheBudgetBytes >= 0 ? cacheBudgetBytes : throw new ArgumentOutOfRangeException(nameof(cacheBudgetBytes), "The cache budget cannot be negative.");

    /// <summary>Whether this silo holds the accounts table of the dataset (read after <see cref="PrepareAsync"/>; false when over the budget).</summary>
    /// <param name="dataset">The dataset.</param>
    /// <returns>Whether slices of it are picked from the cached table.</returns>
    public async Task<bool> IsCachedAsync(DatasetRef dataset)
    {
        var folder = await CheckAsync(dataset, CancellationToken.None).ConfigureAwait(false);
        return (await SharedAsync(folder, dataset.Sha256, CancellationToken.None).ConfigureAwait(false)).Accounts is not null;
    }

    /// <inheritdoc />
    public async Task PrepareAsync(DatasetRef dataset, CancellationToken cancellationToken)
    {
        var folder = await CheckAsync(dataset, cancellationToken).ConfigureAwait(false);
        await SharedAsync(folder, dataset.Sha256, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Prefetch(DatasetRef dataset, long accountId, int? sampleSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.ReferenceTime is not { } referenceTime || _prefetched.Count >= MaxPrefetched)
        {
            return;
        }

        string folder;
        try
        {
            folder = Resolve(dataset.Name);
        }
        catch (InputDataException)
        {
            return; // The audit's own read reports it.
        }

        var ahead = _prefetched.GetOrAdd(
            (folder, dataset.Sha256, accountId),
            k => new Ahead(referenceTime, sampleSize, seed, new Lazy<Task<AccountSlice>>(() => Task.Run(() => ReadSliceAsync(dataset, k.AccountId, sampleSize, seed, CancellationToken.None)))));
        _ = ahead.Slice.Value.ContinueWith(static t => t.Exception, TaskScheduler.Default);
    }

    /// <inheritdoc />
    public async Task<AccountSlice> GetSliceAsync(DatasetRef dataset, long accountId, int? sampleSize, int seed, CancellationToken cancellationToken)
    {
        var folder = await CheckAsync(dataset, cancellationToken).ConfigureAwait(false);
        if (dataset.ReferenceTime is not { } referenceTime)
        {
            throw new ArgumentException($"{dataset.Name}: the client sent no reference time; a slice needs the whole dataset's.", nameof(dataset));
        }

        // A slice cut ahead is taken once; one cut for other options, or that failed, is cut again here (so an error
        // names this request).
        if (_prefetched.TryRemove((folder, dataset.Sha256, accountId), out var ahead) && ahead.ReferenceTime == referenceTime && ahead.SampleSize == sampleSize && ahead.Seed == seed)
        {
            var cut = ahead.Slice.Value;
            await Task.WhenAny(cut).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (cut.IsCompletedSuccessfully)
            {
                return cut.Result;
            }
        }

        return await ReadSliceAsync(dataset, accountId, sampleSize, seed, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AccountSlice> ReadSliceAsync(DatasetRef dataset, long accountId, int? sampleSize, int seed, CancellationToken cancellationToken)
    {
        var folder = await CheckAsync(dataset, cancellationToken).ConfigureAwait(false);
        var shared = await SharedAsync(folder, dataset.Sha256, cancellationToken).ConfigureAwait(false);
        var parts = await DatasetReader.ReadAccountSlicePartsAsync(folder, accountId, shared.Accounts, ReadOptions, cancellationToken).ConfigureAwait(false);
        return parts.Cut(new DatasetWhole(dataset.ReferenceTime!.Value, shared.Population), sampleSize, seed);
    }

    private Task<SharedData> SharedAsync(string folder, string sha256, CancellationToken cancellationToken)
    {
        var key = (folder, sha256);
        var entry = _shared.GetOrAdd(key, k => new Lazy<Task<SharedData>>(() => Task.Run(() => LoadSharedAsync(k.Folder))));

        // A new content hash of the folder: what was kept for its old content goes.
        foreach (var stale in _shared.Keys.Where(k => k.Folder == folder && k.Sha256 != sha256))
        {
            if (_shared.TryRemove(stale, out var old))
            {
                _ = old.Value.ContinueWith(t => Release(t), TaskScheduler.Default);
            }
        }

        foreach (var stale in _prefetched.Keys.Where(k => k.Folder == folder && k.Sha256 != sha256))
        {
            _prefetched.TryRemove(stale, out _);
        }

        return entry.Value.WaitAsync(cancellationToken);
    }

    private async Task<SharedData> LoadSharedAsync(string folder)
    {
        var estimate = await DatasetReader.EstimateAccountsBytesAsync(folder).ConfigureAwait(false);
        if (Reserve(estimate))
        {
            try
            {
                var accounts = await DatasetReader.ReadAccountsAsync(folder, ReadOptions).ConfigureAwait(false);
                accounts.TryGetRow(0, out _); // builds the id index once, before the table is shared between threads
                return new SharedData(accounts, CreationPopulation.Of(accounts), estimate);
            }
            catch
            {
                Release(estimate);
                throw;
            }
        }

        // Over the budget: every slice reads its followers' rows from the files; only the population is kept.
        return new SharedData(null, await DatasetReader.ReadCreationPopulationAsync(folder, ReadOptions).ConfigureAwait(false), 0);
    }

    private bool Reserve(long bytes)
    {
        lock (_budgetLock)
        {
            if (_cachedBytes + bytes > CacheBudgetBytes)
            {
                return false;
            }

            _cachedBytes += bytes;
            return true;
        }
    }

    private void Release(long bytes)
    {
        lock (_budgetLock)
        {
            _cachedBytes -= bytes;
        }
    }

    private void Release(Task<SharedData> entry)
    {
        if (entry.IsCompletedSuccessfully)
        {
            Release(entry.Result.ReservedBytes);
        }
    }

    /// <summary>Checks this silo's copy has the client's content hash; returns its folder.</summary>
    private async Task<string> CheckAsync(DatasetRef dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var folder = Resolve(dataset.Name);
        var entry = _hashes.GetOrAdd(folder, f => new Lazy<Task<string>>(() => HashAsync(f)));
        var sha = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (sha == dataset.Sha256)
        {
            return folder;
        }

        // The copy changed since it was checked, or differs from the client's: look again, once.
        var fresh = new Lazy<Task<string>>(() => HashAsync(folder));
        _hashes.TryUpdate(folder, fresh, entry);
        sha = await _hashes[folder].Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return sha == dataset.Sha256
            ? folder
            : throw new InputDataException(
                $"{dataset.Name}: this silo's copy under {DatasetRoot} differs from the client's (content hash {sha[..12]}… instead of {dataset.Sha256[..12]}…). Give every silo the same copy (a shared folder), then run again.");
    }

    private string Resolve(string name)
    {
        // The name comes from a client: one plain path segment, resolved inside the root, never a way out of it.
        if (string.IsNullOrEmpty(name) || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new InputDataException($"'{name}' is not a dataset folder name; the client sends the last segment of its DATASET path.");
        }

        var folder = Path.Combine(DatasetRoot, name);
        return Directory.Exists(folder)
            ? folder
            : throw new InputDataException($"{name}: no such dataset under this silo's --dataset-root {DatasetRoot}. Put the dataset folder there (or share the folder), then run again.");
    }

    private static Task<string> HashAsync(string folder) => Task.Run(() => DatasetHashes.Combined(DatasetHashes.Compute(folder)));
}

/// <summary>What every slice of one dataset shares on a silo.</summary>
/// <param name="Accounts">The whole accounts table, or null when it is over the budget (slices then read their rows from the files).</param>
/// <param name="Population">The creation population.</param>
/// <param name="ReservedBytes">What <paramref name="Accounts"/> counts against the budget.</param>
internal sealed record SharedData(AccountTable? Accounts, CreationPopulation Population, long ReservedBytes);

/// <summary>A slice being cut ahead of its audit, for these options.</summary>
/// <param name="ReferenceTime">The reference time it is cut with.</param>
/// <param name="SampleSize">The sample size it is cut with.</param>
/// <param name="Seed">The sample's seed.</param>
/// <param name="Slice">The slice, cut on first use.</param>
internal sealed record Ahead(DateTime ReferenceTime, int? SampleSize, int Seed, Lazy<Task<AccountSlice>> Slice);
