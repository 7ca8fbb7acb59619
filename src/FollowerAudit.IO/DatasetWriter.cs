using FollowerAudit.Core.Model;
using Parquet;
using Parquet.Schema;

namespace FollowerAudit.IO;

/// <summary>
/// Writes an <see cref="AuditDataset"/> as a dataset folder that <see cref="DatasetReader"/> reads back unchanged
/// (rejections are not written).
/// </summary>
/// <remarks>
/// One <c>NAME.parquet</c> per table; the optional tables only when non-empty; only the columns that are present
/// (non-null arrays), in contract order. Timestamps are Parquet TIMESTAMP(MILLIS, isAdjustedToUTC = true), so
/// sub-millisecond precision is dropped; labels are written as the strings genuine / fake (null for unknown),
/// engagement kinds as like / reply / repost / quote. Every file is first written under a hidden temporary name in
/// the same folder; only when all are complete are they moved over the final names, so a failure leaves any earlier
/// dataset in the folder as it was. Nothing is written outside <c>datasetFolder</c>.
/// </remarks>
public static class DatasetWriter
{
    /// <summary>The default largest number of rows per row group.</summary>
    public const int DefaultMaxRowGroupRows = 100_000;

    // Writes rows [start, start + count) of one column into a row group, as the given field: the file's own schema field,
    // which Parquet.Net requires (a file opened by an earlier slice has its schema built from that slice's fields).
    internal delegate Task ColumnWrite(ParquetRowGroupWriter rowGroup, DataField field, int start, int count, CancellationToken cancellationToken);

    /// <summary>Writes the dataset with row groups of at most <see cref="DefaultMaxRowGroupRows"/> rows.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="datasetFolder">The folder; created when absent.</param>
    /// <param name="cancellationToken">Cancels the write; completed files are then not moved into place.</param>
    /// <returns>A task.</returns>
    /// <exception cref="IOException">
    /// The folder holds a table this dataset would not replace (a <c>NAME/</c> part folder, or an optional table the
    /// dataset does not have), or the file system failed.
    /// </exception>
    public static Task WriteAsync(AuditDataset dataset, string datasetFolder, CancellationToken cancellationToken = default) =>
        WriteAsync(dataset, datasetFolder, DefaultMaxRowGroupRows, cancellationToken);

    /// <summary>Writes the dataset with row groups of at most <paramref name="maxRowGroupRows"/> rows.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="datasetFolder">The folder; created when absent.</param>
    /// <param name="maxRowGroupRows">The largest number of rows per row group, at least 1.</param>
    /// <param name="cancellationToken">Cancels the write; completed files are then not moved into place.</param>
    /// <returns>A task.</returns>
    /// <exception cref="IOException">
    /// The folder holds a table this dataset would not replace (a <c>NAME/</c> part folder, or an optional table the
    /// dataset does not have), or the file system failed.
    /// </exception>
    public static async Task WriteAsync(AuditDataset dataset, string datasetFolder, int maxRowGroupRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowGroupRows, 1);

