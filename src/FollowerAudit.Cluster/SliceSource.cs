using System.Collections.Concurrent;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.IO;

namespace FollowerAudit.Cluster;

/// <summary>Where a silo gets an account's slice from. The one place to change when slices are read without the whole dataset.</summary>
public interface ISliceSource
{
    /// <summary>Makes the dataset ready (loads it once); later slices of it are cut without loading again.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>A task.</returns>
    Task PrepareAsync(DatasetRef dataset, CancellationToken cancellationToken);

    /// <summary>Cuts one account's slice.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="accountId">The account's id.</param>
    /// <param name="sampleSize">Followers to sample, or null for all.</param>
    /// <param name="seed">Seed of the sample.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The slice.</returns>
    /// <exception cref="InputDataException">The dataset is missing on this silo, differs from the client's, or lacks the account.</exception>
    Task<AccountSlice> GetSliceAsync(DatasetRef dataset, long accountId, int? sampleSize, int seed, CancellationToken cancellationToken);
}

/// <summary>
/// Slices cut from datasets under a root folder, each loaded once per content hash and kept. Until a reader that
/// reads one account's rows by row-group statistics exists, a silo holds each dataset it audits in memory once.
/// </summary>
/// <param name="datasetRoot">The folder holding the dataset folders (<c>--dataset-root</c>).</param>
public sealed class DatasetRootSliceSource(string datasetRoot) : ISliceSource
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(string Sha256, AuditDataset Dataset)>>> _loaded = new(StringComparer.Ordinal);

    /// <summary>The dataset root.</summary>
    public string DatasetRoot { get; } = Path.GetFullPath(datasetRoot ?? throw new ArgumentNullException(nameof(datasetRoot)));

    /// <inheritdoc />
    public Task PrepareAsync(DatasetRef dataset, CancellationToken cancellationToken) => LoadAsync(dataset, cancellationToken);

    /// <inheritdoc />
    public async Task<AccountSlice> GetSliceAsync(DatasetRef dataset, long accountId, int? sampleSize, int seed, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(dataset, cancellationToken).ConfigureAwait(false);
        if (!loaded.Accounts.TryGetRow(accountId, out var row))
        {
            throw new InputDataException($"{dataset.Name}: account {accountId} is not in this silo's copy under {DatasetRoot}.");
        }

        return AccountSlice.Create(loaded, row, sampleSize, seed);
    }

    private async Task<AuditDataset> LoadAsync(DatasetRef dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var folder = Resolve(dataset.Name);
        var entry = _loaded.GetOrAdd(folder, f => new Lazy<Task<(string, AuditDataset)>>(() => ReadAsync(f)));
        var (sha, data) = await entry.Value.ConfigureAwait(false);
        if (sha == dataset.Sha256)
        {
            return data;
        }

        // The copy changed since it was loaded, or differs from the client's: look again, once.
        var fresh = new Lazy<Task<(string, AuditDataset)>>(() => ReadAsync(folder));
        _loaded.TryUpdate(folder, fresh, entry);
        (sha, data) = await _loaded[folder].Value.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return sha == dataset.Sha256
            ? data
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

    private static async Task<(string, AuditDataset)> ReadAsync(string folder)
    {
        var sha = DatasetHashes.Combined(DatasetHashes.Compute(folder));
        var dataset = await DatasetReader.ReadAsync(folder, new DatasetReadOptions { Clock = TimeProvider.System }).ConfigureAwait(false);
        return (sha, dataset);
    }
}
