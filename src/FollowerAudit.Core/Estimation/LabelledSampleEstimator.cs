namespace FollowerAudit.Core.Estimation;

/// <summary>
/// The fake share from a labelled random sample of followers and the model's scores on all of them:
/// prediction-powered inference with the PPI++ weight (Angelopoulos et al., Science 2023; Angelopoulos, Duchi and
/// Zrnic 2023). Estimate = λ·mean(score over all followers) + mean(label − λ·score over the labelled ones). The labels
/// measure the model's bias on <em>these</em> followers, so the interval is valid whatever the model's quality; λ is
/// chosen from the data to minimise the variance, and λ = 0 is the labels alone, so it is never much worse than them.
/// </summary>
public static class LabelledSampleEstimator
{
    /// <summary>Stable code of the method, for report.json.</summary>
    public const string MethodCode = "labelled-sample-ppi";

    /// <summary>Fewest labelled fakes and genuine followers for the normal approximation; below it the labels-only Wilson interval is used.</summary>
    public const int MinimumPerClass = 5;

    /// <summary>Estimates the fake share.</summary>
    /// <param name="scores">Every audited follower's score in [0, 1] (the model's prediction of "fake").</param>
    /// <param name="labelled">Indexes into <paramref name="scores"/> of the labelled followers, with their labels (<see langword="true"/> = fake).</param>
    /// <param name="population">Followers the audited ones were sampled from, when they are a sample; else <see langword="null"/>.</param>
    /// <returns>The estimate.</returns>
    public static LabelledSampleResult Estimate(IReadOnlyList<double> scores, IReadOnlyList<(int Index, bool IsFake)> labelled, long? population)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labelled);
        var big = scores.Count;
        var n = labelled.Count;
        var fakes = labelled.Count(l => l.IsFake);
        if (n == 0)
        {
            return new LabelledSampleResult(new ShareInterval(0, 0, 1), 0, 0, 0, "no labelled followers");
        }

        if (n >= big && population is null)
        {
            // Every follower was labelled: the share is known exactly.
            var exact = fakes / (double)n;
            return new LabelledSampleResult(new ShareInterval(exact, exact, exact), n, fakes, 0, "every follower labelled");
        }

        var y = labelled.Select(l => l.IsFake ? 1.0 : 0.0).ToArray();
        var f = labelled.Select(l => scores[l.Index]).ToArray();
        var meanAll = scores.Average();
        var varAll = scores.Sum(s => (s - meanAll) * (s - meanAll)) / Math.Max(1, big - 1);

        // PPI++ weight for a mean: λ = Cov(Y, f) / ((1 + n/N)·Var(f)), kept in [0, 1].
        var meanY = y.Average();
        var meanF = f.Average();
        var cov = Enumerable.Range(0, n).Sum(i => (y[i] - meanY) * (f[i] - meanF)) / Math.Max(1, n - 1);
        var lambda = varAll <= 1e-12 ? 0 : Math.Clamp(cov / ((1 + (n / (double)big)) * varAll), 0, 1);

        var residual = Enumerable.Range(0, n).Select(i => y[i] - (lambda * f[i])).ToArray();
        var meanResidual = residual.Average();
        var varResidual = residual.Sum(r => (r - meanResidual) * (r - meanResidual)) / Math.Max(1, n - 1);
        var share = (lambda * meanAll) + meanResidual;

        // The labelled followers are drawn without replacement from the audited ones (finite-population correction);
        // the audited ones are themselves a sample when the account has more followers than the data holds.
        var labelledFpc = Math.Max(0, (big - n) / (double)Math.Max(1, big - 1));
        var auditedFpc = population is { } p && p > big ? (p - big) / (double)(p - 1) : 0;
        var variance = (varResidual / n * labelledFpc) + (lambda * lambda * varAll / big * auditedFpc);
        var half = Proportions.Z95 * Math.Sqrt(variance);
        var (wLow, wHigh) = Proportions.Wilson(fakes, n, population ?? big);
        if (fakes < MinimumPerClass || n - fakes < MinimumPerClass)
        {
            // Too few of one class for the normal approximation: the labels alone, with Wilson's interval.
            return new LabelledSampleResult(new ShareInterval(fakes / (double)n, wLow, wHigh), n, fakes, 0, $"fewer than {MinimumPerClass} labelled followers of one class, so the labels alone (Wilson interval)");
        }

        var lower = Math.Clamp(share - half, 0, 1);
        var upper = Math.Clamp(share + half, 0, 1);
        return new LabelledSampleResult(new ShareInterval(Math.Clamp(share, 0, 1), lower, upper), n, fakes, lambda, $"prediction-powered inference, weight λ = {lambda:0.00} on the model");
    }
}

/// <summary>The result of <see cref="LabelledSampleEstimator.Estimate"/>.</summary>
/// <param name="Interval">The fake share with its 95% interval.</param>
/// <param name="Labelled">Labelled followers used (genuine or fake).</param>
/// <param name="LabelledFake">Of them, labelled fake.</param>
/// <param name="Lambda">The PPI++ weight on the model's scores (0 = labels alone).</param>
/// <param name="How">How the interval was computed, in a few words.</param>
public sealed record LabelledSampleResult(ShareInterval Interval, int Labelled, int LabelledFake, double Lambda, string How);
