using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using static FollowerAudit.Core.Scoring.ProfileFeatureExtractor;
using N = FollowerAudit.Core.Scoring.ProfileFeatureNames;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// Writes the <c>profile-features</c> columns (<see cref="ProfileFeatureNames"/>) of a known number of accounts whose rows
/// may come in chunks, each chunk's rows to their own feature rows: how a big account's followers are featurised a row
/// group at a time as they are read, and how <see cref="ProfileFeatureExtractor.Compute"/> featurises a whole table.
/// </summary>
public sealed class ProfileFeatureWriter
{
    private readonly int _rowCount;
    private readonly DateTime _reference;
    private string[]? _names;
    private float[][]? _columns;

    /// <summary>A writer of the features of <paramref name="rowCount"/> accounts.</summary>
    /// <param name="rowCount">Feature rows.</param>
    /// <param name="reference">The dataset's "now", from which ages are measured.</param>
    public ProfileFeatureWriter(int rowCount, DateTime reference)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        _rowCount = rowCount;
        _reference = reference;
    }

    /// <summary>Writes the features of a chunk of rows into their feature rows.</summary>
    /// <param name="a">The chunk's accounts. Every chunk has the same columns (those of one accounts table).</param>
    /// <param name="rows">The feature row of each account of the chunk; <see langword="null"/> for 0, 1, 2 ….</param>
    /// <exception cref="InvalidOperationException">A chunk's columns differ from the first chunk's.</exception>
    public void Write(AccountTable a, IReadOnlyList<int>? rows)
    {
        ArgumentNullException.ThrowIfNull(a);
        var reference = _reference;
        // The present columns in table order, computed afterwards column × row range in parallel (each cell on its own).
        var names = new List<string>();
        var cells = new List<Func<int, double>>();

        void Add(string name, bool present, Func<int, double> value)
        {
            if (present)
            {
                names.Add(name);
                cells.Add(value);
            }
        }

        static double Flag(bool? b) => b is { } v ? (v ? 1 : 0) : double.NaN;
        static double Num(long? v) => v is { } x ? x : double.NaN;
        static double NotEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? 0 : 1;

        var followers = a.FollowersCount;
        var following = a.FollowingCount;
        var posts = a.PostsCount;

        Add(N.HasName, a.DisplayName is not null || a.DisplayNameWords is not null, r =>
            a.DisplayName is { } d ? NotEmpty(d[r]) : a.DisplayNameWords![r] is { } w ? (w > 0 ? 1 : 0) : double.NaN);
        Add(N.HasAvatar, a.HasAvatar is not null, r => Flag(a.HasAvatar![r]));
        Add(N.HasBio, a.Bio is not null || a.BioLength is not null, r =>
            a.Bio is { } b ? NotEmpty(b[r]) : a.BioLength![r] is { } l ? (l > 0 ? 1 : 0) : double.NaN);
        Add(N.HasUrl, a.Url is not null || a.HasUrl is not null, r =>
            a.Url is { } u ? NotEmpty(u[r]) : Flag(a.HasUrl![r]));
        Add(N.HasLocation, a.Location is not null, r => NotEmpty(a.Location![r]));
        Add(N.FollowersAtLeast30, followers is not null, r => followers![r] is { } f ? (f >= 30 ? 1 : 0) : double.NaN);
        Add(N.Listed, a.ListedCount is not null, r => a.ListedCount![r] is { } l ? (l > 0 ? 1 : 0) : double.NaN);
        Add(N.PostsAtLeast50, posts is not null, r => posts![r] is { } p ? (p >= 50 ? 1 : 0) : double.NaN);
        var both = followers is not null && following is not null;
        Add(N.TwiceFollowersAtLeastFollowing, both, r =>
            followers![r] is { } f && following![r] is { } g ? (2 * f >= g ? 1 : 0) : double.NaN);
        Add(N.FollowingPerFollower, both, r =>
            followers![r] is { } f && following![r] is { } g ? g / (double)Math.Max(f, 1) : double.NaN);
        Add(N.FollowingPerFollowerSquared, both, r =>
            followers![r] is { } f && following![r] is { } g ? g / Math.Pow(Math.Max(f, 1), 2) : double.NaN);
        Add(N.PostsPerFollowing, posts is not null && following is not null, r =>
            posts![r] is { } p && following![r] is { } g ? p / (double)Math.Max(g, 1) : double.NaN);
        Add(N.PostsPerFollower, posts is not null && followers is not null, r =>
            posts![r] is { } p && followers![r] is { } f ? p / (double)Math.Max(f, 1) : double.NaN);
        Add(N.Followers, followers is not null, r => Num(followers![r]));
        Add(N.Following, following is not null, r => Num(following![r]));
        Add(N.Posts, posts is not null, r => Num(posts![r]));
        Add(N.ListedCount, a.ListedCount is not null, r => Num(a.ListedCount![r]));
        Add(N.LikesGiven, a.LikesGivenCount is not null, r => Num(a.LikesGivenCount![r]));
        Add(N.AccountAgeDays, a.CreatedAt is not null, r => AgeDays(a.CreatedAt![r], reference));
        Add(N.PostsPerDay, a.CreatedAt is not null && posts is not null, r =>
            posts![r] is { } p ? p / Math.Max(AgeDays(a.CreatedAt![r], reference), 1) : double.NaN);
        Add(N.HandleLength, a.Handle is not null || a.HandleLength is not null, r =>
            a.Handle is { } h ? (h[r] is { } s ? s.Length : double.NaN) : a.HandleLength![r] is { } l ? l : double.NaN);
        Add(N.HandleDigitShare, a.Handle is not null || a.HandleDigitShare is not null, r =>
            a.Handle is { } h ? DigitShare(h[r]) : a.HandleDigitShare![r] ?? double.NaN);
        Add(N.HandleEntropy, a.Handle is not null, r => Entropy(a.Handle![r]));
        Add(N.DisplayNameWords, a.DisplayName is not null || a.DisplayNameWords is not null, r =>
            a.DisplayName is { } d ? (d[r] is { } s ? Words(s) : double.NaN)
                : a.DisplayNameWords![r] is { } w ? w : double.NaN);
        Add(N.DisplayNameDigitShare, a.DisplayName is not null || a.DisplayNameDigitShare is not null, r =>
            a.DisplayName is { } d ? DigitShare(d[r]) : a.DisplayNameDigitShare![r] ?? double.NaN);
        Add(N.BioLength, a.Bio is not null || a.BioLength is not null, r =>
            a.Bio is { } b ? (b[r]?.Length ?? 0) : a.BioLength![r] is { } l ? l : double.NaN);
        Add(N.DefaultProfile, a.DefaultProfile is not null, r => Flag(a.DefaultProfile![r]));
        Add(N.Protected, a.Protected is not null, r => Flag(a.Protected![r]));
        Add(N.Verified, a.Verified is not null, r => Flag(a.Verified![r]));
        Add(N.DaysSinceLastPost, a.LastPostAt is not null, r => AgeDays(a.LastPostAt![r], reference));

        if (_names is null)
        {
            _names = [.. names];
            _columns = [.. names.Select(_ => new float[_rowCount])];
        }
        else if (!_names.SequenceEqual(names))
        {
            throw new InvalidOperationException($"A chunk has the profile features {string.Join(", ", names)}, the first had {string.Join(", ", _names)}; chunks must come from one accounts table.");
        }

        var columns = _columns!;
        RowRanges.For(columns.Length, a.Count, (k, start, end) =>
        {
            var (column, cell) = (columns[k], cells[k]);
            for (var i = start; i < end; i++)
            {
                // Computed in double, rounded once to the table's 32 bits (FeatureTable); NaN stays NaN.
                column[rows is null ? i : rows[i]] = (float)cell(i);
            }
        });
    }

    /// <summary>Adds the written columns to a feature table (no copy).</summary>
    /// <param name="features">A table with as many rows as this writer.</param>
    public void AddTo(FeatureTable features)
    {
        ArgumentNullException.ThrowIfNull(features);
        for (var k = 0; k < (_names?.Length ?? 0); k++)
        {
            features.Add(_names![k], _columns![k]);
        }
    }

}