        var tables = Tables(dataset);
        CheckNoConflicts(Path.GetFullPath(datasetFolder), tables.Select(t => t.Table.Name).ToHashSet(StringComparer.Ordinal));
        await WriteTablesAsync(Open(datasetFolder, maxRowGroupRows), tables, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a dataset folder for writing one slice of rows at a time (see <see cref="DatasetStreamWriter"/>): for a
    /// dataset too large to hold, e.g. one streamed from a fetch checkpoint.
    /// </summary>
    /// <param name="datasetFolder">The folder; created when absent.</param>
    /// <param name="maxRowGroupRows">The largest number of rows per row group, at least 1.</param>
    /// <returns>The writer; nothing replaces the folder's files until <see cref="DatasetStreamWriter.CommitAsync"/>.</returns>
    /// <exception cref="IOException"><paramref name="datasetFolder"/> is a file, or the file system failed.</exception>
    public static DatasetStreamWriter Open(string datasetFolder, int maxRowGroupRows = DefaultMaxRowGroupRows)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowGroupRows, 1);
        return new DatasetStreamWriter(Path.GetFullPath(datasetFolder), maxRowGroupRows, wholeDataset: true);
    }

    /// <summary>
    /// Writes one optional table (<c>posts</c>, <c>engagements</c> or <c>snapshots</c>) of the dataset into an
    /// existing dataset folder, replacing that table's file and leaving every other file as it is.
    /// </summary>
    /// <param name="dataset">The dataset holding the table.</param>
    /// <param name="datasetFolder">The dataset folder.</param>
    /// <param name="table">The table's name.</param>
    /// <param name="cancellationToken">Cancels the write; the old file then stays.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">Not an optional table, or the dataset's table is empty.</exception>
    /// <exception cref="IOException">The table is stored as a folder of parts, or the file system failed.</exception>
    public static async Task WriteTableAsync(AuditDataset dataset, string datasetFolder, string table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        if (table is not ("posts" or "engagements" or "snapshots"))
        {
            throw new ArgumentException($"Only posts, engagements or snapshots can be written alone (got '{table}').", nameof(table));
        }

        var selected = Tables(dataset).Where(t => t.Table.Name == table).ToList();
        if (selected.Count == 0)
        {
            throw new ArgumentException($"The dataset has no {table} rows to write.", nameof(dataset));
        }

        var folder = Path.GetFullPath(datasetFolder);
        var partFolder = Path.Combine(folder, table);
        if (Directory.Exists(partFolder))
        {
            throw new IOException($"{partFolder}: {table} is stored as a folder of parts; remove it (or merge the parts) before replacing the table.");
        }

        await WriteTablesAsync(new DatasetStreamWriter(folder, DefaultMaxRowGroupRows, wholeDataset: false), selected, cancellationToken).ConfigureAwait(false);
    }

    private static List<(TableContract Table, int Rows, List<(DataField Field, ColumnWrite Write)> Columns)> Tables(AuditDataset dataset)
    {
        var tables = new List<(TableContract Table, int Rows, List<(DataField Field, ColumnWrite Write)> Columns)>
        {
            (DataContract.Accounts, dataset.Accounts.Count, AccountColumns(dataset.Accounts)),
            (DataContract.Follows, dataset.Follows.Count, FollowColumns(SortedByFollowee(dataset.Follows))),
        };
        if (dataset.Posts.Count > 0)
        {
            tables.Add((DataContract.Posts, dataset.Posts.Count, PostColumns(dataset.Posts)));
        }

        if (dataset.Engagements.Count > 0)
        {
            tables.Add((DataContract.Engagements, dataset.Engagements.Count, EngagementColumns(dataset.Engagements)));
        }

        if (dataset.Snapshots.Count > 0)
        {
            tables.Add((DataContract.Snapshots, dataset.Snapshots.Count, SnapshotColumns(dataset.Snapshots)));
        }

        return tables;
    }

    // Follows are written grouped by followee (stably, so each account's follows keep their order), so a row group's
    // followee_id statistics let a reader of one account's slice skip every other group.
    private static FollowTable SortedByFollowee(FollowTable follows)
    {
        var followees = follows.FolloweeId;
        var sorted = true;
        for (var i = 1; i < followees.Length && sorted; i++)
        {
            sorted = followees[i - 1] <= followees[i];
        }

        if (sorted)
        {
            return follows;
        }

        var order = Enumerable.Range(0, follows.Count).ToArray();
        var keys = (long[])followees.Clone();
        Array.Sort(keys, order);

        // Array.Sort is not stable: restore table order among equal followees.
        var start = 0;
        for (var i = 1; i <= order.Length; i++)
        {
            if (i == order.Length || keys[i] != keys[start])
            {
                Array.Sort(order, start, i - start);
                start = i;
            }
        }

        return follows.Select(order);
    }

    // Each file goes to a temp name first; all are moved into place only once all are complete.
    private static async Task WriteTablesAsync(DatasetStreamWriter writer, List<(TableContract Table, int Rows, List<(DataField Field, ColumnWrite Write)> Columns)> tables, CancellationToken cancellationToken)
    {
        await using (writer.ConfigureAwait(false))
        {
            foreach (var (table, rows, columns) in tables)
            {
                await writer.AppendAsync(table, rows, columns, cancellationToken).ConfigureAwait(false);
            }

            await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal static void CheckNoConflicts(string folder, HashSet<string> writing)
    {
        if (File.Exists(folder))
        {
            throw new IOException($"{folder}: is a file; the dataset needs a folder.");
        }

        foreach (var table in DataContract.Tables)
        {
            var partFolder = Path.Combine(folder, table.Name);
            if (Directory.Exists(partFolder))
            {
                throw new IOException($"{partFolder}: a folder of {table.Name} parts already exists and would conflict with the new dataset; remove it or write to an empty folder.");
            }

            var file = Path.Combine(folder, table.Name + ".parquet");
            if (!writing.Contains(table.Name) && File.Exists(file))
            {
                throw new IOException($"{file}: exists but the dataset has no {table.Name}, so it would be read with the new data; remove it or write to an empty folder.");
            }
        }
    }

    internal static List<(DataField Field, ColumnWrite Write)> AccountColumns(AccountTable t)
    {
        var columns = new List<(DataField, ColumnWrite)> { Ids("account_id", t.AccountId) };
        AddText(columns, "handle", t.Handle);
        AddText(columns, "display_name", t.DisplayName);
        AddTimes(columns, "created_at", t.CreatedAt);
        AddValues(columns, "followers_count", t.FollowersCount);
        AddValues(columns, "following_count", t.FollowingCount);
        AddValues(columns, "posts_count", t.PostsCount);
        AddValues(columns, "likes_given_count", t.LikesGivenCount);
        AddValues(columns, "listed_count", t.ListedCount);
        AddText(columns, "bio", t.Bio);
        AddText(columns, "location", t.Location);
        AddText(columns, "url", t.Url);
        AddValues(columns, "has_avatar", t.HasAvatar);
        AddValues(columns, "verified", t.Verified);
        AddValues(columns, "protected", t.Protected);
        AddValues(columns, "default_profile", t.DefaultProfile);
        AddTimes(columns, "last_post_at", t.LastPostAt);
        AddText(columns, "lang", t.Lang);
        if (t.Label is { } labels)
        {
            AddMapped(columns, "label", labels, l => l switch
            {
                AccountLabel.Fake => "fake",
                AccountLabel.Genuine => "genuine",
                _ => null,
            });
        }

        AddValues(columns, "handle_length", t.HandleLength);
        AddValues(columns, "handle_digit_share", t.HandleDigitShare);
        AddValues(columns, "display_name_words", t.DisplayNameWords);
        AddValues(columns, "display_name_digit_share", t.DisplayNameDigitShare);
        AddValues(columns, "bio_length", t.BioLength);
        AddValues(columns, "has_url", t.HasUrl);
        return columns;
    }

    internal static List<(DataField Field, ColumnWrite Write)> FollowColumns(FollowTable t)
    {
        var columns = new List<(DataField, ColumnWrite)> { Ids("follower_id", t.FollowerId), Ids("followee_id", t.FolloweeId) };
        AddTimes(columns, "followed_at", t.FollowedAt);
        AddValues(columns, "follow_rank", t.FollowRank);
        return columns;
    }

    internal static List<(DataField Field, ColumnWrite Write)> PostColumns(PostTable t)
    {
        var columns = new List<(DataField, ColumnWrite)> { Ids("post_id", t.PostId), Ids("author_id", t.AuthorId) };
        AddTimes(columns, "posted_at", t.PostedAt);
        AddValues(columns, "like_count", t.LikeCount);
        AddValues(columns, "reply_count", t.ReplyCount);
        AddValues(columns, "repost_count", t.RepostCount);
        AddValues(columns, "view_count", t.ViewCount);
        return columns;
    }

    internal static List<(DataField Field, ColumnWrite Write)> EngagementColumns(EngagementTable t)
    {
        var columns = new List<(DataField, ColumnWrite)> { Ids("post_id", t.PostId), Ids("actor_id", t.ActorId) };
        AddMapped(columns, "kind", t.Kind, k => k switch
        {
            EngagementKind.Like => "like",
            EngagementKind.Reply => "reply",
            EngagementKind.Repost => "repost",
            EngagementKind.Quote => "quote",
            _ => throw new ArgumentOutOfRangeException(nameof(t), k, "Unknown engagement kind."),
        });
        AddTimes(columns, "at", t.At);
        return columns;
    }

    internal static List<(DataField Field, ColumnWrite Write)> SnapshotColumns(SnapshotTable t)
    {
        var at = new DateTimeDataField("at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: false);
        var columns = new List<(DataField, ColumnWrite)>
        {
            Ids("account_id", t.AccountId),
            (at, (rg, f, start, count, ct) => rg.WriteAsync<DateTime>(f, t.At.AsMemory(start, count), null, null, ct)),
        };
        AddValues(columns, "followers_count", t.FollowersCount);
        AddValues(columns, "following_count", t.FollowingCount);
        AddValues(columns, "posts_count", t.PostsCount);
        return columns;
    }

    private static (DataField, ColumnWrite) Ids(string name, long[] values)
    {
        var field = new DataField<long>(name);
        return (field, (rg, f, start, count, ct) => rg.WriteAsync<long>(f, values.AsMemory(start, count), null, null, ct));
    }

    private static void AddValues<T>(List<(DataField, ColumnWrite)> columns, string name, T?[]? values)
        where T : struct
    {
        if (values is null)
        {
            return;
        }

        var field = new DataField<T?>(name);
        columns.Add((field, (rg, f, start, count, ct) => rg.WriteAsync<T>(f, (ReadOnlyMemory<T?>)values.AsMemory(start, count), null, null, ct)));
    }

    private static void AddTimes(List<(DataField, ColumnWrite)> columns, string name, DateTime?[]? values)
    {
        if (values is null)
        {
            return;
        }

        var field = new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: true);
        columns.Add((field, (rg, f, start, count, ct) => rg.WriteAsync<DateTime>(f, (ReadOnlyMemory<DateTime?>)values.AsMemory(start, count), null, null, ct)));
    }

    private static void AddText(List<(DataField, ColumnWrite)> columns, string name, string?[]? values)
    {
        if (values is null)
        {
            return;
        }

        var field = new DataField<string>(name, true);
        columns.Add((field, (rg, f, start, count, _) => rg.WriteAsync(f, new ArraySegment<string?>(values, start, count), null)));
    }

    private static void AddMapped<T>(List<(DataField, ColumnWrite)> columns, string name, T[] values, Func<T, string?> map)
    {
        var field = new DataField<string>(name, true);
        columns.Add((field, WriteMapped));

        Task WriteMapped(ParquetRowGroupWriter rowGroup, DataField file, int start, int count, CancellationToken cancellationToken)
        {
            // One string array per row group, not per row: the enum values map onto a few shared literals.
            var text = new string?[count];
            for (var i = 0; i < count; i++)
            {
                text[i] = map(values[start + i]);
            }

            return rowGroup.WriteAsync(file, text, null);
        }
    }
}
