using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Learning.Tests.Evaluation;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests;

/// <summary>
/// The tree scorers (isolation-forest, novelty-forest, classifier) must give the same scores and reasons to the bit as
/// before their scoring was made faster (issue 13): the fingerprints below were written by main at cf7d235, before any
/// change to the tree walks. A change that moves one bit of one follower's score, or one character of a reason, fails.
/// </summary>
public sealed class TreeScorerFingerprintTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData("cresci", IsolationForestScorer.ScorerName, "B951B70241199EAD");
        yield return new TestCaseData("cresci", NoveltyForestScorer.ScorerName, "131970ED115EDEB1");
        yield return new TestCaseData("cresci", TrainedClassifierScorer.ScorerName, "A260C9FFF3D89390");
        yield return new TestCaseData("generated", IsolationForestScorer.ScorerName, "2853006FF73A12F9");
        yield return new TestCaseData("generated", NoveltyForestScorer.ScorerName, "7F2FA1D92167184F");
        yield return new TestCaseData("generated", TrainedClassifierScorer.ScorerName, "D911847D918EC3F7");
    }

    [TestCaseSource(nameof(Cases))]
    public void Score_SameInput_SameScoresAndReasonsAsBeforeTheFasterWalks(string data, string scorerName, string expected)
    {
        var context = Context(data);
        IFollowerScorer scorer = scorerName switch
        {
            IsolationForestScorer.ScorerName => new IsolationForestScorer(),
            NoveltyForestScorer.ScorerName => new NoveltyForestScorer(),
            _ => new TrainedClassifierScorer(TrainedClassifier.LoadDefault()),
        };

        var scores = scorer.Score(context);

        Assert.Multiple(() =>
        {
            Assert.That(scores.Scores.Distinct().Count(), Is.GreaterThan(10), "the scores must vary for the fingerprint to mean something");
            Assert.That((scores.Reasons ?? []).Count(r => r.Length > 0), scorerName == IsolationForestScorer.ScorerName ? Is.Zero : Is.GreaterThan(10));
            Assert.That(Fingerprint(scores), Is.EqualTo(expected));
        });
    }

    private static AuditContext Context(string data)
    {
        var (dataset, rows) = data == "cresci"
            ? (RealData.Cresci(), (IReadOnlyList<int>)ScoringContext.LabeledRows(RealData.Cresci()))
            : Generated();
        return Evaluator.Prepare(dataset, rows, [new ProfileFeatureExtractor()]);
    }

    private static (AuditDataset Dataset, IReadOnlyList<int> Rows) Generated()
    {
        var world = SyntheticFollowers.World(seed: 5);
        return (world.Dataset, [.. Enumerable.Range(0, Math.Min(30_000, world.Dataset.Accounts.Count))]);
    }

    /// <summary>SHA-256 prefix of the scores' bits and the reasons' text.</summary>
    private static string Fingerprint(FollowerScores scores)
    {
        var reasons = Encoding.UTF8.GetBytes(string.Join("\n", (scores.Reasons ?? []).Select(r => string.Join("|", r))));
        var bytes = MemoryMarshal.AsBytes(scores.Scores.ToArray().AsSpan()).ToArray().Concat(reasons).ToArray();
        return Convert.ToHexString(SHA256.HashData(bytes))[..16];
    }
}
