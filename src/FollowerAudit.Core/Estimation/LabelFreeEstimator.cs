using FollowerAudit.Core.Pipeline;
using MathNet.Numerics.Distributions;

namespace FollowerAudit.Core.Estimation;

/// <summary>
/// The fake share among followers without labels: the share the scorer flags, corrected for its error rates
/// (Rogan–Gladen), where the error rates are not taken as known. The interval allows every sensitivity and
/// specificity in a box: the rates measured on the training population (with their sampling uncertainty) when the
/// followers look like it (<see cref="ModelFit"/>), widened towards the range seen on other populations
/// (<see cref="ErrorRateBox"/>) as far as they do not. Partial identification: the bounds are the extremes of the
/// corrected share over the box.
/// </summary>
public static class LabelFreeEstimator
{
    /// <summary>Stable code of the method, for report.json.</summary>
    public const string MethodCode = "label-free-error-rate-bounds";

    /// <summary>Estimates the fake share of <paramref name="trials"/> followers of which <paramref name="flagged"/> were flagged.</summary>
    /// <param name="flagged">Followers at or above the scorer's threshold.</param>
    /// <param name="trials">Followers scored.</param>
    /// <param name="population">Followers the scored ones were sampled from, when they are a sample.</param>
    /// <param name="rates">The scorer's error rates measured on its training population, if known.</param>
    /// <param name="fit">How far the followers are from that population.</param>
    /// <param name="crossPopulation">The error rates seen on other populations.</param>
    /// <returns>The share with its 95% interval.</returns>
    public static ShareInterval Estimate(int flagged, int trials, long? population, ErrorRates? rates, ModelFit fit, ErrorRateBox crossPopulation)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(crossPopulation);
        ArgumentOutOfRangeException.ThrowIfNegative(flagged);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(flagged, trials);
        if (trials == 0)
        {
            return new ShareInterval(0, 0, 1);
        }

        var apparent = flagged / (double)trials;
        var (pLow, pHigh) = Proportions.Wilson(flagged, trials, population);
        if (rates is null)
        {
            // No measured rates at all: only the cross-population box constrains the correction.
            var unknown = crossPopulation with { SensitivityHigh = 1, SpecificityHigh = 1 };
            return Bounds(pLow, pHigh, unknown, apparent);
        }

        var inPopulation = ErrorRateBox.FromMeasured(rates);
        var box = inPopulation.WidenTowards(crossPopulation, fit.Widening);
        var point = InflationEstimator.RoganGladen(apparent, rates.Sensitivity, rates.Specificity);
        var result = Bounds(pLow, pHigh, box, point);

        // Fewer flags than the false-positive rate alone would give: the scorer is more specific on these followers
        // than where it was measured, the correction clamps at zero, and only the raw share still bounds it.
        return pHigh < 1 - rates.Specificity ? result with { Upper = Math.Max(result.Upper, pHigh) } : result;
    }

    private static ShareInterval Bounds(double pLow, double pHigh, ErrorRateBox box, double point)
    {
        // The corrected share falls as sensitivity rises and rises with specificity (while the apparent share lies
        // between the false-positive rate and the sensitivity), so its extremes sit at opposite corners of the box.
        var lower = Corrected(pLow, box.SensitivityHigh, box.SpecificityLow);
        var upper = Corrected(pHigh, box.SensitivityLow, box.SpecificityHigh);
        return new ShareInterval(Math.Clamp(point, lower, upper), lower, upper);
    }

    private static double Corrected(double apparent, double sensitivity, double specificity) =>
        sensitivity + specificity - 1 <= 0.01 ? (apparent > 0 ? 1 : 0) : InflationEstimator.RoganGladen(apparent, sensitivity, specificity);
}

/// <summary>A share with its 95% interval, all in [0, 1].</summary>
/// <param name="Share">Point estimate.</param>
/// <param name="Lower">Lower end.</param>
/// <param name="Upper">Upper end.</param>
public sealed record ShareInterval(double Share, double Lower, double Upper);

/// <summary>
/// A range of a scorer's sensitivity and specificity. Immutable.
/// </summary>
/// <param name="SensitivityLow">Lowest sensitivity allowed.</param>
/// <param name="SensitivityHigh">Highest sensitivity allowed.</param>
/// <param name="SpecificityLow">Lowest specificity allowed.</param>
/// <param name="SpecificityHigh">Highest specificity allowed.</param>
/// <param name="Source">Where the range comes from.</param>
public sealed record ErrorRateBox(double SensitivityLow, double SensitivityHigh, double SpecificityLow, double SpecificityHigh, string Source)
{
    /// <summary>
    /// The range of error rates measured when a model met a population it was not trained on (docs/accuracy.md,
    /// "Honest intervals and verdicts"): the Cresci-trained model caught 18% of the Kaggle Instagram fakes and 43% of
    /// the Purba fakes, and passed 84–86% of generated worlds' genuine followers; a Kaggle-trained model passed 63% of
    /// the Cresci E13 genuine accounts. Rounded outwards. Wide on purpose: without labels from the audited followers,
    /// nothing narrower is known about a model's errors on a new population.
    /// </summary>
    public static ErrorRateBox AcrossPopulations { get; } = new(0.15, 1, 0.60, 1, "the range measured when models met populations they were not trained on");

    /// <summary>The 95% range of rates measured on labelled data: Beta posteriors under uniform priors, and the measured ranges across groups (vendors, populations).</summary>
    /// <param name="rates">The measured rates.</param>
    /// <returns>The box.</returns>
    public static ErrorRateBox FromMeasured(ErrorRates rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        var (seLow, seHigh) = BetaRange(rates.Sensitivity, Math.Max(1, rates.Positives));
        var (spLow, spHigh) = BetaRange(rates.Specificity, Math.Max(1, rates.Negatives));
        if (rates.SensitivityRange is { } range)
        {
            seLow = Math.Min(seLow, range.Low);
            seHigh = Math.Max(seHigh, range.High);
        }

        if (rates.SpecificityRange is { } spRange)
        {
            spLow = Math.Min(spLow, spRange.Low);
            spHigh = Math.Max(spHigh, spRange.High);
        }

        return new ErrorRateBox(seLow, seHigh, spLow, spHigh, rates.Source);
    }

    /// <summary>This box moved a fraction of the way towards the union with another.</summary>
    /// <param name="wider">The other box.</param>
    /// <param name="fraction">0 keeps this box, 1 gives the union.</param>
    /// <returns>The widened box.</returns>
    public ErrorRateBox WidenTowards(ErrorRateBox wider, double fraction)
    {
        ArgumentNullException.ThrowIfNull(wider);
        var f = Math.Clamp(fraction, 0, 1);
        static double Lerp(double a, double b, double t) => a + ((b - a) * t);
        return new ErrorRateBox(
            Lerp(SensitivityLow, Math.Min(SensitivityLow, wider.SensitivityLow), f),
            Lerp(SensitivityHigh, Math.Max(SensitivityHigh, wider.SensitivityHigh), f),
            Lerp(SpecificityLow, Math.Min(SpecificityLow, wider.SpecificityLow), f),
            Lerp(SpecificityHigh, Math.Max(SpecificityHigh, wider.SpecificityHigh), f),
            f > 0 ? Source + ", widened towards " + wider.Source : Source);
    }

    private static (double Low, double High) BetaRange(double rate, int trials)
    {
        var beta = new Beta((rate * trials) + 1, ((1 - rate) * trials) + 1);
        return (beta.InverseCumulativeDistribution(0.025), beta.InverseCumulativeDistribution(0.975));
    }
}
