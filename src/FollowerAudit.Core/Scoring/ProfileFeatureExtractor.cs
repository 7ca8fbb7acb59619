using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// <c>profile-features</c>: per-follower profile features (Cresci et al. 2015 "class A" features, account age,
/// activity, handle shape) computed from whatever account columns the data has; see <see cref="ProfileFeatureNames"/>.
/// </summary>
/// <remarks>
/// A feature whose source column is absent is not written (absent is not zero); a missing cell gives
/// <see cref="float.NaN"/>. Values are computed in double and stored as float (<see cref="FeatureTable"/>). Where the raw text is absent (privacy-stripped exports), the derived columns
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
        if (context.Slice.ProfileFeatures is { } computed)
        {
            // Computed while the followers' rows were read (AccountSlice.ProfileFeatures): the same columns, taken over.
            foreach (var name in computed.Names)
            {
                context.Features.Add(name, computed.TryGet(name, out var values) ? values : throw new InvalidOperationException(name));
            }

            return;
        }

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
        var writer = new ProfileFeatureWriter(a.Count, reference);
        writer.Write(a, null);
        writer.AddTo(features);
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

    internal static double AgeDays(DateTime? at, DateTime reference) =>
        at is { } t ? Math.Max(0, (reference - t).TotalDays) : double.NaN;
}
