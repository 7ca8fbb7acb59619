using System.Globalization;

namespace FollowerAudit.Core.Scoring;

/// <summary>Binary-classification metrics of one scorer on labeled accounts (fake = positive).</summary>
/// <param name="Name">The scorer's name (plus a suffix such as <c>(cv 10)</c> where useful).</param>
/// <param name="Precision">TP / (TP + FP); 0 when nothing was flagged.</param>
/// <param name="Recall">TP / (TP + FN) (sensitivity).</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Accuracy">(TP + TN) / all.</param>
/// <param name="Mcc">Matthews correlation coefficient in [-1, 1]; 0 when undefined.</param>
/// <param name="Auc">ROC AUC of the raw scores (ties count one half); NaN when one class is absent.</param>
/// <param name="Threshold">The flag threshold used (score ≥ threshold = fake).</param>
/// <param name="Positives">Number of fakes.</param>
/// <param name="Negatives">Number of genuine accounts.</param>
/// <param name="Specificity">TN / (TN + FP).</param>
public sealed record MetricsRow(
    string Name, double Precision, double Recall, double F1, double Accuracy, double Mcc, double Auc, double Threshold,
    int Positives, int Negatives, double Specificity)
{
    /// <summary>
    /// How the scores were obtained, e.g. <c>in-sample</c>, <c>cross-validated (10 folds)</c>,
    /// <c>out-of-population (trained on A + B)</c>, <c>label-free</c>; null when not stated.
    /// </summary>
    public string? Evaluation { get; init; }

    /// <summary>Points of the ROC curve (see <see cref="ClassificationMetrics.RocPoints"/>); null when not computed.</summary>
    public IReadOnlyList<RocPoint>? Roc { get; init; }

    /// <summary>One Markdown table row: name | precision | recall | F1 | accuracy | MCC | AUC | threshold.</summary>
    /// <returns>The row.</returns>
    public string ToMarkdown() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} | {Precision:0.000} | {Recall:0.000} | {F1:0.000} | {Accuracy:0.000} | {Mcc:0.000} | {Auc:0.000} | {Threshold:0.###} |");
}

/// <summary>One point of a ROC curve: flagging every score ≥ <paramref name="Threshold"/> gives these rates.</summary>
/// <param name="Threshold">The score threshold.</param>
/// <param name="FalsePositiveRate">Share of genuine accounts flagged, in [0, 1].</param>
/// <param name="TruePositiveRate">Share of fakes flagged (recall), in [0, 1].</param>
public readonly record struct RocPoint(double Threshold, double FalsePositiveRate, double TruePositiveRate);

