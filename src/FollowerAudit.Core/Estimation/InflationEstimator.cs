using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Estimation;

/// <summary>
/// Turns follower scores, detector findings and (when given) a labelled sample into an <see cref="InflationEstimate"/>.
/// Chooses the method: <see cref="LabelledSampleEstimator"/> when the account has labels, else
/// <see cref="LabelFreeEstimator"/>; and abstains when the scores cannot tell fake from genuine (no usable profile
/// columns, or scores that do not vary). Followers in detected purchased batches count as fake in the label-free
/// estimate, and as a score of 1 in the labelled one.
/// </summary>
public static class InflationEstimator
{
    /// <summary>Share of detected batch members the lower end of the label-free interval is sure are fake.</summary>
    public const double BatchPrecisionLowerBound = 0.95;

    /// <summary>Fewest followers for identical scores to mean that the data has no usable profile columns.</summary>
    public const int MinimumForConstantScores = 30;

    /// <summary>Stable method code when no share is estimated.</summary>
    public const string NoneCode = "none";

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
        var accounts = slice.Followers;

        var batchMembers = new HashSet<long>();
        foreach (var finding in results.SelectMany(r => r.Findings).Where(f => f.MarksFollowersAsFake))
        {
            batchMembers.UnionWith(finding.FollowerIds);
        }

        var inBatch = new bool[slice.Count];
        int inBatches = 0, flagged = 0, rest = 0, flaggedRest = 0;
        for (var i = 0; i < slice.Count; i++)
        {
            var isFlagged = scores.Scores[i] >= scores.Threshold;
            flagged += isFlagged ? 1 : 0;
            inBatch[i] = batchMembers.Contains(accounts.AccountId[i]);
            if (inBatch[i])
            {
                inBatches++;
            }
            else
            {
                rest++;
                flaggedRest += isFlagged ? 1 : 0;
            }
        }

        var publicCount = slice.PublicFollowersCount;
        var total = publicCount is { } pc && pc >= slice.TotalFollowersInData ? pc : slice.TotalFollowersInData;
        if (slice.Count == 0)
        {
            return new InflationEstimate(0, total, double.NaN, double.NaN, double.NaN, 0, 0, "No followers in the data: nothing to estimate.")
            {
                MethodCode = NoneCode,
                CannotEstimate = "the data holds no followers of this account",
            };
        }

        // The audited followers are a sample of the account's followers whenever the data holds fewer than the public count.
        long? population = total > slice.Count ? total : null;
        var fit = ModelFit.Assess(context.Features, scores.TrainingReference);
        var sampleNote = population is null ? "" : $" The interval includes the error of auditing {slice.Count:N0} of {total:N0} followers.";

