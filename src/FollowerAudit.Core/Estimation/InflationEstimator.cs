using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Estimation;

/// <summary>
/// Turns follower scores and detector findings into an <see cref="InflationEstimate"/>. Followers inside detected
/// purchased batches count as fake; the rest count by the combined score, corrected for the scorer's measured error
/// rates when known (Rogan–Gladen), with a Wilson interval for the sampling error.
/// </summary>
public static class InflationEstimator
{
    /// <summary>Computes the estimate for one account.</summary>
    /// <param name="context">The scored context.</param>
    /// <param name="results">The detectors' results.</param>
    /// <returns>The estimate.</returns>
    public static InflationEstimate Estimate(AuditContext context, IReadOnlyList<DetectorResult> results)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(results);
        var slice = context.Slice;
        var scores = context.FollowerScores ?? throw new InvalidOperationException("Scores must be computed before the estimate.");
        var accounts = slice.Dataset.Accounts;

        var batchMembers = new HashSet<long>();
        foreach (var finding in results.SelectMany(r => r.Findings).Where(f => f.MarksFollowersAsFake))
        {
            batchMembers.UnionWith(finding.FollowerIds);
        }

        int inBatches = 0, flagged = 0, rest = 0, flaggedRest = 0;
        for (var i = 0; i < slice.Count; i++)
        {
            var isFlagged = scores.Scores[i] >= scores.Threshold;
            flagged += isFlagged ? 1 : 0;
            if (batchMembers.Contains(accounts.AccountId[slice.FollowerRows[i]]))
            {
                inBatches++;
            }
            else
            {
                rest++;
                flaggedRest += isFlagged ? 1 : 0;
            }
        }

        var publicCount = accounts.FollowersCount?[slice.AccountRow];
        var total = publicCount is { } pc && pc >= slice.TotalFollowersInData ? pc : slice.TotalFollowersInData;
        if (slice.Count == 0)
        {
            return new InflationEstimate(0, total, 0, 0, 1, 0, 0, "No followers in the data: nothing to estimate.");
        }

        // The audited followers are a sample of the account's followers whenever the data holds fewer than the public count.
        long? population = total > slice.Count ? total : null;
        var (lower, upper) = Proportions.Wilson(flaggedRest, rest, population);
        var share = rest == 0 ? 0 : (double)flaggedRest / rest;
        var method = $"Share of followers whose '{scores.Scorer}' score is at least {scores.Threshold:0.##}";
        if (scores.MeasuredErrorRates is { } rates && rates.Sensitivity + rates.Specificity > 1.05)
        {
            // Rogan–Gladen: true prevalence from the apparent one, given sensitivity and specificity. The interval comes
            // from a seeded parametric bootstrap over the apparent share and both error rates, so it carries their uncertainty.
            var rawUpper = upper;
            share = RoganGladen(share, rates.Sensitivity, rates.Specificity);
            (lower, upper) = RoganGladenInterval(flaggedRest, rest, population, rates, context.Options.Seed);

            // Fewer flags than the measured false-positive rate alone would give: the scorer is more specific on these
            // followers than where it was measured, the correction clamps at zero, and only the raw share still bounds it.
            if (rawUpper < 1 - rates.Specificity)
            {
                upper = Math.Max(upper, rawUpper);
            }
            method += rates.SensitivityRange is { } range
                ? $", corrected for its measured sensitivity {rates.Sensitivity:0.###} ({range.Low:0.###}–{range.High:0.###} across groups of fakes) and specificity {rates.Specificity:0.###}, measured by {rates.Source} (Rogan–Gladen; the interval allows any sensitivity in that range and includes the specificity's uncertainty)"
                : $", corrected for its measured sensitivity {rates.Sensitivity:0.###} and specificity {rates.Specificity:0.###}, measured by {rates.Source} (Rogan–Gladen; the interval includes their uncertainty)";
        }

        method += inBatches > 0 ? $"; the {inBatches:N0} followers in detected purchased batches count as fake." : ".";
        method += population is null ? " The interval covers the scorer's sampling error." : $" The interval includes the error of auditing {slice.Count:N0} of {total:N0} followers.";
        var n = (double)slice.Count;
        double Combine(double restShare) => Math.Clamp((inBatches + (restShare * rest)) / n, 0, 1);
        return new InflationEstimate(slice.Count, total, Combine(share), Combine(lower), Combine(upper), flagged, inBatches, method);
    }

    /// <summary>The Rogan–Gladen estimator: true prevalence from an apparent one, clamped to [0, 1].</summary>
    /// <param name="apparent">The share flagged by the scorer.</param>
    /// <param name="sensitivity">The scorer's true-positive rate.</param>
    /// <param name="specificity">The scorer's true-negative rate.</param>
    /// <returns>The corrected share.</returns>
    public static double RoganGladen(double apparent, double sensitivity, double specificity) =>
        Math.Clamp((apparent + specificity - 1) / (sensitivity + specificity - 1), 0, 1);

    private static (double Lower, double Upper) RoganGladenInterval(int flagged, int trials, long? population, ErrorRates rates, int seed)
    {
        const int Draws = 4000;
        var random = new Random(seed);
        var fpc = population is { } big && big > trials ? (big - trials) / (double)(big - 1) : population is null ? 1 : 0;

        // Beta posteriors under uniform priors; the finite-population correction shrinks the apparent share's spread.
        var apparent = new MathNet.Numerics.Distributions.Beta(flagged + 1, trials - flagged + 1, random);
        var positives = Math.Max(1, rates.Positives);
        var negatives = Math.Max(1, rates.Negatives);
        var sensitivity = new MathNet.Numerics.Distributions.Beta((rates.Sensitivity * positives) + 1, ((1 - rates.Sensitivity) * positives) + 1, random);
        var specificity = new MathNet.Numerics.Distributions.Beta((rates.Specificity * negatives) + 1, ((1 - rates.Specificity) * negatives) + 1, random);
        var centre = trials == 0 ? 0 : flagged / (double)trials;
        var draws = new double[Draws];
        for (var i = 0; i < Draws; i++)
        {
            var a = centre + ((apparent.Sample() - centre) * Math.Sqrt(fpc));
            // With a measured range across groups of fakes, the account's fakes may come from any mix of the groups.
            var se = rates.SensitivityRange is { } range ? range.Low + (random.NextDouble() * (range.High - range.Low)) : sensitivity.Sample();
            var sp = specificity.Sample();
            draws[i] = se + sp > 1 ? RoganGladen(a, se, sp) : a;
        }

        Array.Sort(draws);
        return (draws[(int)(0.025 * Draws)], draws[(int)(0.975 * Draws) - 1]);
    }
}
