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
    public static double Transform(string name, double value) =>
        LogScaled.Contains(name) ? Math.Log(1 + Math.Max(0, value)) : value;

    /// <summary>Builds transformed row vectors of <paramref name="names"/> (which must all be present).</summary>
    /// <param name="columns">Column lookup.</param>
    /// <param name="names">Features, in vector order.</param>
    /// <param name="rowCount">Rows.</param>
    /// <returns>One vector per row, NaN where unknown.</returns>
    public static double[][] Rows(Func<string, double[]> columns, IReadOnlyList<string> names, int rowCount)
    {
        var cols = names.Select(columns).ToArray();
        var rows = new double[rowCount][];
        for (var i = 0; i < rowCount; i++)
        {
            var v = new double[names.Count];
            for (var j = 0; j < names.Count; j++)
            {
                v[j] = Transform(names[j], cols[j][i]);
            }

            rows[i] = v;
        }

        return rows;
    }

    /// <summary>Per-column medians of transformed rows, ignoring NaN (0 for an all-NaN column).</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="dimensions">Columns.</param>
    /// <returns>The medians.</returns>
    public static double[] Medians(IReadOnlyList<double[]> rows, int dimensions)
    {
        var medians = new double[dimensions];
        for (var j = 0; j < dimensions; j++)
        {
            var values = rows.Select(r => r[j]).Where(v => !double.IsNaN(v)).Order().ToArray();
            medians[j] = values.Length == 0 ? 0 : values[values.Length / 2];
        }

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
        foreach (var r in rows)
        {
            for (var j = 0; j < r.Length; j++)
            {
                if (double.IsNaN(r[j]))
                {
                    r[j] = fill[j];
                }
            }
        }
    }

    /// <summary>Standardises rows in place: (x − center) / scale.</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="center">Centers.</param>
    /// <param name="scale">Scales.</param>
    public static void Standardise(IReadOnlyList<double[]> rows, double[] center, double[] scale)
    {
        foreach (var r in rows)
        {
            for (var j = 0; j < r.Length; j++)
            {
                r[j] = (r[j] - center[j]) / scale[j];
            }
        }
    }
}
