using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
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
    public static Task<AuditDataset> ReadAsync(string datasetFolder, DatasetReadOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadTablesAsync(datasetFolder, options, null, null, cancellationToken);

    private static async Task<AuditDataset> ReadTablesAsync(
        string datasetFolder, DatasetReadOptions? options, LeanAccounts? lean, Func<FollowsLoader, CancellationToken, Task>? beforeAccounts, CancellationToken cancellationToken)
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

        var context = new ReadContext(options) { Lean = lean };

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

        if (beforeAccounts is not null)
        {
            await beforeAccounts(follows, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Reads what an audit of a few accounts needs from the whole dataset, without the accounts' profile columns: every
    /// table is read and checked as <see cref="ReadAsync"/> does (same rows kept, same rejections, same reference time),
    /// but the accounts table keeps only ids and creation times, and handles only of the accounts that are followed
    /// (the dataset-wide detectors name them) and of those <paramref name="keepHandle"/> asks for. The followers'
    /// profiles are read afterwards with <see cref="ReadAccountRowsAsync"/>, for the followers of the audited accounts only.
    /// </summary>
    /// <param name="datasetFolder">The dataset folder.</param>
    /// <param name="keepHandle">Given an account's id and handle, whether to keep its handle (for finding the audited accounts).</param>
    /// <param name="options">Clock and reference time.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The lean dataset.</returns>
    /// <exception cref="InputDataException">As for <see cref="ReadAsync"/>.</exception>
    public static async Task<AuditDataset> ReadFollowGraphAsync(string datasetFolder, Func<long, string?, bool> keepHandle, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keepHandle);
        options ??= DatasetReadOptions.Default;
        HashSet<long>? followed = null;
        var lean = new LeanAccounts(
            new HashSet<string>(StringComparer.Ordinal) { "created_at", "last_post_at" },
            (id, handle) => followed!.Contains(id) || keepHandle(id, handle));
        var dataset = await ReadTablesAsync(datasetFolder, options, lean, async (follows, ct) =>
        {
            // Which accounts are followed, from the followee column alone, before the accounts are read.
            followed = [];
            await follows.ScanKeyAsync("followee_id", (ids, count) =>
            {
                for (var i = 0; i < count; i++)
                {
                    if (ids[i] is { } id)
                    {
                        followed.Add(id);
                    }
                }
            }, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        // last_post_at was kept only for the reference time, which the dataset has now inferred exactly as a full read does.
        var a = dataset.Accounts;
        var accounts = new AccountTable { AccountId = a.AccountId, Handle = a.Handle, CreatedAt = a.CreatedAt };
        return new AuditDataset(accounts, dataset.Follows, dataset.Posts, dataset.Engagements, dataset.Snapshots, dataset.Rejections, dataset.ReferenceTime);
    }

    /// <summary>
    /// Reads the whole rows (every column) of some accounts, in the order given, reading only the row groups whose
    /// <c>account_id</c> statistics may hold them. The cells are checked as <see cref="ReadAsync"/> checks them, so the
    /// rows are those of a full read; rejections are not reported (a full or <see cref="ReadFollowGraphAsync"/> read reports them).
    /// </summary>
    /// <param name="datasetFolder">The dataset folder.</param>
    /// <param name="accountIds">The ids, each in the accounts table.</param>
    /// <param name="options">The clock.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One row per id, in the order of <paramref name="accountIds"/>.</returns>
    /// <exception cref="InputDataException">As for <see cref="ReadAsync"/>, or an id is not in the accounts table.</exception>
    public static async Task<AccountTable> ReadAccountRowsAsync(string datasetFolder, IReadOnlyList<long> accountIds, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        if (await AccountsLoaderAsync(datasetFolder, IdPositions.Of(accountIds), options, cancellationToken).ConfigureAwait(false) is not { } loader)
        {
            return new AccountTable { AccountId = [] };
        }

        await loader.LoadAsync(cancellationToken).ConfigureAwait(false);
        return loader.BuildInOrder(accountIds, id => NotInAccounts(datasetFolder, id));
    }

    /// <summary>
    /// Reads the whole rows of some accounts a row group at a time, as <see cref="ReadAccountRowsAsync"/> reads them
    /// (same row groups skipped, same cell checks), but hands each row group's rows to <paramref name="visit"/> instead of
    /// keeping them: only one row group's profile text is in memory at once, however many accounts are asked for.
    /// </summary>
    /// <param name="datasetFolder">The dataset folder.</param>
    /// <param name="accountIds">The ids, each in the accounts table, none repeated.</param>
    /// <param name="visit">
    /// Receives each row group's rows (in file order) and, for each row, its index in <paramref name="accountIds"/>;
    /// every id is visited once. With no ids it is called once with an empty table.
    /// </param>
    /// <param name="options">The clock.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when every row was visited.</returns>
    /// <exception cref="InputDataException">As for <see cref="ReadAsync"/>, or an id is not in the accounts table.</exception>
    public static async Task ReadAccountRowsInChunksAsync(string datasetFolder, IReadOnlyList<long> accountIds, Action<AccountTable, int[]> visit, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        ArgumentNullException.ThrowIfNull(visit);

        // Ids to places in plain sorted arrays: at 10M followers a Dictionary and a HashSet of them took ~0.5 GB
        // throughout the read.
        var wanted = IdPositions.Of(accountIds);
        if (wanted.Repeated is { } repeated)
        {
            throw new ArgumentException($"Account id {repeated.ToString(System.Globalization.CultureInfo.InvariantCulture)} is asked for twice.", nameof(accountIds));
        }

        if (await AccountsLoaderAsync(datasetFolder, wanted, options, cancellationToken).ConfigureAwait(false) is not { } loader)
        {
            visit(new AccountTable { AccountId = [] }, []);
            return;
        }

        await loader.LoadInChunksAsync(visit, cancellationToken).ConfigureAwait(false);
        if (loader.FirstMissing() is var first and >= 0)
        {
            throw NotInAccounts(datasetFolder, accountIds[first]);
        }
    }

    private static InputDataException NotInAccounts(string datasetFolder, long id) =>
        new($"{datasetFolder}: account id {id.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not in the accounts table.");

    // The accounts loader of a read of some accounts' whole rows, prepared; null when no account is asked for.
    private static async Task<AccountsLoader?> AccountsLoaderAsync(string datasetFolder, IdPositions accountIds, DatasetReadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        options ??= DatasetReadOptions.Default;
        if (!Directory.Exists(datasetFolder))
        {
            throw NotADatasetFolder(datasetFolder);
        }

        if (accountIds.Count == 0)
        {
            return null;
        }

        var loader = new AccountsLoader(new ReadContext(options) { Rows = accountIds });
        await loader.PrepareAsync(TableFiles.Find(datasetFolder, DataContract.Accounts)!, cancellationToken).ConfigureAwait(false);
        return loader;
    }

    /// <summary>
    /// Reads one account's slice of a dataset without loading the rest: its follows (row groups whose
    /// <c>followee_id</c> statistics exclude it are skipped, and datasets written by this tool keep follows sorted by
    /// followee), the account rows of it and its followers, its posts, the engagements on them and its snapshots.
    /// </summary>
    /// <param name="datasetFolder">The dataset folder.</param>
    /// <param name="accountId">The audited account's id.</param>
    /// <param name="whole">
    /// The reference time and creation population of the whole dataset (from a full read, or
    /// <see cref="ReadPopulationAsync"/>), so the slice audits exactly as one cut from the full dataset.
    /// </param>
    /// <param name="sampleSize">When set, a uniform random sample of this many followers (as <see cref="AccountSlice.Create"/>).</param>
    /// <param name="seed">Seed of the sample.</param>
    /// <param name="options">The clock; the reference time is taken from <paramref name="whole"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The slice. Rows outside it are not validated, so no rejections are reported: a full read reports them.</returns>
    /// <exception cref="InputDataException">As for <see cref="ReadAsync"/>, or the account is not in the dataset.</exception>
    public static async Task<AccountSlice> ReadAccountSliceAsync(
        string datasetFolder, long accountId, DatasetWhole whole, int? sampleSize = null, int seed = 0, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(whole);
        var parts = await ReadAccountSlicePartsAsync(datasetFolder, accountId, null, options, cancellationToken).ConfigureAwait(false);
        return parts.Cut(whole, sampleSize, seed);
    }

    /// <summary>
    /// Reads what one account's slice is cut from (<see cref="ReadAccountSliceAsync"/>), before the reference time and
    /// the sample are known: the account's follows, posts, engagements and snapshots, and the account rows of it and
    /// its followers — read from the dataset, or picked from <paramref name="accounts"/> when the caller has read the
    /// whole accounts table once (<see cref="ReadAccountsAsync"/>) to cut many slices.
    /// </summary>
    /// <param name="datasetFolder">The dataset folder.</param>
    /// <param name="accountId">The audited account's id.</param>
    /// <param name="accounts">The whole accounts table of this dataset (as <see cref="ReadAccountsAsync"/> reads it), or null to read the rows needed.</param>
    /// <param name="options">The clock.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The parts; <see cref="AccountSliceParts.Cut"/> makes the slice.</returns>
    /// <exception cref="InputDataException">As for <see cref="ReadAsync"/>, or the account is not in the dataset.</exception>
    public static async Task<AccountSliceParts> ReadAccountSlicePartsAsync(
        string datasetFolder, long accountId, AccountTable? accounts = null, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        options ??= DatasetReadOptions.Default;
        if (!Directory.Exists(datasetFolder))
        {
            throw NotADatasetFolder(datasetFolder);
        }

        var filter = new SliceFilter(accountId);
        var context = new ReadContext(options) { Slice = filter };
        var follows = new FollowsLoader(context);
        var loader = accounts is null ? new AccountsLoader(context) : null;
        if (loader is not null)
        {
            await loader.PrepareAsync(TableFiles.Find(datasetFolder, DataContract.Accounts)!, cancellationToken).ConfigureAwait(false);
        }

        await follows.PrepareAsync(TableFiles.Find(datasetFolder, DataContract.Follows)!, cancellationToken).ConfigureAwait(false);

        // Follows first: they name the followers, which are the accounts to read.
        await follows.LoadAsync(cancellationToken).ConfigureAwait(false);
        AccountTable accountTable;
        if (loader is not null)
        {
            await loader.LoadAsync(cancellationToken).ConfigureAwait(false);
            accountTable = loader.Build();
        }
        else
        {
            // The same rows a slice read keeps (each wanted id's first row), in table order, picked from the whole table.
            accountTable = PickAccounts(accounts!, filter.Accounts);
            context.AccountRows = Enumerable.Range(0, accountTable.Count).ToDictionary(r => accountTable.AccountId[r]);
        }

        if (!accountTable.TryGetRow(accountId, out var row))
        {
            throw new InputDataException($"{datasetFolder}: account id {accountId.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not in the accounts table.");
        }

        // A follower missing from the accounts table is dropped, as a full read rejects its edge.
        var followTable = follows.Build();
        var known = Enumerable.Range(0, followTable.Count).Where(e => accountTable.TryGetRow(followTable.FollowerId[e], out _)).ToArray();
        if (known.Length < followTable.Count)
        {
            followTable = followTable.Select(known);
        }

        var posts = await ReadOptionalAsync(datasetFolder, DataContract.Posts, new PostsLoader(context), l => l.Build(), cancellationToken).ConfigureAwait(false);
        var engagements = await ReadOptionalAsync(datasetFolder, DataContract.Engagements, new EngagementsLoader(context), l => l.Build(), cancellationToken).ConfigureAwait(false);
        var snapshots = await ReadOptionalAsync(datasetFolder, DataContract.Snapshots, new SnapshotsLoader(context), l => l.Build(), cancellationToken).ConfigureAwait(false);
        return new AccountSliceParts(accountTable, followTable, posts, engagements, snapshots, row);
    }

    private static AccountTable PickAccounts(AccountTable accounts, HashSet<long> ids)
    {
        var rows = new List<int>(ids.Count);
        foreach (var id in ids)
        {
            if (accounts.TryGetRow(id, out var r))
            {
                rows.Add(r);
            }
        }

        rows.Sort();
        return accounts.Select(rows);
    }

    /// <summary>
    /// Reads the whole accounts table (every row and column, checked as <see cref="ReadAsync"/> checks it), to cut many
    /// slices of the dataset from it (<see cref="ReadAccountSlicePartsAsync"/>) without reading it once per slice.
    /// </summary>
    /// <param name="datasetFolder">The dataset folder.</param>
    /// <param name="options">The clock.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The table; rejections are not reported (a full read reports them).</returns>
    /// <exception cref="InputDataException">As for <see cref="ReadAsync"/>, for the accounts table.</exception>
    public static async Task<AccountTable> ReadAccountsAsync(string datasetFolder, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        options ??= DatasetReadOptions.Default;
        if (!Directory.Exists(datasetFolder))
        {
            throw NotADatasetFolder(datasetFolder);
        }

        var loader = new AccountsLoader(new ReadContext(options));
        await loader.PrepareAsync(TableFiles.Find(datasetFolder, DataContract.Accounts)!, cancellationToken).ConfigureAwait(false);
        await loader.LoadAsync(cancellationToken).ConfigureAwait(false);
        return loader.Build();
    }

    /// <summary>
    /// An upper estimate of the managed memory <see cref="ReadAccountsAsync"/> takes, from the accounts files' footers
    /// alone (nothing is decoded): three times the uncompressed bytes (text becomes UTF-16 strings) plus a fixed cost
    /// per row for the nullable columns, the string objects and the id index. Measured: 505 MB held for a 960 MB
    /// estimate (1M accounts), 76 MB for 96 MB (100k accounts).
    /// </summary>
    /// <param name="datasetFolder">The dataset folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The estimate, in bytes.</returns>
    /// <exception cref="InputDataException">As for <see cref="ReadAsync"/>, for the accounts table.</exception>
    public static async Task<long> EstimateAccountsBytesAsync(string datasetFolder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        if (!Directory.Exists(datasetFolder))
        {
            throw NotADatasetFolder(datasetFolder);
        }

        long bytes = 0;
        foreach (var part in TableFiles.Find(datasetFolder, DataContract.Accounts)!)
        {
            var reader = await TableFiles.OpenAsync(part, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                foreach (var group in reader.Metadata?.RowGroups ?? [])
                {
                    bytes += (3 * Math.Max(0, group.TotalByteSize)) + (AccountRowOverheadBytes * Math.Max(0, group.NumRows));
                }
            }
        }

        return bytes;
    }

    /// <summary>Per account row, what <see cref="EstimateAccountsBytesAsync"/> adds to the file's bytes: ~20 nullable columns, string headers, the id index.</summary>
    private const long AccountRowOverheadBytes = 500;

    /// <summary>
    /// Reads what an account's audit needs from the whole dataset besides its slice: the accounts' creation times (ids
    /// and <c>created_at</c> only) and the dataset's reference time, given by the caller or, when not given, inferred
    /// by a full read as <see cref="ReadAsync"/> does.
    /// </summary>
    /// <param name="datasetFolder">The dataset folder.</param>
    /// <param name="referenceTime">The dataset's reference time when known (a full read of it was made elsewhere).</param>
    /// <param name="options">The clock.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The reference time and the creation population.</returns>
    public static async Task<DatasetWhole> ReadPopulationAsync(string datasetFolder, DateTime? referenceTime = null, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        options ??= DatasetReadOptions.Default;
        if (referenceTime is null)
        {
            var full = await ReadAsync(datasetFolder, options, cancellationToken).ConfigureAwait(false);
            return new DatasetWhole(full.ReferenceTime, CreationPopulation.Of(full));
        }

        return new DatasetWhole(referenceTime.Value, await ReadCreationPopulationAsync(datasetFolder, options, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Reads the creation population of a dataset (ids and <c>created_at</c> of the accounts table only): it does not
    /// depend on the reference time, so it can be read before that is known.
    /// </summary>
    /// <param name="datasetFolder">The dataset folder.</param>
    /// <param name="options">The clock.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The population.</returns>
    public static async Task<CreationPopulation> ReadCreationPopulationAsync(string datasetFolder, DatasetReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        options ??= DatasetReadOptions.Default;
        if (!Directory.Exists(datasetFolder))
        {
            throw NotADatasetFolder(datasetFolder);
        }

        // Account rows are kept or dropped by their id alone, so ids and creation times give the same population as a full read.
        var context = new ReadContext(options) { Columns = new HashSet<string>(StringComparer.Ordinal) { "created_at" } };
        var accounts = new AccountsLoader(context);
        await accounts.PrepareAsync(TableFiles.Find(datasetFolder, DataContract.Accounts)!, cancellationToken).ConfigureAwait(false);
        await accounts.LoadAsync(cancellationToken).ConfigureAwait(false);
        return CreationPopulation.Of(accounts.Build());
    }

    private static async Task<T?> ReadOptionalAsync<TLoader, T>(string folder, TableContract table, TLoader loader, Func<TLoader, T> build, CancellationToken cancellationToken)
        where TLoader : TableLoader
        where T : class
    {
        if (TableFiles.Find(folder, table) is not { } parts)
        {
            return null;
        }

        await loader.PrepareAsync(parts, cancellationToken).ConfigureAwait(false);
        await loader.LoadAsync(cancellationToken).ConfigureAwait(false);
        return build(loader);
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

/// <summary>
/// What one account's slice is cut from (<see cref="DatasetReader.ReadAccountSlicePartsAsync"/>): everything but the
/// dataset's reference time and creation population, and before any sampling, so it can be read before those are known.
/// </summary>
public sealed class AccountSliceParts
{
    private readonly Tables _tables;

    internal AccountSliceParts(AccountTable accounts, FollowTable follows, PostTable? posts, EngagementTable? engagements, SnapshotTable? snapshots, int row) =>
        _tables = new Tables(accounts, follows, posts, engagements, snapshots, row);

    /// <summary>The audited account's id.</summary>
    public long AccountId => _tables.Accounts.AccountId[_tables.Row];

    /// <summary>The account's follows in the dataset (followers found in the accounts table).</summary>
    public int FollowCount => _tables.Follows.Count;

    /// <summary>Cuts the slice (as <see cref="AccountSlice.Create"/>); may be called more than once.</summary>
    /// <param name="whole">The whole dataset's reference time and creation population.</param>
    /// <param name="sampleSize">When set, a uniform random sample of this many followers.</param>
    /// <param name="seed">Seed of the sample.</param>
    /// <returns>The slice.</returns>
    public AccountSlice Cut(DatasetWhole whole, int? sampleSize = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(whole);
        var t = _tables;
        var dataset = new AuditDataset(t.Accounts, t.Follows, t.Posts, t.Engagements, t.Snapshots, [], whole.ReferenceTime);
        return AccountSlice.Create(dataset, t.Row, sampleSize, seed, whole.Population);
    }

    private sealed record Tables(AccountTable Accounts, FollowTable Follows, PostTable? Posts, EngagementTable? Engagements, SnapshotTable? Snapshots, int Row);
}

/// <summary>What an account's audit needs from the whole dataset besides its own slice.</summary>
/// <param name="ReferenceTime">The dataset's "now".</param>
/// <param name="Population">Creation times of every account of the dataset.</param>
public sealed record DatasetWhole(DateTime ReferenceTime, CreationPopulation Population)
{
    /// <summary>The whole of a loaded dataset.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <returns>Its reference time and population.</returns>
    public static DatasetWhole Of(AuditDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new DatasetWhole(dataset.ReferenceTime, CreationPopulation.Of(dataset));
    }
}
