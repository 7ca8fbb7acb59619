using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Estimation;

public sealed class EstimationMethodsTests
{
    [Test]
    public void ModelFit_FollowersDrawnLikeTheTrainingData_Fits()
    {
        var (training, isFake) = Features(2000, seed: 1, fakeShare: 0.5, shift: 0);
        var reference = FeatureReference.Build(training, isFake, ["a", "b"], "test");
        var (audited, _) = Features(3000, seed: 2, fakeShare: 0.1, shift: 0);

        var fit = ModelFit.Assess(audited, reference);

        Assert.Multiple(() =>
        {
            Assert.That(fit.Fits, Is.True, $"shift {fit.Shift}");
            Assert.That(fit.MixtureFakeShare, Is.EqualTo(0.1).Within(0.05), "an all-but-genuine audience is a mix of the training classes, not a shift");
        });
    }

    [Test]
    public void ModelFit_OneFeatureShiftedAndOneMissing_WidensFullyAndNamesThem()
    {
        var (training, isFake) = Features(2000, seed: 1, fakeShare: 0.5, shift: 0);
        training.Add("c", [.. isFake.Select(f => f ? 1f : 0f)]);
        var reference = FeatureReference.Build(training, isFake, ["a", "b", "c"], "test");
        var (audited, _) = Features(3000, seed: 2, fakeShare: 0.3, shift: 5);

        var fit = ModelFit.Assess(audited, reference);

        Assert.Multiple(() =>
        {
            Assert.That(fit.Widening, Is.EqualTo(1));
            Assert.That(fit.MissingFeatures, Is.EqualTo(new[] { "c" }));
            Assert.That(fit.TopShifts.Select(s => s.Feature), Does.Contain("a").And.Contain("c"));
            Assert.That(fit.Describe("test"), Does.Contain("do not look like").And.Contain("followeraudit sample"));
        });
    }

    [Test]
    public void FeatureReference_SaveAndLoad_RoundTrips()
    {
        var (training, isFake) = Features(500, seed: 1, fakeShare: 0.5, shift: 0);
        var reference = FeatureReference.Build(training, isFake, ["a", "b"], "test");
        using var stream = new MemoryStream();

        reference.Save(stream);
        stream.Position = 0;
        var loaded = FeatureReference.Load(stream);

        Assert.That(ModelFit.Assess(training, loaded), Is.EqualTo(ModelFit.Assess(training, reference)).Using<ModelFit>((x, y) => x.Shift.Equals(y.Shift) && x.MixtureFakeShare.Equals(y.MixtureFakeShare)));
    }

    [Test]
    public void LabelledSample_SimulatedLabellerOverManyDraws_CoversTheTruthAboutNinetyFivePercent()
    {
        // 5,000 followers, 20% fake; a mediocre model (fakes score 0.6 ± noise, genuine 0.3 ± noise); 200 labelled.
        var random = new Random(11);
        var isFake = Enumerable.Range(0, 5000).Select(i => i < 1000).ToArray();
        var scores = isFake.Select(f => Math.Clamp((f ? 0.6 : 0.3) + ((random.NextDouble() - 0.5) * 0.6), 0, 1)).ToArray();
        var covered = 0;
        const int Draws = 400;
        for (var d = 0; d < Draws; d++)
        {
            var sample = Enumerable.Range(0, 5000).OrderBy(_ => random.Next()).Take(200).Select(i => (i, isFake[i])).ToArray();
            var result = LabelledSampleEstimator.Estimate(scores, sample, population: null);
            covered += result.Interval.Lower <= 0.2 && 0.2 <= result.Interval.Upper ? 1 : 0;
        }

        Assert.That(covered / (double)Draws, Is.InRange(0.91, 0.99));
    }

    [Test]
    public void LabelledSample_GoodModel_NarrowerThanTheLabelsAlone()
    {
        var isFake = Enumerable.Range(0, 4000).Select(i => i % 4 == 0).ToArray();
        var good = isFake.Select((f, i) => f ? 0.9 - (i % 7 * 0.01) : 0.1 + (i % 5 * 0.01)).ToArray();
        var useless = isFake.Select(_ => 0.5).ToArray();
        var sample = Enumerable.Range(0, 200).Select(i => (i * 19, isFake[i * 19])).ToArray();

        var withModel = LabelledSampleEstimator.Estimate(good, sample, null).Interval;
        var labelsOnly = LabelledSampleEstimator.Estimate(useless, sample, null).Interval;

        Assert.Multiple(() =>
        {
            Assert.That(withModel.Upper - withModel.Lower, Is.LessThan(0.5 * (labelsOnly.Upper - labelsOnly.Lower)));
            Assert.That(LabelledSampleEstimator.Estimate(useless, sample, null).Lambda, Is.Zero, "a constant score gets no weight");
        });
    }

    [Test]
    public void LabelledSample_NoFakeAmongTheLabels_FallsBackToWilsonAndNeverZeroWidth()
    {
        var scores = Enumerable.Repeat(0.1, 1000).ToArray();
        var sample = Enumerable.Range(0, 100).Select(i => (i, false)).ToArray();

        var result = LabelledSampleEstimator.Estimate(scores, sample, null);

        Assert.Multiple(() =>
        {
            Assert.That(result.Interval.Lower, Is.Zero);
            Assert.That(result.Interval.Upper, Is.GreaterThan(0.01));
            Assert.That(result.How, Does.Contain("Wilson"));
        });
    }

    [Test]
    public void LabelSample_Draw_IsSeededSortedAndWithoutRepeats()
    {
        var b = new GraphBuilder().Account(0);
        for (var i = 1; i <= 500; i++)
        {
            b.Account(i).Follow(i, 0, rank: i);
        }

        var slice = AccountSlice.Create(b.Build(), 0);

        var first = LabelSample.Draw(slice, 50, seed: 9);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(LabelSample.Draw(slice, 50, seed: 9)));
            Assert.That(first, Is.Not.EqualTo(LabelSample.Draw(slice, 50, seed: 10)));
            Assert.That(first, Is.Ordered.And.Unique);
            Assert.That(LabelSample.Draw(slice, 5000, seed: 9), Has.Length.EqualTo(500));
        });
    }

    // Two features "a" and "b" where fakes sit higher; "shift" moves feature "a" of everyone.
    private static (FeatureTable Table, bool[] IsFake) Features(int n, int seed, double fakeShare, double shift)
    {
        var random = new Random(seed);
        var isFake = Enumerable.Range(0, n).Select(_ => random.NextDouble() < fakeShare).ToArray();
        var table = new FeatureTable(n);
        table.Add("a", [.. isFake.Select(f => (float)((f ? 2.0 : 0.0) + random.NextDouble() + shift))]);
        table.Add("b", [.. isFake.Select(f => (float)((f ? 1.0 : 0.0) + random.NextDouble()))]);
        return (table, isFake);
    }
}
