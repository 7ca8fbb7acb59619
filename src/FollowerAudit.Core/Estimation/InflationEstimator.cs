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
            // Rogan–Gladen: true prevalence from the apparent one, given sensitivity and specificity.
            double Correct(double apparent) => Math.Clamp((apparent + rates.Specificity - 1) / (rates.Sensitivity + rates.Specificity - 1), 0, 1);
            share = Correct(share);
            lower = Correct(lower);
            upper = Correct(upper);
            method += $", corrected for its measured sensitivity {rates.Sensitivity:0.###} and specificity {rates.Specificity:0.###} (Rogan–Gladen)";
        }

        method += inBatches > 0 ? $"; the {inBatches:N0} followers in detected purchased batches count as fake." : ".";
        method += population is null ? " The interval covers the scorer's sampling error." : $" The interval includes the error of auditing {slice.Count:N0} of {total:N0} followers.";
        var n = (double)slice.Count;
        double Combine(double restShare) => Math.Clamp((inBatches + (restShare * rest)) / n, 0, 1);
        return new InflationEstimate(slice.Count, total, Combine(share), Combine(lower), Combine(upper), flagged, inBatches, method);
    }
}
