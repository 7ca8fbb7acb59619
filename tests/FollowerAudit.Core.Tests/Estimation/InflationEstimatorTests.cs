using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Estimation;

public sealed class InflationEstimatorTests
{
    [Test]
    public void Wilson_TenOfHundred_MatchesPublishedInterval()
    {
        var (lower, upper) = Proportions.Wilson(10, 100);

        Assert.That(lower, Is.EqualTo(0.0552).Within(0.0005));
        Assert.That(upper, Is.EqualTo(0.1744).Within(0.0005));
    }

    [Test]
    public void Wilson_WholePopulationAudited_HasNoSamplingError()
    {
        var (lower, upper) = Proportions.Wilson(30, 100, population: 100);

        Assert.That(lower, Is.EqualTo(0.3).Within(1e-9));
        Assert.That(upper, Is.EqualTo(0.3).Within(1e-9));
    }

    [Test]
    public void RoganGladen_KnownErrorRates_CorrectsApparentShare()
    {
        Assert.That(InflationEstimator.RoganGladen(0.3, sensitivity: 0.9, specificity: 0.95), Is.EqualTo(0.25 / 0.85).Within(1e-12));
        Assert.That(InflationEstimator.RoganGladen(0.01, sensitivity: 0.9, specificity: 0.95), Is.Zero, "clamped at 0");
    }

    [Test]
    public void Estimate_FlaggedFollowersAndBatch_CountsBatchMembersAsFakeOnce()
    {
        // 100 followers: the first 20 flagged by the score, followers 11..40 in a detected batch → 40 fake.
        var context = ScoredContext(100, flagged: i => i < 20);
        var batch = new Finding("test", "batch", "t", "e", 1, [.. Enumerable.Range(11, 30).Select(i => (long)i)]) { MarksFollowersAsFake = true };

        var estimate = InflationEstimator.Estimate(context, [new DetectorResult("test", DetectorOutcome.Ran, [batch], "")]);

        Assert.That(estimate.InDetectedBatches, Is.EqualTo(30));
        Assert.That(estimate.FlaggedByScore, Is.EqualTo(20));
        Assert.That(estimate.FakeShare, Is.EqualTo(0.40).Within(1e-9));
        Assert.That(estimate.FakeShareLower, Is.LessThanOrEqualTo(estimate.FakeShare));
        Assert.That(estimate.FakeShareUpper, Is.GreaterThanOrEqualTo(estimate.FakeShare));
    }

