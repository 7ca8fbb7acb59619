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

    /// <summary>Texts up to this length have their characters counted on the stack (<see cref="Entropy"/>).</summary>
    private const int ShortText = 128;

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

        var columns = names.Select(_ => new double[n]).ToArray();
        RowRanges.For(columns.Length, n, (k, start, end) =>
        {
            var (column, cell) = (columns[k], cells[k]);
            for (var i = start; i < end; i++)
            {
                column[i] = cell(i);
            }
        });
        for (var k = 0; k < columns.Length; k++)
        {
            features.Add(names[k], columns[k]);
        }
    }

    /// <summary>Words of a display name: runs of characters other than ' ' (what <c>Split(' ', RemoveEmptyEntries)</c> counts).</summary>
    /// <param name="text">The name.</param>
    /// <returns>The count.</returns>
    internal static int Words(string text)
    {
        var words = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != ' ' && (i == 0 || text[i - 1] == ' '))
            {
                words++;
            }
        }

        return words;
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

        // Counts per distinct character in order of first occurrence (the order the sum runs in): a short text (a
        // handle) is counted on the stack; a long one, which could hold thousands of distinct characters, by dictionary
        // (whose values enumerate in insertion order, the same order).
        if (text.Length > ShortText)
        {
            var byChar = new Dictionary<char, int>();
            foreach (var c in text)
            {
                byChar[c] = byChar.GetValueOrDefault(c) + 1;
            }

            return EntropyOf([.. byChar.Values], text.Length);
        }

        Span<char> distinct = stackalloc char[text.Length];
        Span<int> counts = stackalloc int[text.Length];
        var kinds = 0;
        foreach (var c in text)
        {
            var at = distinct[..kinds].IndexOf(c);
            if (at < 0)
            {
                distinct[kinds] = c;
                counts[kinds++] = 1;
            }
            else
            {
                counts[at]++;
            }
        }

        return EntropyOf(counts[..kinds], text.Length);
    }

    private static double EntropyOf(ReadOnlySpan<int> counts, int length)
    {
        var h = 0.0;
        foreach (var count in counts)
        {
            var p = count / (double)length;
            h -= p * Math.Log2(p);
        }

        return h;
    }

    private static double AgeDays(DateTime? at, DateTime reference) =>
        at is { } t ? Math.Max(0, (reference - t).TotalDays) : double.NaN;
}
