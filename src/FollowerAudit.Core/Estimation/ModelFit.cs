using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Estimation;

/// <summary>
/// How far one account's followers are from the data the model was trained and measured on. An audience that is all
/// genuine, or mostly fake, differs from a training set of both, so the followers are compared with the best-fitting
/// mix of the training genuine and fake accounts; what that mix cannot explain is the shift. The shift is the
/// population stability index (PSI) per feature, less its sampling noise, averaged over the model's features; a
/// feature the data lacks counts as fully shifted, because the model then sees a filled-in value.
/// </summary>
/// <param name="Assessed">Whether a comparison was possible (the model carries a <see cref="FeatureReference"/>).</param>
/// <param name="Shift">Mean residual PSI over the model's features, in [0, <see cref="MaxFeatureShift"/>].</param>
/// <param name="Widening">How far the error rates are widened towards the cross-population range, in [0, 1].</param>
/// <param name="MixtureFakeShare">Fake share of the best-fitting training mix, in [0, 1] (a rough, label-free cross-check).</param>
/// <param name="TopShifts">The features that differ most, largest first, with their residual PSI.</param>
/// <param name="MissingFeatures">Model features the data does not have.</param>
public sealed record ModelFit(bool Assessed, double Shift, double Widening, double MixtureFakeShare, IReadOnlyList<(string Feature, double Psi)> TopShifts, IReadOnlyList<string> MissingFeatures)
{
    /// <summary>Mean residual PSI at or below which the followers look like the training data (PSI convention: &lt; 0.1 is no real shift).</summary>
    public const double FitsBelow = 0.05;

    /// <summary>Mean residual PSI at or above which the model's measured error rates say nothing about these followers (PSI convention: &gt; 0.25 is a major shift).</summary>
    public const double UnknownAbove = 0.25;

    /// <summary>Cap of one feature's PSI, so one broken feature does not dominate the mean.</summary>
    public const double MaxFeatureShift = 1.0;

    private const int ShownShifts = 3;

    /// <summary>Whether the followers look like the model's training data.</summary>
    public bool Fits => Assessed && Widening <= 0;

    /// <summary>A fit that could not be assessed: the error rates are treated as unknown.</summary>
    public static ModelFit NotAssessed { get; } = new(false, double.NaN, 1, double.NaN, [], []);

    /// <summary>Compares the followers' features with the model's training reference.</summary>
    /// <param name="features">The audited followers' features.</param>
    /// <param name="reference">The model's training reference; <see langword="null"/> when the model has none.</param>
    /// <returns>The fit.</returns>
    public static ModelFit Assess(FeatureTable features, FeatureReference? reference)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (reference is null || reference.Features.Count == 0 || features.RowCount == 0)
        {
            return NotAssessed;
        }

        var n = features.RowCount;
        var observed = reference.Features.Select(f => ObservedShares(f, features)).ToArray();
        var missing = reference.Features.Where(f => !features.Contains(f.Name)).Select(f => f.Name).ToArray();

        // The best mix of training genuine and fake accounts: a grid is enough for one parameter, and has no local minima.
        var best = (Share: 0.0, Total: double.MaxValue);
        for (var step = 0; step <= 100; step++)
        {
            var t = step / 100.0;
            var total = reference.Features.Select((f, k) => Psi(observed[k], f, t, n)).Sum();
            if (total < best.Total)
            {
                best = (t, total);
            }
        }

        var shifts = reference.Features.Select((f, k) => (f.Name, Psi: Psi(observed[k], f, best.Share, n))).ToArray();
        var shift = shifts.Average(s => s.Psi);
        var widening = Math.Clamp((shift - FitsBelow) / (UnknownAbove - FitsBelow), 0, 1);
        var top = shifts.Where(s => s.Psi > FitsBelow).OrderByDescending(s => s.Psi).ThenBy(s => s.Name, StringComparer.Ordinal).Take(ShownShifts).ToArray();
        return new ModelFit(true, shift, widening, best.Share, top, missing);
    }

    /// <summary>One plain sentence on the fit, for the report.</summary>
    /// <param name="source">Where the model was trained, for the sentence.</param>
    /// <returns>The sentence.</returns>
    public string Describe(string source)
    {
        if (!Assessed)
        {
            return "The model carries no description of its training data, so whether it suits these followers is unknown; the interval allows the error rates seen on other populations.";
        }

        var differ = TopShifts.Count == 0 ? "" : " Features that differ most: " + string.Join(", ", TopShifts.Select(s => s.Feature + (MissingFeatures.Contains(s.Feature) ? " (absent from your data)" : ""))) + ".";
        return Fits
            ? $"These followers look like the model's training data ({source}; shift {Shift:0.00}, below {FitsBelow:0.00}), so its measured error rates are used."
            : $"These followers do not look like the model's training data ({source}; shift {Shift:0.00}, where {FitsBelow:0.00} fits and {UnknownAbove:0.00} means unknown), so the interval allows the error rates seen on other populations ({Widening:P0} of the way).{differ} To narrow it, label a random sample of followers (followeraudit sample) and pass it with --labels, or train a model on data like yours.";
    }

    private static double[] ObservedShares(FeatureBins bins, FeatureTable features)
    {
        var counts = new double[bins.BinCount];
        if (features.TryGet(bins.Name, out var column))
        {
            foreach (var x in column)
            {
                counts[bins.BinOf(x)]++;
            }
        }
        else
        {
            counts[0] = features.RowCount;
        }

        var total = counts.Sum() + (0.5 * counts.Length);
        return [.. counts.Select(c => (c + 0.5) / total)];
    }

    // PSI = Σ (a − e)·ln(a / e), less its expectation under no shift, about (bins − 1) / n for n followers.
    private static double Psi(double[] observed, FeatureBins bins, double fakeShare, int n)
    {
        var psi = 0.0;
        for (var b = 0; b < observed.Length; b++)
        {
            var expected = (fakeShare * bins.FakeShares[b]) + ((1 - fakeShare) * bins.GenuineShares[b]);
            psi += (observed[b] - expected) * Math.Log(observed[b] / expected);
        }

        return Math.Clamp(psi - ((observed.Length - 1) / (double)n), 0, MaxFeatureShift);
    }
}
