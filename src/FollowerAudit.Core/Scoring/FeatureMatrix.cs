using FollowerAudit.Core.Pipeline;
using N = FollowerAudit.Core.Scoring.ProfileFeatureNames;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// Turns named feature columns into dense point vectors for the unsupervised scorers: a fixed list of simple
/// profile features, heavy-tailed counts as log(1 + x), flags as 0/1.
/// </summary>
internal static class FeatureMatrix
{
    /// <summary>The features the unsupervised scorers use, when present.</summary>
    public static readonly string[] UnsupervisedFeatures =
    [
        N.Followers, N.Following, N.Posts, N.ListedCount, N.LikesGiven, N.PostsPerDay, N.FollowingPerFollower,
        N.HasName, N.HasAvatar, N.HasBio, N.HasUrl, N.HasLocation, N.DefaultProfile, N.HandleLength, N.HandleDigitShare,
        N.BioLength, N.DisplayNameWords,
    ];

    private static readonly HashSet<string> LogScaled = new(StringComparer.Ordinal)
    {
        N.Followers, N.Following, N.Posts, N.ListedCount, N.LikesGiven, N.PostsPerDay, N.FollowingPerFollower, N.BioLength,
    };

    /// <summary>The transform applied to a raw value of a feature.</summary>
    /// <param name="name">Feature name.</param>
    /// <param name="value">Raw value.</param>
    /// <returns>Transformed value (NaN stays NaN).</returns>
    public static double Transform(string name, double value) => Transform(LogScaled.Contains(name), value);

    internal static double Transform(bool logScaled, double value) => logScaled ? Math.Log(1 + Math.Max(0, value)) : value;

    /// <summary>Whether each of <paramref name="names"/> is log-scaled by <see cref="Transform(string, double)"/>.</summary>
    /// <param name="names">Features.</param>
    /// <returns>One flag per name.</returns>
    internal static bool[] LogScaledFlags(IReadOnlyList<string> names) => [.. names.Select(LogScaled.Contains)];

