using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

namespace FollowerAudit.Reporting.Tests;

/// <summary>Small audit runs built through the real pipeline, with test-only scorers and detectors.</summary>
internal static class TestAudits
{
    public const string Script = "<script>alert(1)</script>";

    public static readonly RunInfo Run = new()
    {
        ToolVersion = "0.0.0-test",
        Arguments = ["audit", "--input", "data/", "--output", "out/"],
        Inputs = [new InputFileInfo("data/follows.parquet", 1234, new string('a', 64))],
        Seed = 42,
        StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 9, TimeSpan.Zero),
        Stages = [new StageTiming("load", TimeSpan.FromSeconds(1.5)), new StageTiming("audit", TimeSpan.FromSeconds(2))],
    };

    public static ReportOptions Options(bool force = false) => new(Run) { Force = force };

    /// <summary>Runs the pipeline with the given extensions over every account row listed.</summary>
    public static AuditRun Audit(AuditDataset dataset, IReadOnlyList<int> rows, params IAuditExtension[] extensions)
    {
        var builder = new AuditPipelineBuilder();
        foreach (var e in extensions)
        {
            builder.Extensions.Add(e);
        }

        return builder.Build().Run(dataset, rows, null, CancellationToken.None);
    }

    /// <summary>
    /// Account 1 (handle with a script tag) followed by 10 accounts (ids 101..110) over ten days, created 2015..2024,
    /// with one post per day; followers 108..110 are a "batch" created on the same day.
    /// </summary>
    public static AuditDataset SmallDataset(IReadOnlyList<Rejection>? rejections = null)
    {
        var b = new GraphBuilder().Account(1, ("Handle", Script), ("Bio", Script), ("CreatedAt", GraphBuilder.Utc(2012, 1, 1)), ("FollowersCount", 10L));
        for (var i = 0; i < 10; i++)
        {
            var id = 101 + i;
            var created = i >= 7 ? GraphBuilder.Utc(2024, 6, 1) : GraphBuilder.Utc(2015 + i, 1, 1);
            var handle = i switch
            {
                0 => "=cmd|' /C calc'!A0",
                1 => "+1234",
                2 => "-minus",
                3 => "@at",
                4 => Script,
                _ => "user" + id,
            };
            b.Account(id, ("Handle", handle), ("CreatedAt", created), ("Bio", Script), ("PostsCount", 5L), ("LastPostAt", GraphBuilder.Utc(2024, 12, 1)));
            b.Follow(id, 1, GraphBuilder.Utc(2025, 1, 1 + i, 12));
            b.Post(1000 + i, 1, GraphBuilder.Utc(2025, 1, 1 + i, 9), likes: 10 * (i + 1));
        }

        var d = b.Build(GraphBuilder.Utc(2025, 2, 1));
        return rejections is null ? d : new AuditDataset(d.Accounts, d.Follows, d.Posts, d.Engagements, d.Snapshots, rejections, d.ReferenceTime);
    }

    /// <summary>Scores 0.1 for everyone except the listed ids (0.9), threshold 0.5.</summary>
    public sealed class FixedScorer(params long[] fakes) : IFollowerScorer
    {
        public string Name => "test-scorer";

        public FollowerScores Score(AuditContext context)
        {
            var ids = context.Slice.Followers.AccountId.ToArray();
            var scores = ids.Select(id => fakes.Contains(id) ? 0.9 : 0.1).ToArray();
            var reasons = ids.Select(id => fakes.Contains(id) ? new[] { "=SUM(A1)", "created with the batch" } : Array.Empty<string>()).ToArray();
            return new FollowerScores(Name, scores, 0.5, reasons);
        }
    }

    /// <summary>Finds a burst (days 8..10) and a batch (positions 7..9) whose text comes from the data.</summary>
    public sealed class FixedDetector : IDetector
    {
        public string Name => "test-batch";

        public DetectorResult Run(AuditContext context, CancellationToken cancellationToken)
        {
            var handle = context.Slice.Handle;
            var batch = new Finding(Name, "creation-batch", "Batch of 3 followers of " + handle, "Created the same day: " + Script, 0.9, [108, 109, 110])
            {
                FirstPosition = 7,
                LastPosition = 9,
                MarksFollowersAsFake = true,
                Metrics = new Dictionary<string, double> { ["size"] = 3, ["expected"] = 0.2 },
            };
            var burst = new Finding(Name, "follower-burst", "Burst of 3 followers", "3 follows in 3 days", 0.6, [108, 109, 110])
            {
                Start = GraphBuilder.Utc(2025, 1, 8),
                End = GraphBuilder.Utc(2025, 1, 11),
            };
            return new DetectorResult(Name, DetectorOutcome.Ran, [batch, burst], "Looked for batches in " + handle)
            {
                Metrics = new Dictionary<string, double> { ["z"] = 4.5, ["baseline"] = 0.3 },
                Warnings = ["Few followers: " + Script],
            };
        }
    }

    /// <summary>Always throws.</summary>
    public sealed class FailingDetector : IDetector
    {
        public string Name => "broken";

        public DetectorResult Run(AuditContext context, CancellationToken cancellationToken) => throw new InvalidOperationException("boom " + Script);
    }

    /// <summary>Registers the given parts.</summary>
    public sealed class Extension(IFollowerScorer? scorer, params IDetector[] detectors) : IAuditExtension
    {
        public void Setup(AuditPipelineBuilder builder)
        {
            if (scorer is not null)
            {
                builder.Scorers.Add(scorer);
            }

            foreach (var d in detectors)
            {
                builder.Detectors.Add(d);
            }
        }
    }

    /// <summary>
    /// Three accounts for the engagement-rate chart, audited with the engagement-divergence detector and a scorer that
    /// flags followers 108..110. No follow times or snapshots, so each account's follower count at every post is its
    /// public count, and its rate is simply likes / public count:
    /// account 1 "big_brand" (20,000 public, 10 followers in the data, posts with 100, 150, 200, 250, 300 likes: median 1%);
    /// account 2 "no_posts" (5,000 public, 2 followers, no posts);
    /// account 3 "small" (800 public, 2 followers, five posts with 40 likes: 5%).
    /// </summary>
    public static AuditRun EngagementRun()
    {
        var b = new GraphBuilder()
            .Account(1, ("Handle", "big_brand"), ("FollowersCount", 20_000L))
            .Account(2, ("Handle", "no_posts"), ("FollowersCount", 5_000L))
            .Account(3, ("Handle", "small"), ("FollowersCount", 800L));
        for (var i = 0; i < 10; i++)
        {
            b.Account(101 + i).Follow(101 + i, 1);
        }

        b.Account(201).Account(202).Follow(201, 2).Follow(202, 2);
        b.Account(301).Account(302).Follow(301, 3).Follow(302, 3);
        for (var i = 0; i < 5; i++)
        {
            b.Post(1000 + i, 1, GraphBuilder.Utc(2025, 1, 1 + i), likes: 100 + (50 * i));
            b.Post(3000 + i, 3, GraphBuilder.Utc(2025, 1, 1 + i), likes: 40);
        }

        return Audit(
            b.Build(GraphBuilder.Utc(2025, 2, 1)),
            [0, 1, 2],
            new Extension(new FixedScorer(108, 109, 110)),
            new Core.Detectors.Engagement.EngagementDivergenceExtension(Core.Detectors.Engagement.EngagementDivergenceOptions.Default));
    }

    public static AuditRun Suspicious(IReadOnlyList<Rejection>? rejections = null) =>
        Audit(SmallDataset(rejections), [0], new Extension(new FixedScorer(108, 109, 110), new FixedDetector(), new FailingDetector()));

    public static string TempFolder()
    {
        // Unique to this test process (TestTemp): a second test run on the machine never touches these folders.
        return TestTemp.ForCurrentTest();
    }
}
