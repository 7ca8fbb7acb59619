using FollowerAudit.Core.Model;
using FollowerAudit.IO.Reading;

namespace FollowerAudit.IO;

/// <summary>
/// Loads a dataset folder (see <see cref="DataContract.Describe"/>) into an <see cref="AuditDataset"/>.
/// </summary>
/// <remarks>
/// Tables are read column by column, one row group at a time, into arrays pre-sized from the file footers; no object
/// is created per row (except strings). Bad rows are not errors: each becomes a <see cref="Rejection"/> in
/// <see cref="AuditDataset.Rejections"/>. Row-level problems drop the row (null id, duplicate account, self-follow,
/// duplicate edge, unknown account, invalid engagement kind); cell-level problems set the cell to null and keep the
/// row (future or pre-2006 timestamp, negative count, label or fraction out of range).
/// Rejection rows are 0-based within the table, counted across its part files; the file is relative to the
/// dataset folder, e.g. <c>follows/part-0001.parquet</c>.
/// </remarks>
public static class DatasetReader
{
    /// <summary>
    /// The files <see cref="ReadAsync"/> reads from a dataset folder, in table order: only regular files inside the
    /// dataset (the same checks as the reader), for recording what was audited (e.g. their SHA-256 in run.json).
    /// </summary>
    /// <param name="datasetFolder">The dataset folder.</param>
    /// <returns>Each file's full path and its path relative to the folder with '/' separators.</returns>
    /// <exception cref="InputDataException">As for <see cref="ReadAsync"/>, for the layout.</exception>
    public static IReadOnlyList<DatasetFile> ListFiles(string datasetFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        if (!Directory.Exists(datasetFolder))
        {
            throw NotADatasetFolder(datasetFolder);
        }

        return [.. DataContract.Tables
            .SelectMany(t => TableFiles.Find(datasetFolder, t) ?? [])
            .Select(p => new DatasetFile(p.FullPath, p.RelativePath))];
    }

    /// <summary>Reads every table of a dataset folder.</summary>
    /// <param name="datasetFolder">The folder holding <c>accounts</c>, <c>follows</c> and the optional tables.</param>
    /// <param name="options">Clock and reference time; <see cref="DatasetReadOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The dataset, with its rejected rows.</returns>
    /// <exception cref="InputDataException">
    /// The folder or a required table is missing, a file is not Parquet, truncated or corrupt, a table folder has no
    /// parts, a required column is absent or a column has a type the contract does not allow. The message names the
    /// file (and column) and says what to do.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (see <see cref="DatasetReadOptions.Validate"/>).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task<AuditDataset> ReadAsync(string datasetFolder, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        options ??= DatasetReadOptions.Default;
        if (options.Validate().FirstOrDefault() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        if (!Directory.Exists(datasetFolder))
        {
            throw NotADatasetFolder(datasetFolder);
        }

        var context = new ReadContext(options.Clock.GetUtcNow().UtcDateTime);

        // Find and validate every table before reading any data, so a schema error in a small optional table does not
        // wait for a large follows table to load.
        var accounts = new AccountsLoader(context);
        var follows = new FollowsLoader(context);
        var posts = new PostsLoader(context);
        var engagements = new EngagementsLoader(context);
        var snapshots = new SnapshotsLoader(context);
        var accountParts = TableFiles.Find(datasetFolder, DataContract.Accounts)!;
        var followParts = TableFiles.Find(datasetFolder, DataContract.Follows)!;
        var postParts = TableFiles.Find(datasetFolder, DataContract.Posts);
        var engagementParts = TableFiles.Find(datasetFolder, DataContract.Engagements);
        var snapshotParts = TableFiles.Find(datasetFolder, DataContract.Snapshots);
        await accounts.PrepareAsync(accountParts, cancellationToken).ConfigureAwait(false);
        await follows.PrepareAsync(followParts, cancellationToken).ConfigureAwait(false);
        if (postParts is not null)
        {
            await posts.PrepareAsync(postParts, cancellationToken).ConfigureAwait(false);
        }

        if (engagementParts is not null)
        {
            await engagements.PrepareAsync(engagementParts, cancellationToken).ConfigureAwait(false);
        }

        if (snapshotParts is not null)
        {
            await snapshots.PrepareAsync(snapshotParts, cancellationToken).ConfigureAwait(false);
        }

        // Accounts first: the other tables check their ids against it.
        await accounts.LoadAsync(cancellationToken).ConfigureAwait(false);
        var accountTable = accounts.Build();
        await follows.LoadAsync(cancellationToken).ConfigureAwait(false);
        PostTable? postTable = null;
        if (postParts is not null)
        {
            await posts.LoadAsync(cancellationToken).ConfigureAwait(false);
            postTable = posts.Build();
        }

        EngagementTable? engagementTable = null;
        if (engagementParts is not null)
        {
            await engagements.LoadAsync(cancellationToken).ConfigureAwait(false);
            engagementTable = engagements.Build();
        }

        SnapshotTable? snapshotTable = null;
        if (snapshotParts is not null)
        {
            await snapshots.LoadAsync(cancellationToken).ConfigureAwait(false);
            snapshotTable = snapshots.Build();
        }

        return new AuditDataset(
            accountTable,
            follows.Build(),
            postTable,
            engagementTable,
            snapshotTable,
            context.Rejections,
            options.ReferenceTime);
    }

    // A file where the folder was expected (the user passed accounts.parquet itself) gets its own message.
    private static InputDataException NotADatasetFolder(string path) =>
        File.Exists(path)
            ? new InputDataException($"{path} is a file, but a dataset is a folder holding accounts.parquet and follows.parquet. Pass the folder: {Path.GetDirectoryName(Path.GetFullPath(path))}")
            : InputDataException.Missing(path, "a dataset folder holding accounts.parquet and follows.parquet");
}

/// <summary>One file of a dataset folder.</summary>
/// <param name="FullPath">The path to open.</param>
/// <param name="RelativePath">The path relative to the dataset folder, with '/' separators, e.g. <c>follows/part-0.parquet</c>.</param>
public sealed record DatasetFile(string FullPath, string RelativePath);
