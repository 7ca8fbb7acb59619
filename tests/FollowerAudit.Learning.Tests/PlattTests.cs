namespace FollowerAudit.Learning.Tests;

public sealed class PlattTests
{
    // Raw scores as FastTree gives them when most accounts are separable: 10,000 genuine far below, and a narrow band
    // (5..7) shared by 300 genuine and 1,000 fake accounts. A plain Newton iteration diverges here (A ≈ +1970, so a
    // higher score meant *less* likely fake); the calibrated probability in the band must be about 1,000 / 1,300.
    [Test]
    public void Fit_MostlySeparableScores_ConvergesToTheEmpiricalRate()
    {
        var scores = new List<double>();
        var labels = new List<bool>();
        void Add(int count, double score, bool fake)
        {
            for (var i = 0; i < count; i++)
            {
                scores.Add(score);
                labels.Add(fake);
            }
        }

        for (var k = 0; k < 7; k++)
        {
            Add(10_000 / 7, -5 - k, false);
        }

        for (var k = 0; k < 3; k++)
        {
            Add(100, 5 + k, false);
            Add(1000 / 3, 5 + k, true);
        }

        var (a, b) = Platt.Fit(scores, labels);

        Assert.Multiple(() =>
        {
            Assert.That(double.IsFinite(a) && double.IsFinite(b), Is.True, $"A={a}, B={b}");
            Assert.That(a, Is.LessThan(0), "a higher raw score must mean more likely fake");
            Assert.That(Platt.Probability(6, a, b), Is.EqualTo(1000 / 1300.0).Within(0.03));
            Assert.That(Platt.Probability(-5, a, b), Is.LessThan(0.01));
        });
    }

    [Test]
    public void Fit_OverlappingScores_HigherScoreMeansMoreLikelyFake()
    {
        var random = new Random(5);
        var scores = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < 2000; i++)
        {
            var fake = i % 4 == 0;
            scores.Add((fake ? 1.5 : -1.5) + (2 * (random.NextDouble() - 0.5)) * 3);
            labels.Add(fake);
        }

        var (a, b) = Platt.Fit(scores, labels);

        Assert.That(Platt.Probability(3, a, b), Is.GreaterThan(Platt.Probability(0, a, b)).And.GreaterThan(0.5));
    }
}
