using FollowerAudit.Core.Model;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Core.Pipeline;

/// <summary>
/// A slice's followers' whole rows, received a chunk at a time (<see cref="AccountSlice.ReceiveFollowerRows"/>): each
/// chunk's profile features are computed and the columns the audit reads afterwards are put in follow order; the rest
/// (bios, names, URLs …) is dropped with the chunk. A million followers' profile text was ≈ 0.3 GB at the audit's peak.
/// </summary>
public sealed class StreamedFollowerRows
{
    private readonly AccountSlice _slice;
    private readonly AccountTable _account;
    private readonly ProfileFeatureWriter? _features;
    private readonly FollowerActivity.Builder _activity;
    private readonly bool[] _received;
    private string?[]? _handle;
    private string?[]? _bio;
    private DateTime?[]? _createdAt;
    private bool _createdAtRead;

    internal StreamedFollowerRows(AccountSlice slice, AccountTable account, bool computeProfileFeatures, AuditOptions options)
    {
        _slice = slice;
        _account = account;
        _features = computeProfileFeatures ? new ProfileFeatureWriter(slice.Count, slice.ReferenceTime) : null;
        // The account's own row has the columns of the accounts table the chunks come from.
        _activity = new FollowerActivity.Builder(slice.Count, account, slice.ReferenceTime, options);
        _received = new bool[slice.Count];
    }

    /// <summary>Takes one chunk of the followers' rows.</summary>
    /// <param name="rows">Whole account rows of some followers; every chunk has the columns of one accounts table.</param>
    /// <param name="followers">The follower position (slice row) of each of <paramref name="rows"/>.</param>
    /// <exception cref="ArgumentException">A row's id is not the follower's at its position, or a follower comes twice.</exception>
    public void Add(AccountTable rows, IReadOnlyList<int> followers)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(followers);
        var ids = _slice.Followers.AccountId;
        for (var i = 0; i < rows.Count; i++)
        {
            if (ids[followers[i]] != rows.AccountId[i] || _received[followers[i]])
            {
                throw new ArgumentException($"Row {i} of the chunk is account {rows.AccountId[i]}, not a follower that has not come yet at position {followers[i]}.", nameof(followers));
            }

            _received[followers[i]] = true;
        }

        _features?.Write(rows, followers);
        _activity.Add(rows, followers);
        var kept = AccountSlice.ProfileFree(rows);
        Put(ref _handle, kept.Handle, followers);
        Put(ref _bio, kept.Bio, followers);
        PutCreatedAt(kept.CreatedAt, followers);
    }

    /// <summary>The slice with the received rows (as <see cref="AccountSlice.WithoutProfileText"/> of the whole rows, with its activity flags) and the features.</summary>
    /// <returns>The new slice; everything else is shared with the old one.</returns>
    /// <exception cref="InvalidOperationException">Some follower's row did not come.</exception>
    public AccountSlice Finish()
    {
        if (Array.IndexOf(_received, false) is var missing and >= 0)
        {
            throw new InvalidOperationException($"The row of follower {_slice.Followers.AccountId[missing]} (position {missing}) did not come.");
        }

        FeatureTable? features = null;
        if (_features is not null)
        {
            features = new FeatureTable(_slice.Count);
            _features.AddTo(features);
        }

        return _slice.With(_account, new AccountTable
        {
            AccountId = _slice.Followers.AccountId,
            Handle = _handle,
            Bio = _bio,
            CreatedAt = _createdAt ?? (_createdAtRead ? _slice.Followers.CreatedAt : null),
        }, features, _activity.Finish());
    }

    // The lean read's slice has the followers' creation times already, in follow order, from the same column: the rows'
    // are kept only where they differ (they do not, but a copy is made if they ever did), so the slice does not hold
    // them twice (16 bytes a follower: 160 MB at 10M followers).
    private void PutCreatedAt(DateTime?[]? values, IReadOnlyList<int> followers)
    {
        if (values is null)
        {
            return;
        }

        _createdAtRead = true;
        if (_createdAt is null && _slice.Followers.CreatedAt is { } known)
        {
            var same = true;
            for (var i = 0; i < values.Length && same; i++)
            {
                // DateTime equality ignores Kind; the copy must not differ in it either.
                same = (values[i], known[followers[i]]) switch
                {
                    (null, null) => true,
                    ({ } a, { } b) => a.Ticks == b.Ticks && a.Kind == b.Kind,
                    _ => false,
                };
            }

            if (same)
            {
                return;
            }

            _createdAt = (DateTime?[])known.Clone();
        }

        Put(ref _createdAt, values, followers);
    }

    // A column present in the chunks is put in follow order; an absent one stays absent.
    private void Put<T>(ref T[]? target, T[]? values, IReadOnlyList<int> followers)
    {
        if (values is null)
        {
            return;
        }

        target ??= new T[_slice.Count];
        for (var i = 0; i < values.Length; i++)
        {
            target[followers[i]] = values[i];
        }
    }
}
