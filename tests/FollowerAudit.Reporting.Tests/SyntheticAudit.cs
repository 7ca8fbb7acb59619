using FollowerAudit.Core.Pipeline;
using FollowerAudit.Testing;

namespace FollowerAudit.Reporting.Tests;

/// <summary>
/// A seeded "follower factory" account: organic followers over two years, plus two purchased batches of accounts
/// created within days of each other that follow in a block. Used to look at charts and for size smoke tests.
/// </summary>
internal static class SyntheticAudit
{
    public static AuditRun Factory(int followers, int seed, long accountId = 1, string handle = "example_brand", int batchCount = 2)
    {
        var random = new Random(seed);
        var start = GraphBuilder.Utc(2023, 1, 1);
        var b = new GraphBuilder().Account(accountId, ("Handle", handle), ("CreatedAt", GraphBuilder.Utc(2011, 5, 1)));
        var batchSize = followers / 8;
        var batches = new[] { (Start: followers / 3, Created: GraphBuilder.Utc(2023, 9, 12)), (Start: (followers * 3) / 4, Created: GraphBuilder.Utc(2024, 4, 2)) }.Take(batchCount).ToArray();
        var scores = new Dictionary<long, double>();
        var followTime = start;
        var findings = new List<Finding>();
        for (var i = 0; i < followers; i++)
        {
            var id = 10_000 + i;
            var batch = batches.FirstOrDefault(x => i >= x.Start && i < x.Start + batchSize);
            DateTime created;
            if (batch.Start > 0)
            {
                created = batch.Created.AddHours(random.NextDouble() * 72);
                followTime = followTime.AddSeconds(2 + (random.NextDouble() * 4));
                scores[id] = Math.Clamp(0.75 + (random.NextDouble() * 0.25), 0, 1);
            }
            else
            {
                followTime = followTime.AddMinutes(random.NextDouble() * 2 * 730 * 24 * 60 / followers);
                var earliest = GraphBuilder.Utc(2007, 1, 1);
                created = earliest.AddDays(random.NextDouble() * (followTime - earliest).TotalDays);
                scores[id] = Math.Clamp(Math.Pow(random.NextDouble(), 3) * 0.8, 0, 1);
            }

            b.Account(id, ("Handle", "user" + id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("CreatedAt", created));
            b.Follow(id, accountId, followTime);
        }

        for (var d = 0; d < 700; d += 1 + random.Next(3))
        {
            b.Post(1_000_000 + d, accountId, start.AddDays(d).AddHours(15), 200 + random.Next(150));
        }

        var dataset = b.Build();
        var detector = new BatchDetector(batches.Select(x => (x.Start, x.Start + batchSize - 1)).ToArray());
        return TestAudits.Audit(dataset, [0], new TestAudits.Extension(new MapScorer(scores), detector));
    }

    private sealed class MapScorer(Dictionary<long, double> scores) : IFollowerScorer
    {
        public string Name => "synthetic";

        public FollowerScores Score(AuditContext context) =>
            new(Name, [.. context.Slice.Followers.AccountId.Select(id => scores[id])], 0.6, null);
    }

    private sealed class BatchDetector((int First, int Last)[] ranges) : IDetector
    {
        public string Name => "creation-batch";

        public DetectorResult Run(AuditContext context, CancellationToken cancellationToken)
        {
            var slice = context.Slice;
            var findings = ranges.Select(r => new Finding(Name, "creation-batch", $"Batch of {r.Last - r.First + 1:N0} followers created within 3 days",
                "They were created within 3 days of each other and followed within hours.", 0.95,
                [.. Enumerable.Range(r.First, r.Last - r.First + 1).Select(i => slice.Followers.AccountId[i])])
            {
                FirstPosition = r.First,
                LastPosition = r.Last,
                Start = slice.FollowedAt![r.First]!.Value.Date,
                End = slice.FollowedAt![r.Last]!.Value.Date.AddDays(1),
                MarksFollowersAsFake = true,
            }).ToList();
            return new DetectorResult(Name, DetectorOutcome.Ran, findings, "Looked for followers created together who followed together.");
        }
    }
}
