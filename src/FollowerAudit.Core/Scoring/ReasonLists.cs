namespace FollowerAudit.Core.Scoring;

/// <summary>
/// The reason list of a follower from the set of criteria it met, as a bit mask over a fixed list of reasons: one
/// shared array per distinct mask (a rule scorer has a few hundred at most) instead of one array per follower.
/// Not thread-safe: use one per <see cref="RowRanges"/> range.
/// </summary>
/// <param name="reasons">Reason texts; bit k of a mask selects <c>reasons[k]</c>. At most 31.</param>
internal sealed class ReasonLists(IReadOnlyList<string> reasons)
{
    private readonly Dictionary<int, string[]> _byMask = [];

    /// <summary>The reasons whose bits are set, in list order; the same array for the same mask. Callers must not modify it.</summary>
    /// <param name="mask">Bit k set = reason k applies.</param>
    /// <returns>The reasons.</returns>
    public string[] For(int mask)
    {
        if (!_byMask.TryGetValue(mask, out var list))
        {
            list = [.. Enumerable.Range(0, reasons.Count).Where(k => ((mask >> k) & 1) != 0).Select(k => reasons[k])];
            _byMask[mask] = list;
        }

        return list;
    }
}
