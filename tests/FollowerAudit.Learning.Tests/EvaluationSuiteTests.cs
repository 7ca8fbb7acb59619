using FollowerAudit.Core.Model;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests;

public sealed class EvaluationSuiteTests
{
    private static AuditDataset Labeled()
    {
        var random = new Random(5);
        var builder = new GraphBuilder();
        for (var i = 0; i < 200; i++)
        {
            var fake = i % 4 == 0;
            builder.Account(i + 1,
                ("Label", fake ? AccountLabel.Fake : AccountLabel.Genuine),
                ("FollowersCount", fake ? 2L : (long)random.Next(30, 3000)),
                ("FollowingCount", fake ? 900L : (long)random.Next(20, 600)),
                ("PostsCount", fake ? 1L : (long)random.Next(60, 9000)),
                ("HasAvatar", !fake));
        }

        return builder.Build(GraphBuilder.Utc(2024, 1, 1));
    }

    [Test]
    public void Run_NoCv_OneRowPerScorer()
    {
        var report = EvaluationSuite.Run(Labeled(), "synthetic", cvFolds: 0);

        Assert.Multiple(() =>
        {
            Assert.That(report.Rows, Is.EqualTo(200));
            Assert.That(report.Scorers.Select(s => s.Name), Is.EqualTo(new[]
            {
                "camisani-calzolari", "statuspeople", "socialbakers", "profile-rules", "isolation-forest", "novelty-forest",
                "clone-density", "unsupervised", "classifier",
            }));
            Assert.That(report.ToJson(), Does.Contain("\"scorers\""));
        });
    }

    [Test]
    public void Run_Cv3_AddsTrainedRows()
    {
        var report = EvaluationSuite.Run(Labeled(), "synthetic", cvFolds: 3);

        Assert.That(report.Scorers.Select(s => s.Name), Does.Contain("classifier (cv 3)").And.Contain("unsupervised (cv 3)"));
    }
}
