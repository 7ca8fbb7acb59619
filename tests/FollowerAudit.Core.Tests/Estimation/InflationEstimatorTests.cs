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
    public void Estimate_MeasuredErrorRates_IntervalWidensWithTheirUncertaintyAndIsSeeded()
    {
        var context = ScoredContext(1000, flagged: i => i % 4 == 0, new ErrorRates(0.9, 0.95, Positives: 50, Negatives: 50, "test"));

        var first = InflationEstimator.Estimate(context, []);
        var again = InflationEstimator.Estimate(context, []);

        Assert.That(first.FakeShare, Is.EqualTo(InflationEstimator.RoganGladen(0.25, 0.9, 0.95)).Within(1e-9));
        Assert.That(first.FakeShareUpper - first.FakeShareLower, Is.GreaterThan(0.06), "50+50 labeled accounts leave wide error rates");
        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void Estimate_SensitivityRangeAcrossVendors_IntervalSpansTheRangesCorrections()
    {
        // 25% flagged, specificity 0.99: the corrected share is 0.24 / se, for any se the vendors' range allows.
        var rates = new ErrorRates(0.9, 0.99, Positives: 100_000, Negatives: 100_000, "test");
        var pooled = InflationEstimator.Estimate(ScoredContext(4000, flagged: i => i % 4 == 0, rates), []);
        var ranged = InflationEstimator.Estimate(ScoredContext(4000, flagged: i => i % 4 == 0, rates with { SensitivityRange = (0.6, 0.95) }), []);

        Assert.Multiple(() =>
        {
            Assert.That(ranged.FakeShare, Is.EqualTo(pooled.FakeShare), "the point estimate uses the pooled sensitivity");
            Assert.That(ranged.FakeShareLower, Is.LessThan(pooled.FakeShare).And.GreaterThan((0.24 / 0.95) - 0.02));
            Assert.That(ranged.FakeShareUpper, Is.GreaterThan((0.24 / 0.6) - 0.03).And.LessThan((0.24 / 0.6) + 0.03));
            Assert.That(pooled.FakeShareUpper, Is.LessThan((0.24 / 0.9) + 0.03));
        });
    }

    [Test]
    public void Estimate_FewerFlagsThanFalsePositiveRate_UpperEndStillBoundsTheRawShare()
    {
        // 1 flag in 4,000 where the measured specificity (0.97) predicts 120: the correction clamps at 0, but the
        // interval must not claim exactly zero.
        var context = ScoredContext(4000, flagged: i => i == 7, new ErrorRates(0.95, 0.97, Positives: 10_000, Negatives: 10_000, "test"));

        var estimate = InflationEstimator.Estimate(context, []);

        Assert.Multiple(() =>
        {
            Assert.That(estimate.FakeShare, Is.Zero);
            Assert.That(estimate.FakeShareUpper, Is.EqualTo(Proportions.Wilson(1, 4000).Upper).Within(1e-12));
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
