using FollowerAudit.Core.Model;
using FollowerAudit.IO.Tests.TestSupport;

namespace FollowerAudit.IO.Tests;

/// <summary>The committed inputs of data-samples/bad/ behave as data-samples/bad/README.md says.</summary>
public sealed class BadSamplesTests
{
    private static string SamplesRoot => Path.Combine(DataContractTests.FindRepoRoot(), "data-samples", "bad");

    [TestCase(BadSamples.MissingColumn, "follows.parquet", "column 'followee_id' not found (found: follower_id, target_id, ts)")]
    [TestCase(BadSamples.WrongType, "accounts.parquet", "column 'account_id' has type string, expected an integer")]
    [TestCase(BadSamples.NotParquet, "accounts.parquet", "not a readable Parquet file (it does not start with the Parquet magic bytes 'PAR1')")]
    [TestCase(BadSamples.Truncated, "follows.parquet", "not a readable Parquet file (it does not end with the Parquet magic bytes 'PAR1'; the file looks truncated)")]
    [TestCase(BadSamples.EmptyParts, "follows", "folder of the follows table holds no *.parquet part files")]
    public void ReadAsync_CommittedFatalSample_ThrowsInputDataExceptionNamingTheFile(string sample, string file, string problem)
    {
        var folder = Path.Combine(SamplesRoot, sample);

        var ex = Assert.ThrowsAsync<InputDataException>(() => DatasetReader.ReadAsync(folder, new DatasetReadOptions { Clock = BadSamples.Clock }));

        Assert.That(ex.Message, Does.StartWith($"{Path.Combine(folder, file)}: {problem}"));
    }

    [Test]
    public async Task ReadAsync_CommittedRejectionSample_CountsEveryReason()
    {
        var dataset = await DatasetReader.ReadAsync(Path.Combine(SamplesRoot, BadSamples.Rejections), new DatasetReadOptions { Clock = BadSamples.Clock });

        var counts = dataset.Rejections.GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => g.Count());

        Assert.That(counts, Is.EquivalentTo(new Dictionary<string, int>
        {
            [RejectionReasons.NullId] = 2,
            [RejectionReasons.DuplicateAccount] = 1,
            [RejectionReasons.SelfFollow] = 1,
            [RejectionReasons.DuplicateEdge] = 1,
            [RejectionReasons.UnknownAccount] = 4,
            [RejectionReasons.InvalidValue] = 4,
            [RejectionReasons.FutureTimestamp] = 2,
            [RejectionReasons.TimestampTooEarly] = 2,
            [RejectionReasons.NegativeCount] = 2,
        }));
        Assert.That(
            (dataset.Accounts.Count, dataset.Follows.Count, dataset.Posts.Count, dataset.Engagements.Count, dataset.Snapshots.Count),
            Is.EqualTo((4, 3, 1, 1, 1)));
    }

    [Test]
    [Explicit("Rewrites data-samples/bad/ in the repository; run by hand after changing BadSamples.")]
    public async Task Regenerate_CommittedSamples()
    {
        foreach (var sample in new[] { BadSamples.MissingColumn, BadSamples.WrongType, BadSamples.NotParquet, BadSamples.Truncated, BadSamples.EmptyParts, BadSamples.Rejections })
        {
            var folder = Path.Combine(SamplesRoot, sample);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        await BadSamples.WriteAllAsync(SamplesRoot);

        Assert.That(Directory.GetDirectories(SamplesRoot), Has.Length.EqualTo(6));
    }
}
