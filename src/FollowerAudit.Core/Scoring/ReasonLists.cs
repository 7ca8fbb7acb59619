using System.Collections.Concurrent;

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

/// <summary>
/// Reason texts that are formatted per follower but take few distinct values (a feature name and a rounded number):
/// one string, and one single-reason array, per distinct text, shared by every follower that gets it. A million
/// followers with a few hundred thousand flagged held that many copies of the same few thousand texts. Thread-safe.
/// </summary>
public sealed class SharedReasons
{
    private readonly ConcurrentDictionary<string, string[]> _single = new(StringComparer.Ordinal);

    /// <summary>The shared copy of a text (equal to it).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The one string kept for that text.</returns>
    public string Text(string text) => OneReason(text)[0];

    /// <summary>The shared one-reason list holding a text. Callers must not modify it.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The one array kept for that text.</returns>
    public string[] OneReason(string text) => _single.GetOrAdd(text, static t => [t]);

    private readonly ConcurrentDictionary<(int Feature, long Value), string> _byValue = new();

    /// <summary>
    /// The shared text about a feature's value, formatted by <paramref name="format"/> only the first time the pair is
    /// seen: formatting a number per flagged follower was most of a scorer's reason time, and the values repeat.
    /// </summary>
    /// <param name="feature">Feature index.</param>
    /// <param name="value">The value (compared by its bits).</param>
    /// <param name="state">Passed to <paramref name="format"/> (so that it need not capture anything).</param>
    /// <param name="format">Makes the text from the state, feature and value; must give the same text for the same feature and value on this instance.</param>
    /// <typeparam name="TState">Type of the state.</typeparam>
    /// <returns>The one string kept for that text.</returns>
    public string Text<TState>(int feature, double value, TState state, Func<TState, int, double, string> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var key = (feature, BitConverter.DoubleToInt64Bits(value));
        return _byValue.TryGetValue(key, out var text) ? text : _byValue.GetOrAdd(key, Text(format(state, feature, value)));
    }
}
