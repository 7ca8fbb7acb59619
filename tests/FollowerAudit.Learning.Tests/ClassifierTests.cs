using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests;

public sealed class ClassifierTests
{
    // 120 genuine (rich, balanced profiles) and 120 fake (thin mass-followers), with some noise.
    private static AuditDataset Labeled(int seed = 3)
    {
        var random = new Random(seed);
        var builder = new GraphBuilder();
        for (var i = 0; i < 240; i++)
        {
            var fake = i % 2 == 1;
            var noisy = random.NextDouble() < 0.1;
            var looksFake = fake ^ noisy;
            builder.Account(i + 1,
                ("Label", fake ? AccountLabel.Fake : AccountLabel.Genuine),
                ("FollowersCount", looksFake ? (long)random.Next(0, 40) : (long)random.Next(50, 5000)),
                ("FollowingCount", looksFake ? (long)random.Next(200, 2000) : (long)random.Next(20, 800)),
                ("PostsCount", looksFake ? (long)random.Next(0, 30) : (long)random.Next(100, 20000)),
                ("ListedCount", looksFake ? 0L : (long)random.Next(0, 30)),
                ("HasAvatar", !looksFake || random.NextDouble() < 0.5),
                ("Bio", looksFake ? "" : "about me"));
        }

        return builder.Build(GraphBuilder.Utc(2024, 1, 1));
    }

    private static readonly TrainOptions Fast = TrainOptions.Default with { Trees = 20, MinimumExamplesPerLeaf = 5, CalibrationFolds = 3 };

    [Test]
    public void Train_SeparableData_HighCvAucAndCalibratedScores()
    {
        var model = ClassifierTrainer.Train(Labeled(), Fast);

        Assert.Multiple(() =>
        {
            Assert.That(model.Metadata.Auc, Is.GreaterThan(0.85));
            Assert.That(model.Metadata.PlattA, Is.LessThan(0), "higher raw score must mean more likely fake");
            Assert.That(model.ErrorRates.Positives, Is.EqualTo(120));
            Assert.That(model.Features, Does.Contain(ProfileFeatureNames.FollowingPerFollowerSquared));
        });
    }