/// <summary>Precision, recall, F1, accuracy, MCC and ROC AUC, computed exactly (no sampling).</summary>
public static class ClassificationMetrics
{
    /// <summary>
    /// The ROC curve at every distinct score (highest first), thinned to at most <paramref name="maxPoints"/> points
    /// spread evenly along it; the first point flags nothing above the top score's threshold and the last flags all.
    /// </summary>
    /// <param name="isFake">Labels.</param>
    /// <param name="scores">Scores; NaN counts as 0.</param>
    /// <param name="maxPoints">At most this many points (≥ 2).</param>
    /// <returns>Points ordered by rising false-positive rate; empty when a class is absent.</returns>
    public static IReadOnlyList<RocPoint> RocPoints(IReadOnlyList<bool> isFake, IReadOnlyList<double> scores, int maxPoints = 101)
    {
        ArgumentNullException.ThrowIfNull(isFake);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        var positives = isFake.Count(f => f);
        var negatives = isFake.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return [];
        }

        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => double.IsNaN(scores[i]) ? 0 : scores[i]).ToArray();
        var all = new List<RocPoint> { new(double.PositiveInfinity, 0, 0) };
        long tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            var score = double.IsNaN(scores[order[k]]) ? 0 : scores[order[k]];
            if (isFake[order[k]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            var next = k + 1 < order.Length ? (double.IsNaN(scores[order[k + 1]]) ? 0 : scores[order[k + 1]]) : double.NaN;
            if (next != score)
            {
                all.Add(new RocPoint(score, fp / (double)negatives, tp / (double)positives));
            }
        }

        if (all.Count <= maxPoints)
        {
            return all;
        }

        var step = (all.Count - 1) / (double)(maxPoints - 1);
        return [.. Enumerable.Range(0, maxPoints).Select(i => all[(int)Math.Round(i * step)])];
    }

    /// <summary>Computes all metrics of scores against labels.</summary>
    /// <param name="name">Row name.</param>
    /// <param name="isFake">True labels (fake = positive).</param>
    /// <param name="scores">Scores, higher = more likely fake; NaN scores count as 0.</param>
    /// <param name="threshold">Score at or above which an account is predicted fake.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public static MetricsRow Compute(string name, IReadOnlyList<bool> isFake, IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return Compute(name, isFake, scores, [.. scores.Select(s => (double.IsNaN(s) ? 0 : s) >= threshold)], threshold);
    }

    /// <summary>Computes all metrics from explicit decisions (e.g. per-fold thresholds) and the raw scores (for AUC).</summary>
    /// <param name="name">Row name.</param>
    /// <param name="isFake">True labels (fake = positive).</param>
    /// <param name="scores">Scores for the AUC.</param>
    /// <param name="predictedFake">The decisions.</param>
    /// <param name="threshold">The threshold to report.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public static MetricsRow Compute(string name, IReadOnlyList<bool> isFake, IReadOnlyList<double> scores, IReadOnlyList<bool> predictedFake, double threshold)
    {
        ArgumentNullException.ThrowIfNull(isFake);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(predictedFake);
        if (isFake.Count != scores.Count || isFake.Count != predictedFake.Count)
        {
            throw new ArgumentException($"{isFake.Count} labels but {scores.Count} scores and {predictedFake.Count} decisions.", nameof(scores));
        }

        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            var flagged = predictedFake[i];
            if (isFake[i])
            {
                if (flagged)
                {
                    tp++;
                }
                else
                {
                    fn++;
                }
            }
            else if (flagged)
            {
                fp++;
            }
            else
            {
                tn++;
            }
        }

        var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var accuracy = (tp + tn) / (double)Math.Max(1, tp + tn + fp + fn);
        var specificity = tn + fp == 0 ? 0 : tn / (double)(tn + fp);
        return new MetricsRow(name, precision, recall, f1, accuracy, Mcc(tp, fp, tn, fn), RocAuc(isFake, scores), threshold,
            (int)(tp + fn), (int)(tn + fp), specificity);
    }

    /// <summary>Matthews correlation coefficient from a confusion matrix; 0 when a margin is empty.</summary>
    /// <param name="tp">True positives.</param>
    /// <param name="fp">False positives.</param>
    /// <param name="tn">True negatives.</param>
    /// <param name="fn">False negatives.</param>
    /// <returns>MCC in [-1, 1].</returns>
    public static double Mcc(long tp, long fp, long tn, long fn)
    {
        var denominator = Math.Sqrt((double)(tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
        return denominator == 0 ? 0 : ((double)tp * tn - (double)fp * fn) / denominator;
    }

    /// <summary>
    /// ROC AUC = P(score of a random fake &gt; score of a random genuine) + ½ P(tie), via mid-ranks (Mann–Whitney U).
    /// </summary>
    /// <param name="isFake">Labels.</param>
    /// <param name="scores">Scores; NaN counts as 0.</param>
    /// <returns>AUC in [0, 1], or NaN when a class is absent.</returns>
    public static double RocAuc(IReadOnlyList<bool> isFake, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(isFake);
        ArgumentNullException.ThrowIfNull(scores);
        var n = scores.Count;
        var order = Enumerable.Range(0, n).ToArray();
        var keys = scores.Select(s => double.IsNaN(s) ? 0 : s).ToArray();
        Array.Sort(keys, order);
        double rankSumPositive = 0;
        long positives = 0;
        var i = 0;
        while (i < n)
        {
            var j = i;
            while (j + 1 < n && keys[j + 1] == keys[i])
            {
                j++;
            }

            var midRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                if (isFake[order[k]])
                {
                    rankSumPositive += midRank;
                    positives++;
                }
            }

            i = j + 1;
        }

        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
