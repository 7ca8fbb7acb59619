using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using N = FollowerAudit.Core.Scoring.ProfileFeatureNames;

namespace FollowerAudit.Core.Tests.Scoring;

// The scorers read their points straight from the feature columns instead of building one array per follower; these
// check that every way of reading them gives the bits the row-building steps give.
public sealed class PointColumnsTests
{
    // Two log-scaled features (one with negatives), two plain ones, NaN in every column.
    private static readonly string[] Names = [N.Followers, N.HasBio, N.PostsPerDay, N.HandleLength];

    private static FeatureTable Table(int n, int seed)
    {
        var random = new Random(seed);
        var table = new FeatureTable(n);
        foreach (var name in Names)
        {
            table.Add(name, [.. Enumerable.Range(0, n).Select(_ => random.Next(12) == 0 ? float.NaN : (float)((random.NextDouble() * 2000) - 100))]);
        }

        return table;
    }

    private static double[][] Rows(FeatureTable table) =>
        FeatureMatrix.Rows(n => table.TryGet(n, out var v) ? Array.ConvertAll(v, x => (double)x) : throw new InvalidOperationException(n), Names, table.RowCount);

    // The rows imputed with their medians, and the same points read from the columns.
    private static (double[][] Rows, PointColumns Points) Imputed(FeatureTable table)
    {
        var rows = Rows(table);
        var medians = FeatureMatrix.Medians(rows, Names.Length);
        FeatureMatrix.Impute(rows, medians);
        return (rows, PointColumns.Of(table, Names).Imputed(medians));
    }

    [Test]
    public void Imputed_Standardised_Block_And_Flat_SameBitsAsTheRowSteps()
    {
        var table = Table(3000, seed: 1);
        var rows = Rows(table);
        var medians = FeatureMatrix.Medians(rows, Names.Length);
        var raw = PointColumns.Of(table, Names);

        Assert.That(FeatureMatrix.Medians(raw), Is.EqualTo(medians));

        FeatureMatrix.Impute(rows, medians);
        var imputed = raw.Imputed(medians);
        Assert.That(Enumerable.Range(0, rows.Length).Select(imputed.Row), Is.EqualTo(rows));

        var scales = FeatureMatrix.Scales(rows, Names.Length);
        FeatureMatrix.Standardise(rows, medians, scales);
        var standardised = imputed.Standardised(medians, scales);
        Assert.That(standardised.ToFlat(), Is.EqualTo(rows.SelectMany(r => r).ToArray()));
        var packed = standardised.ToPacked();
        Assert.That(Enumerable.Range(0, packed.Count).SelectMany(i => Enumerable.Range(0, packed.Dimensions).Select(j => packed.Value(i, j))), Is.EqualTo(rows.SelectMany(r => r).ToArray()));

        const int stride = 300;
        var block = new double[Names.Length * stride];
        standardised.CopyBlock(1000, 250, block, stride);
        for (var j = 0; j < Names.Length; j++)
        {
            Assert.That(block.AsSpan(j * stride, 250).ToArray(), Is.EqualTo(rows[1000..1250].Select(r => r[j]).ToArray()), $"column {j}");
        }
    }

    [Test]
    public void IsolationForest_OnColumns_SameForestAndScoresAsOnRows()
    {
        var (rows, points) = Imputed(Table(5000, seed: 2));
        var options = IsolationForestOptions.Default with { Seed = 4 };

        var fromRows = IsolationForest.Fit(rows, options);
        var fromColumns = IsolationForest.Fit(points, options);

        Assert.That(fromColumns.Score(points), Is.EqualTo(fromRows.Score(rows)));
        Assert.That(fromColumns.Score(rows), Is.EqualTo(fromRows.Score(rows)));
    }

    [Test]
    public void MeanDistance_OfFlatPoints_SameAsOfRows()
    {
        var (rows, imputed) = Imputed(Table(20_000, seed: 3));
        var medians = FeatureMatrix.Medians(rows, Names.Length);
        var scales = FeatureMatrix.Scales(rows, Names.Length);
        FeatureMatrix.Standardise(rows, medians, scales);
        var points = imputed.Standardised(medians, scales);

        var fromRows = ProjectionNeighbours.MeanDistance(rows, k: 10, seed: 7);
        var fromFlat = ProjectionNeighbours.MeanDistance(points.ToFlat(), points.Count, points.Dimensions, k: 10, seed: 7);
        var fromPacked = ProjectionNeighbours.MeanDistance(points.ToPacked(), k: 10, seed: 7);

        Assert.That(fromFlat, Is.EqualTo(fromRows));
        Assert.That(fromPacked, Is.EqualTo(fromRows));
        Assert.That(fromFlat, Has.All.GreaterThanOrEqualTo(0.0));
    }
}
