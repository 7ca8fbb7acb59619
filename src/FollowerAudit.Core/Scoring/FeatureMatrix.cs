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

    private static double Transform(bool logScaled, double value) => logScaled ? Math.Log(1 + Math.Max(0, value)) : value;

    /// <summary>Builds transformed row vectors of <paramref name="names"/> (which must all be present).</summary>
    /// <param name="columns">Column lookup.</param>
    /// <param name="names">Features, in vector order.</param>
    /// <param name="rowCount">Rows.</param>
    /// <returns>One vector per row, NaN where unknown.</returns>
    public static double[][] Rows(Func<string, double[]> columns, IReadOnlyList<string> names, int rowCount)
    {
        var cols = names.Select(columns).ToArray();
        var logScaled = names.Select(LogScaled.Contains).ToArray();
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
    public static double[] Medians(IReadOnlyList<double[]> rows, int dimensions)
    {
        var medians = new double[dimensions];
        Parallel.For(0, dimensions, j =>
        {
            var values = new double[rows.Count];
            var m = 0;
            for (var i = 0; i < values.Length; i++)
            {
                var v = rows[i][j];
                if (!double.IsNaN(v))
                {
                    values[m++] = v;
                }
            }

            medians[j] = m == 0 ? 0 : Selection.Select(values.AsSpan(0, m), m / 2);
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
