using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class IsolationForestTests
{
    private static double[][] Cloud(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() })];
    }

    [Test]
    public void Score_PlantedOutliers_ScoreHigherThanInliers()
    {
        var points = Cloud(500, 1).Concat([[5.0, 5.0, 5.0], [-4.0, 0.5, 0.5]]).ToArray();

        var scores = IsolationForest.Fit(points).Score(points);

        Assert.Multiple(() =>
        {
            Assert.That(scores[500], Is.GreaterThan(scores.Take(500).Max()));
            Assert.That(scores[501], Is.GreaterThan(scores.Take(500).Max()));
            Assert.That(scores[500], Is.GreaterThan(0.6));
        });
    }

    [Test]
    public void Fit_SameSeed_SameScores_DifferentSeed_DifferentScores()
    {
        var points = Cloud(300, 2);

        var a = IsolationForest.Fit(points, IsolationForestOptions.Default with { Seed = 5 }).Score(points);
        var b = IsolationForest.Fit(points, IsolationForestOptions.Default with { Seed = 5 }).Score(points);
        var c = IsolationForest.Fit(points, IsolationForestOptions.Default with { Seed = 6 }).Score(points);

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a, Is.Not.EqualTo(c));
        });
    }

    [Test]
    public void Score_ManyPointsInBlocks_EqualsScoringEachPointAlone()
    {
        // 1,000 points: several blocks and a partial one; a few NaN values go right at every split, as one at a time.
        var points = Cloud(1000, 4);
        points[17][1] = double.NaN;
        points[640][0] = double.NaN;
        var forest = IsolationForest.Fit(Cloud(400, 5), IsolationForestOptions.Default with { Seed = 9 });

        var together = forest.Score(points);

        Assert.That(together, Is.EqualTo(points.Select(p => forest.Score(p)).ToArray()));
    }

    [Test]
    public void Score_SingleTree_EqualsScoringEachPointAlone()
    {
        var points = Cloud(700, 6);
        var forest = IsolationForest.Fit(points, IsolationForestOptions.Default with { Trees = 1, Seed = 3 });

        var together = forest.Score(points);

        Assert.Multiple(() =>
        {
            Assert.That(together, Is.EqualTo(points.Select(p => forest.Score(p)).ToArray()));
            Assert.That(together.Distinct().Count(), Is.GreaterThan(5));
        });
    }

    [Test]
    public void Score_IdenticalPoints_DepthZeroTreesScoreOneHalf()
    {
        // Nothing to split: every tree is a single leaf of ψ points, path length c(ψ), so s = 2^(−c(ψ)/c(ψ)) = 0.5 for any point.
        var points = Enumerable.Range(0, 300).Select(_ => new[] { 1.0, 2.0 }).ToArray();
        var forest = IsolationForest.Fit(points, IsolationForestOptions.Default with { Trees = 7 });

        var scores = forest.Score([.. points, [5.0, -3.0], [double.NaN, 2.0]]);

        Assert.That(scores, Is.All.EqualTo(0.5));
    }

    [Test]
    public void Score_MixedDepthTrees_EqualsScoringEachPointAlone()
    {
        // Half the points are copies of one point: some trees isolate them early and stop, others grow to the height limit.
        var points = Cloud(600, 8).Select((p, i) => i % 2 == 0 ? [0.5, 0.5, 0.5] : p).ToArray();
        var forest = IsolationForest.Fit(points, IsolationForestOptions.Default with { Seed = 11 });

        Assert.That(forest.Score(points), Is.EqualTo(points.Select(p => forest.Score(p)).ToArray()));
    }

    [TestCase(1, 0.0)]
    [TestCase(2, 1.0)]
    [TestCase(256, 10.244770920672)]
    public void AveragePathLength_KnownValues(int n, double expected) =>
        // c(256) = 2(ln 255 + γ) − 2·255/256 = 2·(5.541263545 + 0.577215665) − 1.9921875.
        Assert.That(IsolationForest.AveragePathLength(n), Is.EqualTo(expected).Within(1e-6));

    [Test]
    public void Fit_SmallSample_UsesAllPoints()
    {
        var forest = IsolationForest.Fit(Cloud(50, 3));

        Assert.That(forest.SubsampleSize, Is.EqualTo(50));
    }
}
