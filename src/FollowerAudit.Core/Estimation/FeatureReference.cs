using System.Text.Json;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Estimation;

/// <summary>
/// What a model's training followers looked like, feature by feature: for each feature, bin edges and the share of
/// the training genuine and fake accounts in each bin (bin 0 holds missing values). <see cref="ModelFit"/> compares an
/// audited account's followers with it to say whether the model's measured error rates can be trusted on them.
/// Immutable.
/// </summary>
/// <param name="Features">One entry per model feature.</param>
/// <param name="Genuine">Genuine training accounts it was built from.</param>
/// <param name="Fake">Fake training accounts it was built from.</param>
/// <param name="Source">Where the training data came from, for the report.</param>
public sealed record FeatureReference(IReadOnlyList<FeatureBins> Features, int Genuine, int Fake, string Source)
{
    private const int Quantiles = 10;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    /// <summary>Builds the reference from labelled training features.</summary>
    /// <param name="features">The training features.</param>
    /// <param name="isFake">One label per row (<see langword="true"/> = fake).</param>
    /// <param name="names">The model's features, in model order.</param>
    /// <param name="source">Where the training data came from.</param>
    /// <returns>The reference.</returns>
    public static FeatureReference Build(FeatureTable features, IReadOnlyList<bool> isFake, IReadOnlyList<string> names, string source)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(isFake);
        ArgumentNullException.ThrowIfNull(names);
        if (isFake.Count != features.RowCount)
        {
            throw new ArgumentException($"{isFake.Count} labels for {features.RowCount} rows.", nameof(isFake));
        }

        var fakes = isFake.Count(f => f);
        var bins = new List<FeatureBins>(names.Count);
        foreach (var name in names)
        {
            var column = features.TryGet(name, out var v) ? v : null;
            var present = column is null ? [] : column.Where(x => !float.IsNaN(x)).Order().ToArray();
            var cuts = new List<double>();
            for (var q = 1; q < Quantiles && present.Length > 0; q++)
            {
                var cut = present[Math.Min(present.Length - 1, q * present.Length / Quantiles)];
                if (cuts.Count == 0 || cut > cuts[^1])
                {
                    cuts.Add(cut);
                }
            }

            var edges = new FeatureBins(name, cuts, [], []);
            var genuineCounts = new double[edges.BinCount];
            var fakeCounts = new double[edges.BinCount];
            for (var i = 0; i < features.RowCount; i++)
            {
                var bin = edges.BinOf(column is null ? float.NaN : column[i]);
                (isFake[i] ? fakeCounts : genuineCounts)[bin]++;
            }

            bins.Add(edges with { GenuineShares = Shares(genuineCounts), FakeShares = Shares(fakeCounts) });
        }

        return new FeatureReference(bins, features.RowCount - fakes, fakes, source);
    }

    /// <summary>Writes the reference as JSON.</summary>
    /// <param name="stream">The destination.</param>
    public void Save(Stream stream) => JsonSerializer.Serialize(stream, this, JsonOptions);

    /// <summary>Reads a reference written by <see cref="Save"/>.</summary>
    /// <param name="stream">The source.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="JsonException">The content is not a reference.</exception>
    public static FeatureReference Load(Stream stream) =>
        JsonSerializer.Deserialize<FeatureReference>(stream, JsonOptions) ?? throw new JsonException("Empty feature reference.");

    // Add-half smoothing: an empty training bin must not make the audited share's log-ratio infinite.
    private static double[] Shares(double[] counts)
    {
        var total = counts.Sum() + (0.5 * counts.Length);
        return [.. counts.Select(c => (c + 0.5) / total)];
    }
}

/// <summary>One feature's bins in a <see cref="FeatureReference"/>.</summary>
/// <param name="Name">The feature.</param>
/// <param name="Cuts">Ascending upper edges of the value bins; a value ≤ Cuts[j] (and above the previous cut) is in bin j + 1.</param>
/// <param name="GenuineShares">Share of genuine training accounts per bin (bin 0 = missing).</param>
/// <param name="FakeShares">Share of fake training accounts per bin (bin 0 = missing).</param>
public sealed record FeatureBins(string Name, IReadOnlyList<double> Cuts, IReadOnlyList<double> GenuineShares, IReadOnlyList<double> FakeShares)
{
    /// <summary>Number of bins: missing, then one more than the cuts.</summary>
    public int BinCount => Cuts.Count + 2;

    /// <summary>The bin of a value (0 for NaN).</summary>
    /// <param name="value">The feature value, as stored in a <see cref="FeatureTable"/> (32-bit).</param>
    /// <returns>The bin index.</returns>
    /// <remarks>
    /// Each cut is compared at the value's 32 bits: the cuts of a reference saved before features were stored as float
    /// are training values in double, and a follower whose value equals a cut must stay in that cut's bin, not move one
    /// bin up because its stored value was rounded upwards (discrete features such as handle entropy sit on the cuts).
    /// </remarks>
    public int BinOf(float value)
    {
        if (float.IsNaN(value))
        {
            return 0;
        }

        var bin = 1;
        while (bin - 1 < Cuts.Count && value > (float)Cuts[bin - 1])
        {
            bin++;
        }

        return bin;
    }
}
