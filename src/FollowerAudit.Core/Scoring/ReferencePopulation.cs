using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// A population of genuine accounts, as raw profile-feature columns (no ids, names or text), that the novelty and
/// clone-density scorers compare followers against. <see cref="Default"/> is the one the tool ships: derived features
/// of the 1,481 genuine accounts of Cresci et al.'s E13 set (2015 Twitter, "publicly available for research
/// purposes"); docs/accuracy.md has the command that rebuilds it.
/// </summary>
/// <remarks>Immutable. Models fitted for a set of available features are cached per instance.</remarks>
public sealed class ReferencePopulation
{
    private static readonly Lazy<ReferencePopulation> DefaultPopulation = new(() =>
        Parse(new StringReader(GenuineReferenceData.Csv), "cresci2015 E13 genuine accounts (shipped reference)"));

    private readonly Dictionary<string, double[]> _columns;
    private readonly ConcurrentDictionary<string, ReferenceModel> _models = new(StringComparer.Ordinal);

    private ReferencePopulation(Dictionary<string, double[]> columns, int count, string source)
    {
        _columns = columns;
        Count = count;
        Source = source;
    }

    /// <summary>The shipped reference (Cresci 2015 E13 genuine accounts).</summary>
    public static ReferencePopulation Default => DefaultPopulation.Value;

    /// <summary>Number of accounts.</summary>
    public int Count { get; }

    /// <summary>Where it came from.</summary>
    public string Source { get; }

    /// <summary>Feature names it has.</summary>
    public IReadOnlyCollection<string> Features => _columns.Keys;

    /// <summary>Builds a reference from the unsupervised features of some rows of a feature table (e.g. the genuine training accounts of a fold).</summary>
    /// <param name="features">The feature table.</param>
    /// <param name="rows">Row indexes into <paramref name="features"/>.</param>
    /// <param name="source">Description.</param>
    /// <returns>The reference.</returns>
    public static ReferencePopulation FromFeatures(FeatureTable features, IReadOnlyList<int> rows, string source)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(rows);
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var name in FeatureMatrix.UnsupervisedFeatures)
        {
            if (features.TryGet(name, out var values))
            {
                columns[name] = [.. rows.Select(r => values[r])];
            }
        }

        return new ReferencePopulation(columns, rows.Count, source);
    }

    /// <summary>Reads the CSV written by <see cref="ToCsv"/> (header of feature names; empty cell = unknown).</summary>
    /// <param name="reader">The CSV.</param>
    /// <param name="source">Description.</param>
    /// <returns>The reference.</returns>
    public static ReferencePopulation Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = (reader.ReadLine() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var values = header.Select(_ => new List<double>()).ToArray();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            for (var j = 0; j < header.Length; j++)
            {
                values[j].Add(j < cells.Length && cells[j].Length > 0 ? double.Parse(cells[j], CultureInfo.InvariantCulture) : double.NaN);
            }
        }

        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var j = 0; j < header.Length; j++)
        {
            columns[header[j]] = [.. values[j]];
        }

        return new ReferencePopulation(columns, header.Length == 0 ? 0 : values[0].Count, source);
    }

    /// <summary>Writes the columns as CSV (values with 6 significant digits, invariant culture).</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv()
    {
        var names = FeatureMatrix.UnsupervisedFeatures.Where(_columns.ContainsKey).ToArray();
        var sb = new StringBuilder();
        sb.Append(string.Join(',', names)).Append('\n');
        for (var i = 0; i < Count; i++)
        {
            sb.Append(string.Join(',', names.Select(n => double.IsNaN(_columns[n][i]) ? "" : _columns[n][i].ToString("G6", CultureInfo.InvariantCulture)))).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The fitted model for the features available in a slice (cached).</summary>
    /// <param name="available">Feature table of the slice.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>The model, or null when the slice and the reference share no feature or the reference is too small.</returns>
    internal ReferenceModel? ModelFor(FeatureTable available, int seed)
    {
        var names = FeatureMatrix.UnsupervisedFeatures.Where(n => available.Contains(n) && _columns.ContainsKey(n)).ToArray();
        if (names.Length == 0 || Count < 20)
        {
            return null;
        }

        var key = string.Join('|', names) + "#" + seed.ToString(CultureInfo.InvariantCulture);
        return _models.GetOrAdd(key, _ => ReferenceModel.Fit(names, FeatureMatrix.Rows(n => _columns[n], names, Count), seed));
    }
}

/// <summary>
/// What the unsupervised scorers need from a reference for one feature set: imputation medians, robust scales, a
/// novelty forest fitted on one half and its score distribution on the other (held-out) half, and the reference's own
/// k-NN distance distribution.
/// </summary>
internal sealed class ReferenceModel
{
    public const int Neighbours = 10;

    private ReferenceModel(string[] names, double[] medians, double[] scales, IsolationForest forest, double[] heldOutForestScores, double[] knnDistances)
    {
        Names = names;
        Medians = medians;
        Scales = scales;
        Forest = forest;
        HeldOutForestScores = heldOutForestScores;
        KnnDistances = knnDistances;
    }

    public string[] Names { get; }

    public double[] Medians { get; }

    public double[] Scales { get; }

    public IsolationForest Forest { get; }

    /// <summary>Sorted novelty-forest scores of held-out genuine accounts.</summary>
    public double[] HeldOutForestScores { get; }

    /// <summary>Sorted mean k-NN distances of the genuine accounts among themselves (standardised space).</summary>
    public double[] KnnDistances { get; }

    public static ReferenceModel Fit(string[] names, double[][] rows, int seed)
    {
        var medians = FeatureMatrix.Medians(rows, names.Length);
        FeatureMatrix.Impute(rows, medians);
        var scales = FeatureMatrix.Scales(rows, names.Length);
        var order = Enumerable.Range(0, rows.Length).ToArray();
        new Random(seed).Shuffle(order);
        var half = order.Length / 2;
        var fitRows = order[..half].Select(i => rows[i]).ToArray();
        var heldOut = order[half..].Select(i => rows[i]).ToArray();
        var forest = IsolationForest.Fit(fitRows, IsolationForestOptions.Default with { Seed = seed });
        var heldOutScores = forest.Score(heldOut);
        Array.Sort(heldOutScores);
        var standardised = rows.Select(r => r.ToArray()).ToArray();
        FeatureMatrix.Standardise(standardised, medians, scales);
        var knn = ProjectionNeighbours.MeanDistance(standardised, Neighbours, seed);
        Array.Sort(knn);
        return new ReferenceModel(names, medians, scales, forest, heldOutScores, knn);
    }

    /// <summary>The slice's features as imputed (not standardised) points, read from the feature columns.</summary>
    public PointColumns Points(FeatureTable features) => PointColumns.Of(features, Names).Imputed(Medians);

    /// <summary>Share of sorted values strictly below x (the empirical CDF).</summary>
    public static double Below(double[] sorted, double x)
    {
        var lo = 0;
        var hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return sorted.Length == 0 ? 0 : lo / (double)sorted.Length;
    }
}
