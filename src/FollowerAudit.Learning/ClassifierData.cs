using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FollowerAudit.Learning;

/// <summary>Turns feature tables into ML.NET data views with a fixed-size <c>Features</c> vector and a bool <c>Label</c>.</summary>
internal static class ClassifierData
{
    public static SchemaDefinition Schema(int features)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return schema;
    }

    public static DataViewSchema Schema(MLContext ml, int features) =>
        ml.Data.LoadFromEnumerable(Array.Empty<Row>(), Schema(features)).Schema;

    /// <summary>
    /// The value that stands for "missing" in models trained with <see cref="TrainOptions.MissingAsMissing"/>. Every
    /// profile feature is ≥ 0, so a tree can split a missing value off from every present one (FastTree drops rows that
    /// hold NaN, so NaN itself cannot be used).
    /// </summary>
    public const float Missing = -1f;

    public static IDataView Load(MLContext ml, float[][] vectors, IReadOnlyList<bool>? labels, IReadOnlyList<double>? weights = null)
    {
        var rows = vectors.Select((v, i) => new Row { Features = v, Label = labels is not null && labels[i], Weight = weights is null ? 1f : (float)weights[i] }).ToArray();
        return ml.Data.LoadFromEnumerable(rows, Schema(vectors.Length == 0 ? 1 : vectors[0].Length));
    }

    /// <summary>
    /// Feature vectors in <paramref name="names"/> order. Absent columns and NaN cells take <paramref name="missing"/>
    /// when given (missing stays missing), else the median (models trained before missing values were first-class).
    /// </summary>
    public static float[][] Vectors(FeatureTable features, IReadOnlyList<string> names, IReadOnlyList<double> medians, double? missing = null) =>
        Vectors(features, names, medians, missing, 0, features.RowCount);

    /// <summary>The vectors of rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 only.</summary>
    public static float[][] Vectors(FeatureTable features, IReadOnlyList<string> names, IReadOnlyList<double> medians, double? missing, int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, features.RowCount - first);
        var columns = names.Select(n => features.TryGet(n, out var v) ? v : null).ToArray();
        var vectors = new float[count][];
        RowRanges.For(vectors.Length, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var v = new float[names.Count];
                for (var j = 0; j < v.Length; j++)
                {
                    // A stored feature is already 32-bit (FeatureTable), so the vector holds it unchanged.
                    var x = columns[j] is { } c ? c[first + i] : double.NaN;
                    v[j] = (float)(double.IsNaN(x) ? missing ?? medians[j] : x);
                }

                vectors[i] = v;
            }
        });
        return vectors;
    }

    /// <summary>Per-column medians of the present values (0 when none).</summary>
    public static double[] Medians(FeatureTable features, IReadOnlyList<string> names) =>
        [.. names.Select(n =>
        {
            var values = features.TryGet(n, out var v) ? v.Where(x => !float.IsNaN(x)).Order().ToArray() : [];
            return values.Length == 0 ? 0 : (double)values[values.Length / 2];
        })];

    internal sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];

        public float Weight { get; set; } = 1f;
    }
}

/// <summary>Platt scaling: p = 1 / (1 + exp(A·s + B)), fitted by Newton's method with Platt's smoothed targets.</summary>
internal static class Platt
{
    public static double Probability(double score, double a, double b)
    {
        var z = (a * score) + b;
        return z >= 0 ? Math.Exp(-z) / (1 + Math.Exp(-z)) : 1 / (1 + Math.Exp(z));
    }

    /// <summary>Fits A and B on scores and labels (Platt 1999; Lin, Lin and Weng 2007).</summary>
    public static (double A, double B) Fit(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, IReadOnlyList<double>? weights = null)
    {
        // Weights (e.g. one per population, so a large population does not set the calibration alone) scale each row's
        // share of the loss; they are normalised to sum to the number of rows.
        var w0 = weights is null ? null : Normalise(weights);
        double W(int i) => w0 is null ? 1 : w0[i];
        double positives = labels.Count(l => l), negatives = labels.Count - positives;
        var hi = (positives + 1) / (positives + 2);
        var lo = 1 / (negatives + 2);
        var t = labels.Select(l => l ? hi : lo).ToArray();
        double a = 0, b = Math.Log((negatives + 1) / (positives + 1));
        for (var iteration = 0; iteration < 100; iteration++)
        {
            // Gradient and Hessian of the cross-entropy in (A, B), with p = P(fake | s) = 1 / (1 + exp(A s + B)).
            double g1 = 0, g2 = 0, h11 = 1e-12, h22 = 1e-12, h21 = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var p = Probability(scores[i], a, b);
                var d = (t[i] - p) * W(i);
                var w = p * (1 - p) * W(i);
                g1 += scores[i] * d;
                g2 += d;
                h11 += scores[i] * scores[i] * w;
                h22 += w;
                h21 += scores[i] * w;
            }

            var det = (h11 * h22) - (h21 * h21);
            if (Math.Abs(det) < 1e-18)
            {
                break;
            }

            var da = -((h22 * g1) - (h21 * g2)) / det;
            var db = -((-h21 * g1) + (h11 * g2)) / det;

            // Backtracking line search (Lin, Lin and Weng's Algorithm 1): a full Newton step can overshoot and diverge
            // when the raw scores separate most of the data, which leaves a step function instead of a calibration.
            var loss = Loss(scores, t, a, b, w0);
            var descent = (g1 * da) + (g2 * db);
            var step = 1.0;
            while (step >= 1e-10 && Loss(scores, t, a + (step * da), b + (step * db), w0) > loss + (1e-4 * step * descent))
            {
                step /= 2;
            }

            if (step < 1e-10)
            {
                break;
            }

            a += step * da;
            b += step * db;
            if (Math.Abs(step * da) + Math.Abs(step * db) < 1e-9)
            {
                break;
            }
        }

        return (a, b);
    }

    /// <summary>Cross-entropy of the smoothed targets, computed without overflow for large |A·s + B|.</summary>
    private static double Loss(IReadOnlyList<double> scores, double[] targets, double a, double b, double[]? weights)
    {
        var loss = 0.0;
        for (var i = 0; i < scores.Count; i++)
        {
            var f = (a * scores[i]) + b;
            var l = f >= 0 ? (targets[i] * f) + Math.Log(1 + Math.Exp(-f)) : ((targets[i] - 1) * f) + Math.Log(1 + Math.Exp(f));
            loss += weights is null ? l : weights[i] * l;
        }

        return loss;
    }

    private static double[] Normalise(IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        return [.. weights.Select(w => w * weights.Count / sum)];
    }
}