    [Test]
    public void Estimate_MeasuredErrorRatesButNoTrainingReference_IntervalWidensToTheCrossPopulationRange()
    {
        var context = ScoredContext(1000, flagged: i => i % 4 == 0, new ErrorRates(0.9, 0.95, Positives: 5000, Negatives: 5000, "test"));

        var estimate = InflationEstimator.Estimate(context, []);
        var again = InflationEstimator.Estimate(context, []);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.Fit.Assessed, Is.False);
            Assert.That(estimate.FakeShare, Is.EqualTo(InflationEstimator.RoganGladen(0.25, 0.9, 0.95)).Within(1e-9));
            // 25% flagged: a sensitivity as low as the cross-population range allows puts the upper end at 100%.
            Assert.That(estimate.FakeShareUpper, Is.EqualTo(1).Within(1e-9));
            Assert.That(estimate.FakeShareLower, Is.LessThan(0.1), "a specificity as low as the cross-population range allows explains most flags");
            Assert.That(estimate.Method, Does.Contain("no description of its training data"));
            Assert.That(again, Is.EqualTo(estimate));
        });
    }

    [Test]
    public void LabelFree_FittingPopulationWithVendorSensitivityRange_IntervalSpansTheRangesCorrections()
    {
        // 25% flagged, specificity 0.99: the corrected share is 0.24 / se, for any se the vendors' range allows.
        var rates = new ErrorRates(0.9, 0.99, Positives: 100_000, Negatives: 100_000, "test");
        var fits = new ModelFit(true, 0, 0, 0.25, [], []);
        var pooled = LabelFreeEstimator.Estimate(1000, 4000, null, rates, fits, ErrorRateBox.AcrossPopulations);
        var ranged = LabelFreeEstimator.Estimate(1000, 4000, null, rates with { SensitivityRange = (0.6, 0.95) }, fits, ErrorRateBox.AcrossPopulations);

        Assert.Multiple(() =>
        {
            Assert.That(ranged.Share, Is.EqualTo(pooled.Share), "the point estimate uses the pooled sensitivity");
            Assert.That(ranged.Lower, Is.LessThan(pooled.Share).And.GreaterThan((0.24 / 0.95) - 0.02));
            Assert.That(ranged.Upper, Is.GreaterThan((0.24 / 0.6) - 0.03).And.LessThan((0.24 / 0.6) + 0.04), "plus the sampling error of the flagged share");
            Assert.That(pooled.Upper, Is.LessThan((0.24 / 0.9) + 0.03));
        });
    }

    [Test]
    public void LabelFree_FewerFlagsThanFalsePositiveRate_UpperEndStillBoundsTheRawShare()
    {
        // 1 flag in 4,000 where the measured specificity (0.97) predicts 120: the correction clamps at 0, but the
        // interval must not claim exactly zero.
        var rates = new ErrorRates(0.95, 0.97, Positives: 10_000, Negatives: 10_000, "test");

        var estimate = LabelFreeEstimator.Estimate(1, 4000, null, rates, new ModelFit(true, 0, 0, 0, [], []), ErrorRateBox.AcrossPopulations);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.Share, Is.Zero);
            Assert.That(estimate.Upper, Is.EqualTo(Proportions.Wilson(1, 4000).Upper).Within(1e-12));
        });
    }

    [Test]
    public void LabelFree_PartlyShiftedPopulation_WidensBetweenTheMeasuredAndTheCrossPopulationBox()
    {
        var rates = new ErrorRates(0.95, 0.98, Positives: 10_000, Negatives: 10_000, "test");
        double Width(double widening) =>
            LabelFreeEstimator.Estimate(800, 4000, null, rates, new ModelFit(true, 0.1, widening, 0.2, [], []), ErrorRateBox.AcrossPopulations) is var r ? r.Upper - r.Lower : 0;

        Assert.That(Width(0), Is.LessThan(Width(0.5)));
        Assert.That(Width(0.5), Is.LessThan(Width(1)));
    }

    [Test]
    public void Estimate_HundredFollowersWithIdenticalScores_AbstainsAndSaysWhy()
    {
        var context = ScoredContext(100, flagged: _ => false, new ErrorRates(0.9, 0.95, 100, 100, "test"));

        var estimate = InflationEstimator.Estimate(context, []);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.IsEstimated, Is.False);
            Assert.That(estimate.MethodCode, Is.EqualTo(InflationEstimator.NoneCode));
            Assert.That(estimate.CannotEstimate, Does.Contain("same score"));
            Assert.That(estimate.Method, Does.StartWith("Cannot estimate the fake share"));
        });
    }

    [Test]
    public void Estimate_LabelledSample_UsesPredictionPoweredInferenceAndKeepsTheLabelFreeOneForComparison()
    {
        // 400 followers, the first 100 fake; the scorer flags the first 150; 80 labelled followers drawn at random.
        var graph = ScoredContext(400, flagged: i => i < 150);
        var slice = graph.Slice;
        var positions = LabelSample.Draw(slice, 80, seed: 3);
        var labels = positions.ToDictionary(p => slice.Followers.AccountId[p], p => p < 100 ? FollowerLabel.Fake : FollowerLabel.Genuine);
        var options = AuditOptions.Default with { Labels = new Dictionary<long, FollowerLabels> { [slice.AccountId] = new(slice.AccountId, labels, "a tester", "labels.csv") } };
        var context = new AuditContext(slice, options) { FollowerScores = graph.FollowerScores };

        var estimate = InflationEstimator.Estimate(context, []);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.MethodCode, Is.EqualTo(LabelledSampleEstimator.MethodCode));
            Assert.That(estimate.LabelledSample!.Labelled, Is.EqualTo(80));
            Assert.That(estimate.FakeShareLower, Is.LessThanOrEqualTo(0.25));
            Assert.That(estimate.FakeShareUpper, Is.GreaterThanOrEqualTo(0.25));
            Assert.That(estimate.LabelFreeAlternative, Is.Not.Null);
            Assert.That(estimate.Method, Does.Contain("a tester"));
        });
    }

    private static AuditContext ScoredContext(int followers, Func<int, bool> flagged, ErrorRates? rates = null)
    {
        var builder = new GraphBuilder().Account(0, ("FollowersCount", (long)followers));
        for (var i = 1; i <= followers; i++)
        {
            builder.Account(i).Follow(i, 0, rank: i);
        }

        var context = new AuditContext(AccountSlice.Create(builder.Build(), 0), AuditOptions.Default);
        var scores = Enumerable.Range(1, followers).Select(id => flagged(id - 1) ? 0.9 : 0.1).ToArray();
        context.FollowerScores = new FollowerScores("test", scores, 0.5, null) { MeasuredErrorRates = rates };
        return context;
    }
}
