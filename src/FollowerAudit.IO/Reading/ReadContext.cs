using System.Globalization;
using FollowerAudit.Core.Model;

namespace FollowerAudit.IO.Reading;

/// <summary>State shared by the table loaders of one <see cref="DatasetReader.ReadAsync"/> call.</summary>
internal sealed class ReadContext
{
    /// <summary>Creates the context of a read with these options.</summary>
    /// <param name="options">The clock (its current time is "now") and the decoding workers.</param>
    public ReadContext(DatasetReadOptions options)
    {
        Now = options.Clock.GetUtcNow().UtcDateTime;
        FutureLimit = Now + DataContract.FutureTolerance;
        DecodeWorkers = options.DecodeWorkers ?? RowGroupDecoder.DefaultWorkers;
    }

    /// <summary>The clock's "now" (UTC).</summary>
    public DateTime Now { get; }

    /// <summary>Timestamps after this are future timestamps.</summary>
    public DateTime FutureLimit { get; }

    /// <summary>Every rejection so far, in table then row order.</summary>
    public List<Rejection> Rejections { get; } = [];

    /// <summary>account_id → row in the loaded accounts table; set once accounts are loaded.</summary>
    public Dictionary<long, int> AccountRows { get; set; } = [];

    /// <summary>When set, only these optional columns are read (the key columns always are); otherwise every column.</summary>
    public IReadOnlySet<string>? Columns { get; init; }

    /// <summary>When set, the accounts table keeps only some columns (<see cref="LeanAccounts"/>); otherwise every column.</summary>
    public LeanAccounts? Lean { get; init; }

    /// <summary>When set, only one account's slice is read (<see cref="SliceFilter"/>); otherwise every row.</summary>
    public SliceFilter? Slice { get; init; }

    /// <summary>
    /// When set, the accounts table is read for these accounts' rows only (whole rows of some accounts), each id's first
    /// row; otherwise every row.
    /// </summary>
    public IdPositions? Rows { get; init; }

    /// <summary>Row groups decoded at once (<see cref="RowGroupDecoder"/>); the rows are the same for any number.</summary>
    public int DecodeWorkers { get; }

    /// <summary>Formats a timestamp for a rejection detail.</summary>
    /// <param name="value">A UTC timestamp.</param>
    /// <returns>ISO 8601 text, e.g. 2031-01-02T03:04:05Z.</returns>
    public static string Format(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Formats an integer for a rejection detail.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Invariant text.</returns>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Records a rejection.</summary>
    /// <param name="batch">The batch the row belongs to.</param>
    /// <param name="index">The row's index within the batch.</param>
    /// <param name="column">The offending column.</param>
    /// <param name="reason">A <see cref="RejectionReasons"/> code.</param>
    /// <param name="detail">Human-readable detail.</param>
    public void Reject(RowBatch batch, int index, string column, string reason, string detail) =>
        Rejections.Add(new Rejection(batch.File, batch.FirstRow + index, column, reason, detail));

    /// <summary>Checks a timestamp against the allowed range.</summary>
    /// <param name="value">The UTC timestamp.</param>
    /// <param name="detail">What is wrong, when something is.</param>
    /// <returns>The rejection reason, or <see langword="null"/> when the value is fine.</returns>
    public string? TimestampProblem(DateTime value, out string detail)
    {
        if (value > FutureLimit)
        {
            detail = $"{Format(value)} is more than {DataContract.FutureTolerance.TotalDays.ToString(CultureInfo.InvariantCulture)} day after now ({Format(Now)})";
            return RejectionReasons.FutureTimestamp;
        }

        if (value < DataContract.EarliestTimestamp)
        {
            detail = $"{Format(value)} is before {Format(DataContract.EarliestTimestamp)}";
            return RejectionReasons.TimestampTooEarly;
        }

        detail = "";
        return null;
    }
}

/// <summary>The rows of one row group being loaded.</summary>
/// <param name="File">The file, relative to the dataset folder.</param>
/// <param name="FirstRow">The table row (0-based, across parts) of the first row of the group.</param>
/// <param name="Count">The number of rows in the group.</param>
/// <param name="Cursor">Where the first kept row goes in the destination arrays.</param>
/// <param name="Keep">Per row of the group, whether it is kept (valid up to <paramref name="Count"/>).</param>
internal sealed record RowBatch(string File, long FirstRow, int Count, int Cursor, bool[] Keep);

/// <summary>
/// What a read of one account's slice keeps: follows of that account, the accounts of it and its followers, its posts,
/// the engagements on them and its snapshots. Rows outside the slice are skipped, not rejected, and row groups whose
/// statistics rule the slice out are not read at all (datasets are written with follows sorted by followee).
/// </summary>
internal sealed class SliceFilter(long accountId)
{
    /// <summary>The audited account.</summary>
    public long AccountId { get; } = accountId;

    /// <summary>Ids of the accounts to keep: the audited account and its followers (filled from the follows read).</summary>
    public HashSet<long> Accounts { get; } = [accountId];

    /// <summary>Ids of the account's posts (filled from the posts read), whose engagements are kept.</summary>
    public HashSet<long> Posts { get; } = [];
}

/// <summary>
/// How a lean read keeps the accounts table: every row, but only the <paramref name="Kept"/> columns, and the handle
/// only where <paramref name="KeepHandle"/> says so. The other columns that have cell checks are still read and checked
/// (so the rejections are those of a full read) and then dropped; text and boolean columns, which have none, are not read.
/// </summary>
/// <param name="Kept">Optional columns kept whole.</param>
/// <param name="KeepHandle">Given an account's id and handle, whether to keep the handle.</param>
internal sealed record LeanAccounts(IReadOnlySet<string> Kept, Func<long, string?, bool> KeepHandle);
