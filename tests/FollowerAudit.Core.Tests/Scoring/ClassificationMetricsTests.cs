using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Core.Tests.Scoring;

public sealed class ClassificationMetricsTests
{
    [Test]
    public void Compute_SmallConfusionMatrix_MatchesHandComputedValues()
    {
        // labels:  F F F G G G G ; scores ≥ 0.5 flagged: TP=2 (0.9, 0.6), FN=1 (0.2), FP=1 (0.7), TN=3.
        bool[] fake = [true, true, true, false, false, false, false];
        double[] scores = [0.9, 0.6, 0.2, 0.7, 0.1, 0.3, 0.4];

        var m = ClassificationMetrics.Compute("x", fake, scores, 0.5);

        // MCC = (2·3 − 1·1) / sqrt(3·3·4·4) = 5/12; AUC: of 12 pairs, fake>genuine in 4+3+... = 0.9>all4, 0.6>3, 0.2>1 → 8/12.
        Assert.Multiple(() =>
        {
            Assert.That(m.Precision, Is.EqualTo(2 / 3.0).Within(1e-12));
            Assert.That(m.Recall, Is.EqualTo(2 / 3.0).Within(1e-12));
            Assert.That(m.F1, Is.EqualTo(2 / 3.0).Within(1e-12));
            Assert.That(m.Accuracy, Is.EqualTo(5 / 7.0).Within(1e-12));
            Assert.That(m.Mcc, Is.EqualTo(5 / 12.0).Within(1e-12));
            Assert.That(m.Auc, Is.EqualTo(8 / 12.0).Within(1e-12));
            Assert.That(m.Specificity, Is.EqualTo(3 / 4.0).Within(1e-12));
        });
    }

    [Test]
    public void RocAuc_Ties_CountHalf()
    {
        // Two fakes at 0.5, two genuine at 0.5 and 0.0: pairs (4): tie, win, tie, win → (2 + 0.5·2) / 4 = 0.75.
        var auc = ClassificationMetrics.RocAuc([true, true, false, false], [0.5, 0.5, 0.5, 0.0]);

        Assert.That(auc, Is.EqualTo(0.75).Within(1e-12));
    }

    [Test]
    public void RocAuc_OneClass_IsNaN() =>
        Assert.That(ClassificationMetrics.RocAuc([true, true], [0.1, 0.2]), Is.NaN);

    [Test]
    public void Mcc_EmptyMargin_IsZero() =>
        Assert.That(ClassificationMetrics.Mcc(0, 0, 5, 5), Is.Zero);

    [Test]
    public void StratifiedFolds_KeepsFakeShareInEveryFold()
    {
        var fake = Enumerable.Range(0, 100).Select(i => i < 30).ToArray();

        var folds = Evaluator.StratifiedFolds(fake, 10, seed: 1);

        Assert.That(Enumerable.Range(0, 10).Select(k => fake.Where((_, i) => folds[i] == k).Count(f => f)), Is.All.EqualTo(3));
    }

    [Test]
    public void ToJson_Report_HasAgreedShape()
    {
        var report = new EvaluationReport("d", 7, [ClassificationMetrics.Compute("x", [true, false], [1.0, 0.0], 0.5)]);

        var json = report.ToJson();

        Assert.That(json, Does.Contain("\"dataset\": \"d\"").And.Contain("\"rows\": 7").And.Contain("\"mcc\": 1").And.Contain("\"auc\": 1"));
    }

    [Test]
    public void RocPoints_SmallSet_OnePointPerDistinctScoreFromNothingToAll()
    {
        // Scores 0.9 F, 0.7 G, 0.6 F, 0.6 G, 0.1 G: the tie at 0.6 is one point.
        var points = ClassificationMetrics.RocPoints([true, false, true, false, false], [0.9, 0.7, 0.6, 0.6, 0.1]);

        Assert.That(points.Select(p => (p.Threshold, p.FalsePositiveRate, p.TruePositiveRate)), Is.EqualTo(new[]
        {
            (double.PositiveInfinity, 0.0, 0.0), (0.9, 0.0, 0.5), (0.7, 1 / 3.0, 0.5), (0.6, 2 / 3.0, 1.0), (0.1, 1.0, 1.0),
        }));
    }

    [Test]
    public void RocPoints_ManyScores_ThinnedKeepingBothEnds()
    {
        var fake = Enumerable.Range(0, 1000).Select(i => i % 3 == 0).ToArray();
        var scores = Enumerable.Range(0, 1000).Select(i => i / 1000.0).ToArray();

        var points = ClassificationMetrics.RocPoints(fake, scores, maxPoints: 11);

        Assert.Multiple(() =>
        {
            Assert.That(points, Has.Count.EqualTo(11));
            Assert.That((points[0].FalsePositiveRate, points[0].TruePositiveRate), Is.EqualTo((0.0, 0.0)));
            Assert.That((points[^1].FalsePositiveRate, points[^1].TruePositiveRate), Is.EqualTo((1.0, 1.0)));
            Assert.That(points.Select(p => p.FalsePositiveRate), Is.Ordered);
        });
    }

    [Test]
    public void ToJson_RowWithRocAndEvaluation_WritesBoth()
    {
        var row = ClassificationMetrics.Compute("x", [true, false], [1.0, 0.0], 0.5) with
        {
            Evaluation = "in-sample",
            Roc = ClassificationMetrics.RocPoints([true, false], [1.0, 0.0]),
        };

        var json = new EvaluationReport("d", 2, [row]) { Notes = ["a note"] }.ToJson();

        Assert.That(json, Does.Contain("\"evaluation\": \"in-sample\"").And.Contain("\"roc\": [").And.Contain("\"tpr\": 1").And.Contain("\"a note\""));
    }

    [Test]
    public void ScoredAccounts_ToCsv_OneLinePerAccountEmptyWhereNotScored()
    {
        var a = new ScoredAccounts(["p", "p"], [7, 8], [true, false], []).With("classifier", [0.25, double.NaN]);
        var b = new ScoredAccounts(["q, r"], [9], [false], []).With("rules", [1]);

        var csv = ScoredAccounts.Concat([a, b]).ToCsv();

        Assert.That(csv, Is.EqualTo("population,account_id,label,classifier,rules\np,7,fake,0.25,\np,8,genuine,,\n\"q, r\",9,genuine,,1\n"));
    }
}
