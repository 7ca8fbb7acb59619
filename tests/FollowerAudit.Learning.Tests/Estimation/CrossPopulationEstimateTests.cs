using System.Globalization;
using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.IO.Import;
using FollowerAudit.Learning.Tests.Evaluation;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests.Estimation;

// docs/accuracy.md, "Honest intervals and verdicts": the label-free estimate on real labelled populations that the
// model was NOT trained on. Each test builds one account followed by a labelled set and checks that the 95% interval
// covers the true fake share, and that the report says the model does not fit.
//   dotnet test tests/FollowerAudit.Learning.Tests -c Release --filter CrossPopulationEstimateTests --logger "console;verbosity=detailed"
public sealed class CrossPopulationEstimateTests
{
    [Test]
    public void KaggleInstagram_AuditedWithTheCresciModel_IntervalCoversTheTrueShare()
    {
        var kaggle = CsvTableImporter.Import(SharedDatasets.RequireFile("instagram-kaggle", "train.csv"), CsvTableImporter.InstagramKaggleMapping);

        var (estimate, truth) = AuditFollowedBy(kaggle, followers: null, seed: 1, TrainedClassifier.CresciName);

        AssertCovers(estimate, truth);
    }

    [Test]
    public void CresciE13WithTenPercentInt_AuditedWithAnInstagramModel_IntervalCoversTheTrueShare()
    {
        var kaggle = CsvTableImporter.Import(SharedDatasets.RequireFile("instagram-kaggle", "train.csv"), CsvTableImporter.InstagramKaggleMapping);
        var model = ClassifierTrainer.Train(kaggle, TrainOptions.Default with { CalibrationFolds = 5, TrainingSource = "instagram-kaggle train.csv" });
        var path = Path.Combine(Path.GetTempPath(), "fa-learning-tests-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "instagram-model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        model.Save(path);
        var cresci = RealData.Cresci();
        var labels = cresci.Accounts.Label!;
        var random = new Random(10);
        var followers = Enumerable.Range(0, cresci.Accounts.Count).Where(r => labels[r] == AccountLabel.Genuine || (labels[r] == AccountLabel.Fake && random.NextDouble() < 0.10)).ToArray();

        var (estimate, truth) = AuditFollowedBy(cresci, followers, seed: 2, path);

        AssertCovers(estimate, truth);
    }

    [Test]
    public void Purba2020Sample_AuditedWithTheCresciModel_IntervalCoversTheTrueShare()
    {
        var (estimate, truth) = AuditFollowedBy(RealData.Purba(), PurbaSample(), seed: 3, TrainedClassifier.CresciName);

        AssertCovers(estimate, truth);
    }

    // The default model was trained on Purba among others: the followers fit, and its leave-one-population-out
    // error rates (not the pooled ones) bound the interval.
    [Test]
    public void Purba2020Sample_AuditedWithTheDefaultModel_FitsAndTheIntervalCoversTheTrueShare()
    {
        var (estimate, truth) = AuditFollowedBy(RealData.Purba(), PurbaSample(), seed: 3, TrainedClassifier.DefaultName);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.Fit.Fits, Is.True, $"shift {estimate.Fit.Shift:0.00}");
            Assert.That(truth, Is.InRange(estimate.FakeShareLower, estimate.FakeShareUpper));
        });
    }

    private static int[] PurbaSample()
    {
        var random = new Random(2020);
        return [.. Enumerable.Range(0, RealData.Purba().Accounts.Count).Where(_ => random.NextDouble() < 0.15)];
    }

    // The other side of the fit check: followers from the model's own population (here its training data, so the
    // interval is not a coverage test) are recognised as fitting, and the measured error rates are used unwidened.
    [Test]
    public void CresciE13WithThirtyPercentInt_AuditedWithTheCresciModel_FitsAndStaysNarrow()
    {
        var cresci = RealData.Cresci();
        var labels = cresci.Accounts.Label!;
        var random = new Random(30);
        var followers = Enumerable.Range(0, cresci.Accounts.Count).Where(r => labels[r] == AccountLabel.Genuine || random.NextDouble() < 0.3).ToArray();

        var (estimate, truth) = AuditFollowedBy(cresci, followers, seed: 4, TrainedClassifier.CresciName);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.Fit.Fits, Is.True, $"shift {estimate.Fit.Shift:0.00}");
            Assert.That(estimate.FakeShareUpper - estimate.FakeShareLower, Is.LessThan(0.05));
            Assert.That(truth, Is.InRange(estimate.FakeShareLower, estimate.FakeShareUpper));
        });
    }

    // One account (the first genuine one) followed by the given labelled rows (all others when null), in a seeded order.
    private static (InflationEstimate Estimate, double Truth) AuditFollowedBy(AuditDataset labelled, int[]? followers, int seed, string model)
    {
        var labels = labelled.Accounts.Label!;
        var target = Enumerable.Range(0, labelled.Accounts.Count).First(r => labels[r] == AccountLabel.Genuine);
        var rows = (followers ?? Enumerable.Range(0, labelled.Accounts.Count).ToArray()).Where(r => r != target && labels[r] != AccountLabel.Unknown).ToArray();
        new Random(seed).Shuffle(rows);
        var follows = new FollowTable
        {
            FollowerId = [.. rows.Select(r => labelled.Accounts.AccountId[r])],
            FolloweeId = [.. rows.Select(_ => labelled.Accounts.AccountId[target])],
            FollowRank = [.. rows.Select((_, i) => (long?)i)],
        };
        var dataset = new AuditDataset(labelled.Accounts, follows, referenceTime: labelled.ReferenceTime);
        var pipeline = new AuditPipelineBuilder().UseProfileScoring().UsePublishedRuleSets().UseUnsupervisedScoring().UseTrainedClassifier(model).Build();
        var audit = pipeline.Run(dataset, [target], null, CancellationToken.None).Accounts.Single();
        var truth = rows.Count(r => labels[r] == AccountLabel.Fake) / (double)rows.Length;
        var e = audit.Estimate;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rows.Length:N0} followers, true fake share {truth:P1}; estimate {e.FakeShare:P1} [{e.FakeShareLower:P1}, {e.FakeShareUpper:P1}], fit shift {e.Fit.Shift:0.00}, widening {e.Fit.Widening:0.00}, top shifts {string.Join(", ", e.Fit.TopShifts.Select(s => s.Feature))}; verdict {(audit).Verdict.Code}"));
        TestContext.Out.WriteLine(e.Method);
        return (e, truth);
    }

    private static void AssertCovers(InflationEstimate e, double truth) =>
        Assert.Multiple(() =>
        {
            Assert.That(e.IsEstimated, Is.True);
            Assert.That(truth, Is.InRange(e.FakeShareLower, e.FakeShareUpper));
            Assert.That(e.Fit.Fits, Is.False, "followers from another population must be reported as unlike the training data");
        });
}