    /// <summary>Builds transformed row vectors of <paramref name="names"/> (which must all be present).</summary>
    /// <param name="columns">Column lookup.</param>
    /// <param name="names">Features, in vector order.</param>
    /// <param name="rowCount">Rows.</param>
    /// <returns>One vector per row, NaN where unknown.</returns>
    public static double[][] Rows(Func<string, double[]> columns, IReadOnlyList<string> names, int rowCount)
    {
        var cols = names.Select(columns).ToArray();
        var logScaled = LogScaledFlags(names);
        var rows = new double[rowCount][];
        RowRanges.For(rowCount, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var v = new double[cols.Length];
                for (var j = 0; j < v.Length; j++)
                {
                    v[j] = Transform(logScaled[j], cols[j][i]);
                }

                rows[i] = v;
            }
        });
        return rows;
    }

    /// <summary>
    /// Per-column medians of transformed rows, ignoring NaN (0 for an all-NaN column): the element at index ⌊m / 2⌋ of
    /// the column's m known values in ascending order. Found by selection in linear expected time (columns in
    /// parallel): the value a sort gives (a sort may itself return −0 or +0 when both occur; they compare and impute
    /// alike).
    /// </summary>
    /// <param name="rows">Rows.</param>
    /// <param name="dimensions">Columns.</param>
    /// <returns>The medians.</returns>
    public static double[] Medians(IReadOnlyList<double[]> rows, int dimensions) =>
        Medians(rows.Count, dimensions, (i, j) => rows[i][j]);

    /// <summary>Per-column medians, as <see cref="Medians(IReadOnlyList{double[]}, int)"/>, of points read from their columns (no row copy).</summary>
    /// <param name="points">Points; their fill values are not applied (NaN is ignored).</param>
    /// <returns>The medians.</returns>
    public static double[] Medians(PointColumns points) =>
        Medians(points.Count, points.Dimensions, points.Transformed);

    private static double[] Medians(int count, int dimensions, Func<int, int, double> value)
    {
        var medians = new double[dimensions];
        // One buffer per worker, which takes every workers-th column (a buffer per column was d · n doubles of garbage).
        var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, dimensions));
        Parallel.For(0, workers, w =>
        {
            var values = new double[count];
            for (var j = w; j < dimensions; j += workers)
            {
                var m = 0;
                for (var i = 0; i < values.Length; i++)
                {
                    var v = value(i, j);
                    if (!double.IsNaN(v))
                    {
                        values[m++] = v;
                    }
                }

                medians[j] = m == 0 ? 0 : Selection.Select(values.AsSpan(0, m), m / 2);
            }
        });
        return medians;
    }

    /// <summary>Robust scales: IQR / 1.349, else the standard deviation, else 1.</summary>
    /// <param name="rows">Imputed rows.</param>
    /// <param name="dimensions">Columns.</param>
    /// <returns>Positive scales.</returns>
    public static double[] Scales(IReadOnlyList<double[]> rows, int dimensions)
    {
        var scales = new double[dimensions];
        for (var j = 0; j < dimensions; j++)
        {
            var values = rows.Select(r => r[j]).Order().ToArray();
            var iqr = values.Length == 0 ? 0 : values[(int)(0.75 * (values.Length - 1))] - values[(int)(0.25 * (values.Length - 1))];
            // The mean once per column: computed inside the lambda it made this O(n²) (seconds on a 10k-account reference).
            var mean = values.Length == 0 ? 0 : values.Average();
            var sd = values.Length < 2 ? 0 : Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Sum() / (values.Length - 1));
            scales[j] = iqr > 1e-9 ? iqr / 1.349 : sd > 1e-9 ? sd : 1;
        }

        return scales;
    }

    /// <summary>Replaces NaN by the fill value of its column, in place.</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="fill">Per-column fill values.</param>
    public static void Impute(IReadOnlyList<double[]> rows, double[] fill)
    {
        RowRanges.For(rows.Count, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var r = rows[i];
                for (var j = 0; j < r.Length; j++)
                {
                    if (double.IsNaN(r[j]))
                    {
                        r[j] = fill[j];
                    }
                }
            }
        });
    }

    /// <summary>Standardises rows in place: (x − center) / scale.</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="center">Centers.</param>
    /// <param name="scale">Scales.</param>
    public static void Standardise(IReadOnlyList<double[]> rows, double[] center, double[] scale)
    {
        RowRanges.For(rows.Count, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var r = rows[i];
                for (var j = 0; j < r.Length; j++)
                {
                    r[j] = (r[j] - center[j]) / scale[j];
                }
            }
        });
    }
}

/// <summary>
/// The points of <see cref="FeatureMatrix.Rows"/> without building them: each value is read from its feature column and
/// transformed, imputed (<see cref="FeatureMatrix.Impute"/>) and optionally standardised
/// (<see cref="FeatureMatrix.Standardise"/>) when it is read, by the same operations in the same order, so a point read
/// here has the same bits as the row those steps build. A million followers' rows cost 160 MB each time they were built
/// (one array per follower); this costs nothing but the feature columns the table already holds.
/// </summary>
internal sealed class PointColumns
{
    private readonly float[][] _columns;
    private readonly bool[] _logScaled;
    private readonly double[]? _fill;
    private readonly double[]? _center;
    private readonly double[]? _scale;

    private PointColumns(float[][] columns, bool[] logScaled, int count, double[]? fill, double[]? center, double[]? scale)
    {
        _columns = columns;
        _logScaled = logScaled;
        Count = count;
        _fill = fill;
        _center = center;
        _scale = scale;
    }

    /// <summary>Number of points (rows).</summary>
    public int Count { get; }

    /// <summary>Values per point.</summary>
    public int Dimensions => _columns.Length;

    /// <summary>The transformed, not yet imputed points of <paramref name="names"/> (all present) in a feature table.</summary>
    /// <param name="features">The table.</param>
    /// <param name="names">Features, in point order.</param>
    /// <returns>The points.</returns>
    public static PointColumns Of(FeatureTable features, IReadOnlyList<string> names) =>
        new([.. names.Select(n => features.TryGet(n, out var v) ? v : throw new InvalidOperationException(n))], FeatureMatrix.LogScaledFlags(names), features.RowCount, null, null, null);