        var labelFree = LabelFree(slice, scores, fit, population, flagged, inBatches, rest, flaggedRest, total, sampleNote);
        return context.Options.Labels.TryGetValue(slice.AccountId, out var labels)
            ? Labelled(slice, scores, inBatch, labels, population, fit, flagged, inBatches, total, sampleNote) with { LabelFreeAlternative = labelFree }
            : labelFree;
    }

    private static InflationEstimate LabelFree(AccountSlice slice, FollowerScores scores, ModelFit fit, long? population, int flagged, int inBatches, int rest, int flaggedRest, long total, string sampleNote)
    {
        if (CannotEstimate(scores, fit) is { } why)
        {
            return new InflationEstimate(slice.Count, total, double.NaN, double.NaN, double.NaN, flagged, inBatches,
                $"Cannot estimate the fake share from these columns: {why}. The verdict rests only on the follow-order evidence (batches, bursts, shared pools). Label a random sample of followers (followeraudit sample) and pass it with --labels to estimate it.")
            {
                MethodCode = NoneCode,
                CannotEstimate = why,
                Fit = fit,
            };
        }

        var cross = scores.CrossPopulationRates ?? ErrorRateBox.AcrossPopulations;
        var interval = LabelFreeEstimator.Estimate(flaggedRest, rest, population, scores.MeasuredErrorRates, fit, cross);
        var method = $"Label-free: the share of followers whose '{scores.Scorer}' score is at least {scores.Threshold:0.##}, corrected for the scorer's errors (Rogan–Gladen). ";
        method += scores.MeasuredErrorRates is { } rates
            ? $"Its sensitivity {rates.Sensitivity:0.###} and specificity {rates.Specificity:0.###} were measured by {rates.Source}; they hold only for followers like those. "
            : "The scorer has no measured error rates. ";
        method += scores.MeasuredErrorRates is null ? "The interval allows any error rates in the range seen across populations. " : fit.Describe(scores.MeasuredErrorRates.Source) + " ";
        method += inBatches > 0 ? $"The {inBatches:N0} followers in detected purchased batches count as fake." : "";
        method += sampleNote;

        // Batch members count as fake; the lower end allows a few of them to be genuine (the batch detectors' measured
        // precision is 0.97–1.00, docs/accuracy.md), so the interval does not claim more than the detectors can.
        var n = (double)slice.Count;
        double Combine(double restShare, double batchPrecision = 1) => Math.Clamp(((inBatches * batchPrecision) + (restShare * rest)) / n, 0, 1);
        return new InflationEstimate(slice.Count, total, Combine(interval.Share), Combine(interval.Lower, BatchPrecisionLowerBound), Combine(interval.Upper), flagged, inBatches, method.Trim())
        {
            MethodCode = LabelFreeEstimator.MethodCode,
            Fit = fit,
        };
    }

    /// <summary>The Rogan–Gladen estimator: true prevalence from an apparent one, clamped to [0, 1].</summary>
    /// <param name="apparent">The share flagged by the scorer.</param>
    /// <param name="sensitivity">The scorer's true-positive rate.</param>
    /// <param name="specificity">The scorer's true-negative rate.</param>
    /// <returns>The corrected share.</returns>
    public static double RoganGladen(double apparent, double sensitivity, double specificity) =>
        Math.Clamp((apparent + specificity - 1) / (sensitivity + specificity - 1), 0, 1);

    // Scores that cannot separate anything: no scorer, every follower the same score, or none of the model's features in the data.
    private static string? CannotEstimate(FollowerScores scores, ModelFit fit)
    {
        if (scores.Scorer == "none")
        {
            return "no follower scorer ran";
        }

        // A handful of followers may well score alike; hundreds that all score exactly alike mean no usable columns.
        if (scores.Scores.Length >= MinimumForConstantScores && scores.Scores.Max() - scores.Scores.Min() < 1e-9)
        {
            return "every follower got the same score, so the data has no profile columns the scorer can use";
        }

        return fit.Assessed && fit.MissingFeatures.Count > 0 && scores.TrainingReference is { } reference && fit.MissingFeatures.Count >= reference.Features.Count
            ? "the data has none of the profile columns the model uses"
            : null;
    }

    private static InflationEstimate Labelled(AccountSlice slice, FollowerScores scores, bool[] inBatch, FollowerLabels labels, long? population, ModelFit fit, int flagged, int inBatches, long total, string sampleNote)
    {
        var accounts = slice.Followers;
        var effective = new double[slice.Count];
        var labelled = new List<(int Index, bool IsFake)>();
        var unsure = 0;
        for (var i = 0; i < slice.Count; i++)
        {
            // A follower in a detected batch is the model's "fake" prediction; the labels correct it if it is wrong.
            effective[i] = inBatch[i] ? 1 : scores.Scores[i];
            if (labels.Labels.TryGetValue(accounts.AccountId[i], out var label))
            {
                if (label == FollowerLabel.Unsure)
                {
                    unsure++;
                }
                else
                {
                    labelled.Add((i, label == FollowerLabel.Fake));
                }
            }
        }

        var result = LabelledSampleEstimator.Estimate(effective, labelled, population);
        var by = string.IsNullOrWhiteSpace(labels.LabelledBy) ? "an unnamed labeller" : labels.LabelledBy;
        var method = $"Labelled sample: {result.Labelled:N0} randomly sampled followers were labelled by hand ({result.LabelledFake:N0} fake), by {by}, in {labels.Source}" +
            (unsure > 0 ? $"; {unsure:N0} labelled unsure were left out" : "") +
            $". The estimate combines those labels with the '{scores.Scorer}' score of all {slice.Count:N0} followers ({result.How}); the labels measure the model's errors on these very followers, so the interval holds whatever the model's quality, provided the sample was drawn at random." + sampleNote;
        return new InflationEstimate(slice.Count, total, result.Interval.Share, result.Interval.Lower, result.Interval.Upper, flagged, inBatches, method)
        {
            MethodCode = LabelledSampleEstimator.MethodCode,
            Fit = fit,
            LabelledSample = result,
            LabelledBy = labels.LabelledBy,
            LabelledUnsure = unsure,
        };
    }
}
