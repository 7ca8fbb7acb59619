using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Pipeline;

/// <summary>
/// Per follower, whether it is inactive (no post ever, or none for <see cref="AuditOptions.InactiveAfterDays"/> days)
/// and whether it follows more than <see cref="AuditOptions.MassFollowerThreshold"/> accounts: all that
/// <see cref="Estimation.AudienceQuality"/> reads of the followers' last-post times and counts. A slice keeps these two
/// bits instead of those columns once the features are computed (four nullable columns, 64 bytes a follower: 0.6 GB
/// at ten million followers, read by nothing else after the features).
/// </summary>
public sealed class FollowerActivity
{
    private const byte InactiveBit = 1;
    private const byte MassFollowerBit = 2;
    private readonly byte[] _flags;

    private FollowerActivity(byte[] flags, DateTime inactiveBefore, long massFollowerThreshold, bool hasActivityColumns)
    {
        _flags = flags;
        InactiveBefore = inactiveBefore;
        MassFollowerThreshold = massFollowerThreshold;
        HasActivityColumns = hasActivityColumns;
    }

    /// <summary>A follower whose last post is before this time (UTC) is inactive.</summary>
    public DateTime InactiveBefore { get; }

    /// <summary>A follower following more accounts than this is a mass-follower.</summary>
    public long MassFollowerThreshold { get; }

    /// <summary>Whether the followers' rows had a last-post time or a post count (without either nobody is inactive).</summary>
    public bool HasActivityColumns { get; }

    /// <summary>Number of followers.</summary>
    public int Count => _flags.Length;

    /// <summary>Whether a follower is inactive.</summary>
    /// <param name="follower">Follower position.</param>
    /// <returns><see langword="true"/> when it never posted or its last post is before <see cref="InactiveBefore"/>.</returns>
    public bool IsInactive(int follower) => (_flags[follower] & InactiveBit) != 0;

    /// <summary>Whether a follower is a mass-follower.</summary>
    /// <param name="follower">Follower position.</param>
    /// <returns><see langword="true"/> when it follows more than <see cref="MassFollowerThreshold"/> accounts.</returns>
    public bool IsMassFollower(int follower) => (_flags[follower] & MassFollowerBit) != 0;

    /// <summary>The flags of every row of a followers table, in its order.</summary>
    /// <param name="followers">The followers' rows.</param>
    /// <param name="referenceTime">The dataset's "now".</param>
    /// <param name="options">The thresholds.</param>
    /// <returns>The flags.</returns>
    public static FollowerActivity Of(AccountTable followers, DateTime referenceTime, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(followers);
        var builder = new Builder(followers.Count, followers, referenceTime, options);
        builder.Add(followers, new IdentityPositions(followers.Count));
        return builder.Finish();
    }

    /// <summary>Whether these flags were computed with the thresholds of <paramref name="options"/>.</summary>
    internal bool Matches(DateTime referenceTime, AuditOptions options) =>
        InactiveBefore == InactiveCutoff(referenceTime, options) && MassFollowerThreshold == options.MassFollowerThreshold;

    private static DateTime InactiveCutoff(DateTime referenceTime, AuditOptions options) => referenceTime.AddDays(-options.InactiveAfterDays);

    /// <summary>Receives the followers' rows a chunk at a time, in any order of positions.</summary>
    /// <param name="count">Number of followers.</param>
    /// <param name="columns">A table with the columns the rows will have (whether last-post times and counts exist).</param>
    /// <param name="referenceTime">The dataset's "now".</param>
    /// <param name="options">The thresholds.</param>
    internal sealed class Builder(int count, AccountTable columns, DateTime referenceTime, AuditOptions options)
    {
        private readonly byte[] _flags = new byte[count];
        private readonly DateTime _cutoff = InactiveCutoff(referenceTime, options);
        private readonly bool _hasActivityColumns = columns.LastPostAt is not null || columns.PostsCount is not null;

        /// <summary>Sets the flags of some followers from their rows.</summary>
        /// <param name="rows">Their rows.</param>
        /// <param name="positions">Each row's follower position.</param>
        public void Add(AccountTable rows, IReadOnlyList<int> positions)
        {
            var threshold = options.MassFollowerThreshold;
            for (var i = 0; i < rows.Count; i++)
            {
                var inactive = rows.PostsCount?[i] == 0 || (rows.LastPostAt?[i] is { } last && last < _cutoff);
                var mass = rows.FollowingCount?[i] > threshold;
                _flags[positions[i]] = (byte)((inactive ? InactiveBit : 0) | (mass ? MassFollowerBit : 0));
            }
        }

        /// <summary>The flags.</summary>
        /// <returns>The flags received.</returns>
        public FollowerActivity Finish() => new(_flags, _cutoff, options.MassFollowerThreshold, _hasActivityColumns);
    }

    // Row i is follower i, without an array of a million positions.
    private sealed class IdentityPositions(int count) : IReadOnlyList<int>
    {
        public int Count => count;

        public int this[int index] => index;

        public IEnumerator<int> GetEnumerator() => Enumerable.Range(0, count).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