    /// <summary>The same points with NaN replaced by the fill value of its column.</summary>
    /// <param name="fill">Per-column fill values.</param>
    /// <returns>The imputed points.</returns>
    public PointColumns Imputed(double[] fill) => new(_columns, _logScaled, Count, fill, null, null);

    /// <summary>The same (imputed) points standardised: (x − center) / scale.</summary>
    /// <param name="center">Centers.</param>
    /// <param name="scale">Scales.</param>
    /// <returns>The standardised points.</returns>
    public PointColumns Standardised(double[] center, double[] scale) => new(_columns, _logScaled, Count, _fill, center, scale);

    /// <summary>Value j of point i, transformed only (NaN where unknown).</summary>
    /// <param name="i">Point.</param>
    /// <param name="j">Column.</param>
    /// <returns>The transformed value.</returns>
    public double Transformed(int i, int j) => FeatureMatrix.Transform(_logScaled[j], _columns[j][i]);

    /// <summary>Value j of point i: transformed, then imputed and standardised when this view does.</summary>
    /// <param name="i">Point.</param>
    /// <param name="j">Column.</param>
    /// <returns>The value.</returns>
    public double Value(int i, int j) => ValueOf(j, _columns[j][i]);

    /// <summary>The value of column j for a raw feature value: transformed, then imputed and standardised when this view does.</summary>
    /// <param name="j">Column.</param>
    /// <param name="raw">Raw feature value.</param>
    /// <returns>The value.</returns>
    public double ValueOf(int j, double raw)
    {
        var v = FeatureMatrix.Transform(_logScaled[j], raw);
        if (_fill is not null && double.IsNaN(v))
        {
            v = _fill[j];
        }

        return _center is null ? v : (v - _center[j]) / _scale![j];
    }

    /// <summary>Copies point i into <paramref name="destination"/> (length ≥ <see cref="Dimensions"/>).</summary>
    /// <param name="i">Point.</param>
    /// <param name="destination">Receives the values.</param>
    public void CopyRow(int i, Span<double> destination)
    {
        for (var j = 0; j < _columns.Length; j++)
        {
            destination[j] = Value(i, j);
        }
    }

    /// <summary>Point i as a new array.</summary>
    /// <param name="i">Point.</param>
    /// <returns>The values.</returns>
    public double[] Row(int i)
    {
        var row = new double[Dimensions];
        CopyRow(i, row);
        return row;
    }

    /// <summary>
    /// Copies points start..start+count−1 column-major into <paramref name="destination"/>: value j of point start + i at
    /// j · <paramref name="stride"/> + i.
    /// </summary>
    /// <param name="start">First point.</param>
    /// <param name="count">Points (≤ stride).</param>
    /// <param name="destination">Receives the values.</param>
    /// <param name="stride">Distance between two columns in <paramref name="destination"/>.</param>
    public void CopyBlock(int start, int count, Span<double> destination, int stride)
    {
        for (var j = 0; j < _columns.Length; j++)
        {
            var column = destination.Slice(j * stride, count);
            for (var i = 0; i < count; i++)
            {
                column[i] = Value(start + i, j);
            }
        }
    }

    /// <summary>Every point, packed (<see cref="PackedPoints"/>): the same bits as <see cref="ToFlat"/>, in a fraction of the memory.</summary>
    /// <returns>The packed points.</returns>
    public PackedPoints ToPacked() => PackedPoints.Pack(Count, Dimensions, (i, j) => _columns[j][i], ValueOf);

    /// <summary>Every point, row-major in one array (n · d values, no per-point object).</summary>
    /// <returns>The values.</returns>
    public double[] ToFlat()
    {
        var d = Dimensions;
        var flat = new double[(long)Count * d];
        RowRanges.For(Count, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                CopyRow(i, flat.AsSpan(i * d, d));
            }
        });
        return flat;
    }
}
