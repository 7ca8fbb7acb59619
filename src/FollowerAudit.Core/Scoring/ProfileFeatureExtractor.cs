using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using N = FollowerAudit.Core.Scoring.ProfileFeatureNames;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// <c>profile-features</c>: per-follower profile features (Cresci et al. 2015 "class A" features, account age,
/// activity, handle shape) computed from whatever account columns the data has; see <see cref="ProfileFeatureNames"/>.
/// </summary>
/// <remarks>
/// A feature whose source column is absent is not written (absent is not zero); a missing cell gives
/// <see cref="double.NaN"/>. Where the raw text is absent (privacy-stripped exports), the derived columns
/// (<see cref="AccountTable.HandleDigitShare"/>, <see cref="AccountTable.BioLength"/> …) are used instead.
/// Ages are measured from <see cref="AuditDataset.ReferenceTime"/>, never the wall clock.
/// </remarks>
public sealed class ProfileFeatureExtractor : IFeatureExtractor
{
    /// <summary>The extractor's name.</summary>
    public const string ExtractorName = "profile-features";

    /// <inheritdoc />
    public string Name => ExtractorName;

    /// <inheritdoc />
    public void Extract(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Compute(context.Slice.Followers, context.Slice.ReferenceTime, context.Features);
    }

    /// <summary>Computes the features of every row of an accounts table into <paramref name="features"/>.</summary>
    /// <param name="a">The accounts, one per feature row.</param>
    /// <param name="reference">The dataset's "now", from which ages are measured.</param>
    /// <param name="features">A table with <c>a.Count</c> rows; columns are added to it.</param>
    public static void Compute(AccountTable a, DateTime reference, FeatureTable features)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(features);
        var n = a.Count;

        void Add(string name, bool present, Func<int, double> value)
        {
            if (!present)
            {
                return;
            }

            var values = new double[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = value(i);
            }

            features.Add(name, values);
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
            a.DisplayName is { } d ? (d[r] is { } s ? s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length : double.NaN)
                : a.DisplayNameWords![r] is { } w ? w : double.NaN);
        Add(N.DisplayNameDigitShare, a.DisplayName is not null || a.DisplayNameDigitShare is not null, r =>
            a.DisplayName is { } d ? DigitShare(d[r]) : a.DisplayNameDigitShare![r] ?? double.NaN);
        Add(N.BioLength, a.Bio is not null || a.BioLength is not null, r =>
            a.Bio is { } b ? (b[r]?.Length ?? 0) : a.BioLength![r] is { } l ? l : double.NaN);
        Add(N.DefaultProfile, a.DefaultProfile is not null, r => Flag(a.DefaultProfile![r]));
        Add(N.Protected, a.Protected is not null, r => Flag(a.Protected![r]));
        Add(N.Verified, a.Verified is not null, r => Flag(a.Verified![r]));
        Add(N.DaysSinceLastPost, a.LastPostAt is not null, r => AgeDays(a.LastPostAt![r], reference));
    }

    /// <summary>Share of decimal digits in a text; NaN for null, 0 for empty.</summary>
    /// <param name="text">The text.</param>
    /// <returns>A share in [0, 1] or NaN.</returns>
    internal static double DigitShare(string? text)
    {
        if (text is null)
        {
            return double.NaN;
        }

        if (text.Length == 0)
        {
            return 0;
        }

        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        return digits / (double)text.Length;
    }

    /// <summary>Shannon entropy of the characters of a text in bits; NaN for null, 0 for empty.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The entropy.</returns>
    internal static double Entropy(string? text)
    {
        if (text is null)
        {
            return double.NaN;
        }

        if (text.Length == 0)
        {
            return 0;
        }

        var counts = new Dictionary<char, int>();
        foreach (var c in text)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        var h = 0.0;
        foreach (var count in counts.Values)
        {
            var p = count / (double)text.Length;
            h -= p * Math.Log2(p);
        }

        return h;
    }

    private static double AgeDays(DateTime? at, DateTime reference) =>
        at is { } t ? Math.Max(0, (reference - t).TotalDays) : double.NaN;
}
