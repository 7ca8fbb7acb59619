using System.Collections.Concurrent;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.IO;

namespace FollowerAudit.Cluster;

/// <summary>Where a silo gets an account's slice from.</summary>
public interface ISliceSource
{
    /// <summary>
    /// Makes the dataset ready: checks this silo's copy is the client's and, once the client sends the dataset's
    /// reference time, reads what every slice of it shares (the creation population); later slices reuse it.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>A task.</returns>
    Task PrepareAsync(DatasetRef dataset, CancellationToken cancellationToken);

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
/// Slices read from datasets under a root folder, one account at a time (<see cref="DatasetReader.ReadAccountSliceAsync"/>:
/// row groups skipped by their statistics), so a silo never holds a whole dataset. Per dataset folder it keeps the
/// content hash it checked and, per reference time, the creation population (ids and creation dates only).
/// </summary>
/// <param name="datasetRoot">The folder holding the dataset folders (<c>--dataset-root</c>).</param>
public sealed class DatasetRootSliceSource(string datasetRoot) : ISliceSource
{
    private static readonly DatasetReadOptions ReadOptions = new() { Clock = TimeProvider.System };
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _hashes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Folder, string Sha256, DateTime ReferenceTime), Lazy<Task<DatasetWhole>>> _wholes = new();

    /// <summary>The dataset root.</summary>
    public string DatasetRoot { get; } = Path.GetFullPath(datasetRoot ?? throw new ArgumentNullException(nameof(datasetRoot)));

    /// <inheritdoc />
    public async Task PrepareAsync(DatasetRef dataset, CancellationToken cancellationToken)
    {
        var folder = await CheckAsync(dataset, cancellationToken).ConfigureAwait(false);
        if (dataset.ReferenceTime is { } referenceTime)
        {
            await WholeAsync(folder, dataset.Sha256, referenceTime, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<AccountSlice> GetSliceAsync(DatasetRef dataset, long accountId, int? sampleSize, int seed, CancellationToken cancellationToken)
    {
        var folder = await CheckAsync(dataset, cancellationToken).ConfigureAwait(false);
        var referenceTime = dataset.ReferenceTime
            ?? throw new ArgumentException($"{dataset.Name}: the client sent no reference time; a slice needs the whole dataset's.", nameof(dataset));
        var whole = await WholeAsync(folder, dataset.Sha256, referenceTime, cancellationToken).ConfigureAwait(false);
        return await DatasetReader.ReadAccountSliceAsync(folder, accountId, whole, sampleSize, seed, ReadOptions, cancellationToken).ConfigureAwait(false);
    }

    private Task<DatasetWhole> WholeAsync(string folder, string sha256, DateTime referenceTime, CancellationToken cancellationToken) =>
        _wholes.GetOrAdd((folder, sha256, referenceTime), k => new Lazy<Task<DatasetWhole>>(() => DatasetReader.ReadPopulationAsync(k.Folder, k.ReferenceTime, ReadOptions, CancellationToken.None)))
            .Value.WaitAsync(cancellationToken);

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
