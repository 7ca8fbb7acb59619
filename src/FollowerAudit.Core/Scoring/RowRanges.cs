using System.Runtime.ExceptionServices;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// Per-follower work on every core with results that do not depend on scheduling: rows 0..n−1 are cut into fixed
/// ranges of <see cref="Size"/> rows (the cut depends only on n), the ranges run in parallel, and each row's result is
/// written by exactly one range. A body that reads shared inputs and writes only its own rows gives the same bits as a
/// sequential loop.
/// </summary>
public static class RowRanges
{
    /// <summary>Rows per range: large enough that scheduling costs nothing next to the work, small enough to balance two cores.</summary>
    public const int Size = 16_384;

    /// <summary>Number of ranges for <paramref name="count"/> rows.</summary>
    /// <param name="count">Rows (≥ 0).</param>
    /// <returns>⌈count / <see cref="Size"/>⌉.</returns>
    public static int Count(int count) => (count + Size - 1) / Size;

    /// <summary>Runs <paramref name="body"/>(start, end) over the ranges [start, end) of 0..count−1, in parallel when there are several (not at all when count is 0).</summary>
    /// <param name="count">Rows (≥ 0).</param>
    /// <param name="body">Work on one range; must write only the rows of its range (or per-range state).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <remarks>An exception thrown by <paramref name="body"/> is rethrown as it is (the first one, if several ranges threw).</remarks>
    public static void For(int count, Action<int, int> body)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(body);
        var ranges = Count(count);
        if (ranges == 1)
        {
            body(0, count);
            return;
        }

        Run(ranges, r => body(r * Size, Math.Min(count, (r + 1) * Size)));
    }

    /// <summary>
    /// Runs <paramref name="body"/>(item, start, end) over every item × row range pair in parallel (e.g. feature columns
    /// × rows, so that one slow column does not leave a core idle).
    /// </summary>
    /// <param name="items">Number of items (≥ 0).</param>
    /// <param name="count">Rows per item (≥ 0).</param>
    /// <param name="body">Work on one range of one item; must write only that item's rows of its range.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    /// <remarks>An exception thrown by <paramref name="body"/> is rethrown as it is (the first one, if several threw).</remarks>
    public static void For(int items, int count, Action<int, int, int> body)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(body);
        var ranges = Count(count);
        if (items * ranges == 1)
        {
            body(0, 0, count);
            return;
        }

        Run(items * ranges, p =>
        {
            var (item, r) = Math.DivRem(p, ranges);
            body(item, r * Size, Math.Min(count, (r + 1) * Size));
        });
    }

    // Parallel.For wraps what a body throws in an AggregateException; rethrow the first one as it was, so callers see
    // the same exception as from a sequential loop (OperationCanceledException on Ctrl+C, not an aggregate).
    private static void Run(int parts, Action<int> part)
    {
        try
        {
            Parallel.For(0, parts, part);
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(aggregate.InnerExceptions[0]).Throw();
        }
    }
}