    [Test]
    public void SaveLoad_RoundTrip_SameScores()
    {
        var dataset = Labeled();
        var model = ClassifierTrainer.Train(dataset, Fast);
        var path = TestTemp.NewFile("model.zip");
        try
        {
            model.Save(path);
            var loaded = TrainedClassifier.Load(path);
            var context = Evaluator.Prepare(dataset, ScoringContext.LabeledRows(dataset), [new ProfileFeatureExtractor()]);

            var before = new TrainedClassifierScorer(model).Score(context);
            var after = new TrainedClassifierScorer(loaded).Score(context);

            Assert.Multiple(() =>
            {
                Assert.That(after.Scores, Is.EqualTo(before.Scores).Within(1e-6));
                Assert.That(after.MeasuredErrorRates, Is.EqualTo(before.MeasuredErrorRates));
                Assert.That(after.Reasons!.Where((_, i) => after.Scores[i] >= after.Threshold), Has.Some.Not.Empty);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Train_SameSeed_SameModel()
    {
        var a = ClassifierTrainer.Train(Labeled(), Fast);
        var b = ClassifierTrainer.Train(Labeled(), Fast);

        Assert.That(a.Metadata, Is.EqualTo(b.Metadata).Using<ClassifierMetadata>((x, y) =>
            x.PlattA == y.PlattA && x.PlattB == y.PlattB && x.Auc == y.Auc));
    }

    [Test]
    public void Load_NotAModel_ThrowsInputDataException()
    {
        var path = TestTemp.NewFile("junk.zip");
        File.WriteAllText(path, "not a zip");
        try
        {
            var ex = Assert.Throws<InputDataException>(() => TrainedClassifier.Load(path));
            Assert.That(ex!.Message, Does.Contain("not a FollowerAudit classifier model"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void UseTrainedClassifier_DefaultModel_ScoresWithErrorRates()
    {
        var dataset = Labeled();
        var pipeline = new AuditPipelineBuilder().UseTrainedClassifier().Build();

        var report = Evaluator.Evaluate(dataset, pipeline, "synthetic");
        var scores = pipeline.Scorers[0].Score(Evaluator.Prepare(dataset, [0, 1], pipeline.FeatureExtractors));

        Assert.Multiple(() =>
        {
            Assert.That(report.Scorers.Single().Name, Is.EqualTo("classifier"));
            Assert.That(scores.MeasuredErrorRates!.Source, Does.Contain("leave-one-population-out").And.Contain("instagram-purba2020"));
        });
    }

    [Test]
    public void Score_InSmallBlocks_SameScoresAndReasonsAsInOneBlock()
    {
        // 240 followers in blocks of 7 (the last one short) against one block: every follower's score and reasons
        // come from its own vector only.
        var dataset = Labeled();
        var model = TrainedClassifier.LoadDefault();
        var context = Evaluator.Prepare(dataset, [.. Enumerable.Range(0, dataset.Accounts.Count)], [new ProfileFeatureExtractor()]);

        var whole = new TrainedClassifierScorer(model) { BlockSize = int.MaxValue }.Score(context);
        var blocks = new TrainedClassifierScorer(model) { BlockSize = 7 }.Score(context);

        Assert.Multiple(() =>
        {
            Assert.That(blocks.Scores, Is.EqualTo(whole.Scores));
            Assert.That(blocks.Reasons, Is.EqualTo(whole.Reasons));
            Assert.That(whole.Reasons!.Count(r => r.Length > 0), Is.InRange(20, 220), "some followers flagged, with reasons");
        });
    }

    [Test]
    public void Train_WithFakeGroups_RecordsSensitivityPerGroupAndItsRange()
    {
        var dataset = Labeled();
        var groups = Enumerable.Range(1, 240).Where(id => id % 2 == 0).ToDictionary(id => (long)id, id => id % 4 == 0 ? "vendor-a" : "vendor-b");

        var model = ClassifierTrainer.Train(dataset, Fast, groups);

        var recorded = model.Metadata.FakeGroups!;
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Select(g => g.Group), Is.EqualTo(new[] { "vendor-a", "vendor-b" }));
            Assert.That(recorded.Sum(g => g.Fakes), Is.EqualTo(120));
            Assert.That(model.ErrorRates.SensitivityRange, Is.EqualTo((recorded.Min(g => g.Sensitivity), recorded.Max(g => g.Sensitivity))));
            Assert.That(ClassifierTrainer.Train(dataset, Fast).ErrorRates.SensitivityRange, Is.Null, "no groups, no range");
        });
    }

    [Test]
    public void LoadFileOrBuiltIn_BuiltInNames_LoadTheShippedModels()
    {
        var synthetic = TrainedClassifier.LoadFileOrBuiltIn(TrainedClassifier.SyntheticName);
        var cresci = TrainedClassifier.LoadFileOrBuiltIn(TrainedClassifier.CresciName);

        Assert.Multiple(() =>
        {
            Assert.That(cresci.Metadata.TrainingSource, Does.Contain("cresci2015"));
            Assert.That(synthetic.Features, Does.Not.Contain(ProfileFeatureNames.AccountAgeDays), "the synthetic model leaves out creation-time features");
            Assert.That(synthetic.ErrorRates.SensitivityRange, Is.Not.Null, "trained with --truth: per-vendor sensitivities");
        });
    }

    [Test]
    public void LoadDefault_PortableModel_RecordsLeaveOnePopulationOutRatesPerPopulation()
    {
        var model = TrainedClassifier.LoadDefault();
        var populations = model.Metadata.Populations;

        Assert.Multiple(() =>
        {
            Assert.That(populations?.Select(p => p.Population), Is.EqualTo(new[] { "cresci-2015", "instagram-kaggle", "instagram-purba2020" }));
            Assert.That(model.Features, Is.EquivalentTo(ProfileFeatureNames.Portable));
            Assert.That(model.Metadata.MissingValue, Is.EqualTo(-1));
            Assert.That(model.Metadata.ThresholdRule, Does.Contain("Youden"));
            Assert.That(model.ErrorRates.Source, Does.Contain("leave-one-population-out"));
            Assert.That(model.ErrorRates.Sensitivity, Is.EqualTo(populations!.Average(p => p.Sensitivity)).Within(1e-12));
            Assert.That(model.ErrorRates.SensitivityRange, Is.EqualTo((populations!.Min(p => p.Sensitivity), populations!.Max(p => p.Sensitivity))));
            Assert.That(populations!.Sum(p => p.Positives), Is.EqualTo(model.Metadata.Positives));
        });
    }

    [Test]
    public void Train_ThreePopulations_ThresholdOutOfPopulationAndRatesPerPopulation()
    {
        AuditDataset[] sets = [Labeled(3), Labeled(4), Labeled(5)];
        LabeledPopulation[] populations = [new("a", sets[0]), new("b", sets[1]), new("c", sets[2])];
        var options = TrainOptions.Portable with { Trees = 20, MinimumExamplesPerLeaf = 5, CalibrationFolds = 3 };

        var model = ClassifierTrainer.Train(populations, options);
        var again = ClassifierTrainer.Train(populations, options);
        var context = Evaluator.Prepare(sets[0], ScoringContext.LabeledRows(sets[0]), [new ProfileFeatureExtractor()]);

        Assert.Multiple(() =>
        {
            Assert.That(model.Metadata.Populations?.Select(p => p.Population), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(model.Metadata.Populations!.Select(p => p.Positives), Is.All.EqualTo(120));
            Assert.That(model.Metadata.Populations!.Select(p => p.Auc), Is.All.GreaterThan(0.8), "the populations are alike, so each transfers");
            Assert.That(model.Metadata.Threshold, Is.InRange(0.01, 0.99));
            Assert.That(model.Metadata.TrainingSource, Is.EqualTo("a + b + c"));
            Assert.That(new TrainedClassifierScorer(again).Score(context).Scores, Is.EqualTo(new TrainedClassifierScorer(model).Score(context).Scores), "seeded: same data, same model");
        });
    }

    [Test]
    public void Vectors_AbsentColumnAndEmptyCell_MissingValueOrMedian()
    {
        var features = new FeatureTable(2);
        features.Add("a", [1, float.NaN]);

        var missing = ClassifierData.Vectors(features, ["a", "b"], [5, 7], ClassifierData.Missing);
        var median = ClassifierData.Vectors(features, ["a", "b"], [5, 7]);

        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.EqualTo(new[] { new[] { 1f, -1f }, new[] { -1f, -1f } }));
            Assert.That(median, Is.EqualTo(new[] { new[] { 1f, 7f }, new[] { 5f, 7f } }));
        });
    }

    [TestCase(new[] { 0.8, 0.2 }, new[] { 0.6, 0.4 }, 0.5)]
    [TestCase(new[] { 0.35, 0.1 }, new[] { 0.3, 0.05 }, 0.3)]
    public void WorstCaseYoudenThreshold_TwoHeldOutSets_BestForTheWorseSetClosestToHalf(double[] first, double[] second, double expected)
    {
        // Each set: one fake (score [0]) and one genuine account (score [1]).
        var threshold = ClassifierTrainer.WorstCaseYoudenThreshold([([true, false], first), ([true, false], second)]);

        Assert.That(threshold, Is.EqualTo(expected).Within(1e-9));
    }

    [Test]
    public void LoadFileOrBuiltIn_NeitherFileNorName_NamesTheBuiltInModels()
    {
        var ex = Assert.Throws<InputDataException>(() => TrainedClassifier.LoadFileOrBuiltIn("no-such-model.zip"));

        Assert.That(ex!.Message, Does.Contain("no-such-model.zip").And.Contain(TrainedClassifier.SyntheticName));
    }
}
