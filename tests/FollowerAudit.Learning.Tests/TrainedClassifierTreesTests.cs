using FollowerAudit.Core.Model;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Learning.Tests.Evaluation;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests;

/// <summary>The flat trees must give what ML.NET gives: raw scores and feature contributions of every built-in model.</summary>
public sealed class TrainedClassifierTreesTests
{
    private static IEnumerable<string> Models => TrainedClassifier.BuiltInNames;

    private static float[][] Vectors(AuditDataset dataset, IReadOnlyList<int> rows, TrainedClassifier model)
    {
        var context = Evaluator.Prepare(dataset, rows, [new ProfileFeatureExtractor()]);
        return ClassifierData.Vectors(context.Features, model.Features, model.Metadata.Medians, model.Metadata.MissingValue);
    }

    private static void AssertSameAsMlNet(TrainedClassifier model, float[][] vectors)
    {
        var raw = model.RawScores(vectors);
        var reference = model.MlNetRawScores(vectors);
        // Contributions of the rows the scorer explains: the flagged ones (and a few hundred others, to cover more paths).
        var probabilities = model.Calibrate(raw);
        var explained = Enumerable.Range(0, vectors.Length).Where(i => probabilities[i] >= model.Metadata.Threshold || i % 50 == 0).ToArray();
        var subset = explained.Select(i => vectors[i]).ToArray();
        var contributions = model.Contributions(subset, 3);
        var referenceContributions = model.MlNetContributions(subset, 3);

        Assert.Multiple(() =>
        {
            Assert.That(raw, Is.EqualTo(reference).Within(1e-5f));
            Assert.That(explained, Has.Length.GreaterThan(20));
            for (var k = 0; k < subset.Length; k++)
            {
                Assert.That(contributions[k].Select(c => c.Feature), Is.EqualTo(referenceContributions[k].Select(c => c.Feature)), $"row {explained[k]}: features");
                Assert.That(contributions[k].Select(c => c.Contribution), Is.EqualTo(referenceContributions[k].Select(c => c.Contribution)).Within(1e-4f), $"row {explained[k]}: values");
            }
        });
    }

    [TestCaseSource(nameof(Models))]
    public void RawScoresAndContributions_Cresci_EqualMlNet(string name)
    {
        var dataset = RealData.Cresci();
        var model = TrainedClassifier.LoadBuiltIn(name);

        AssertSameAsMlNet(model, Vectors(dataset, ScoringContext.LabeledRows(dataset), model));
    }

    [TestCaseSource(nameof(Models))]
    public void RawScoresAndContributions_GeneratedFollowers_EqualMlNet(string name)
    {
        var world = SyntheticFollowers.World(seed: 5);
        var model = TrainedClassifier.LoadBuiltIn(name);

        AssertSameAsMlNet(model, Vectors(world.Dataset, [.. Enumerable.Range(0, Math.Min(20_000, world.Dataset.Accounts.Count))], model));
    }

    [Test]
    public void Load_EveryBuiltInModel_TreesExtracted()
    {
        Assert.That(Models.Select(n => TrainedClassifier.LoadBuiltIn(n).Trees?.TreeCount ?? 0), Is.All.GreaterThan(0));
    }
}
