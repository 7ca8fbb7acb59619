using FollowerAudit.Core.Model;
using FollowerAudit.Core.Synthetic;

namespace FollowerAudit.Core.Tests.Synthetic;

public sealed partial class WorldGeneratorTests
{
    [Test]
    public void Generate_Default_GenuineFollowerCountsAreHeavyTailed()
    {
        var counts = GenuineRows(Default.Dataset).Select(r => (double)Default.Dataset.Accounts.FollowersCount![r]!.Value).Order().ToArray();

        var median = counts[counts.Length / 2];
        var mean = counts.Average();

        Assert.That(mean, Is.GreaterThan(2 * median));
        Assert.That(counts[^1], Is.GreaterThan(100 * median));
    }

    [Test]
    public void Generate_Default_InDegreeInDataIsHeavyTailed()
    {
        var data = Default.Dataset;
        var genuine = GenuineRows(data).ToHashSet();
        var inDegree = Enumerable.Range(0, data.Accounts.Count).Where(genuine.Contains).Select(r => data.FollowerIndex.FollowerCount(r)).Order().ToArray();

        Assert.That(inDegree[^1], Is.GreaterThan(20 * Math.Max(1, inDegree[inDegree.Length / 2])));
    }

    [Test]
    public void Generate_Default_GenuineProfilesLookHuman()
    {
        var accounts = Default.Dataset.Accounts;
        var rows = GenuineRows(Default.Dataset).ToList();

        double Share(Func<int, bool> predicate) => rows.Count(predicate) / (double)rows.Count;

        Assert.That(Share(r => accounts.HasAvatar![r] == true), Is.InRange(0.85, 0.95));
        Assert.That(Share(r => accounts.Bio![r] is not null), Is.InRange(0.6, 0.9));
        Assert.That(Share(r => accounts.DisplayName![r] is not null), Is.GreaterThan(0.85));
        Assert.That(Share(r => accounts.Location![r] is not null), Is.InRange(0.4, 0.8));
        Assert.That(Share(r => accounts.Handle![r]!.Any(char.IsAsciiDigit)), Is.InRange(0.1, 0.4));
        Assert.That(Share(r => accounts.Verified![r] == true), Is.InRange(0.001, 0.02));
        Assert.That(Share(r => accounts.LastPostAt![r] > Default.Dataset.ReferenceTime.AddDays(-30)), Is.InRange(0.5, 0.8));
    }

    [Test]
    public void Generate_Default_MoreAccountsCreatedInRecentYears()
    {
        var accounts = Default.Dataset.Accounts;
        var years = GenuineRows(Default.Dataset).Select(r => accounts.CreatedAt![r]!.Value.Year).ToList();

        Assert.That(years.Min(), Is.EqualTo(2007));
        Assert.That(years.Count(y => y >= 2021), Is.GreaterThan(years.Count(y => y <= 2011)));
    }

    [Test]
    public void Generate_Default_OrganicFollowsDipAtNightAndOnWeekends()
    {
        var data = Default.Dataset;
        var fakes = Default.Truth.FakeAccountIds();
        var times = Enumerable.Range(0, data.Follows.Count)
            .Where(e => !fakes.Contains(data.Follows.FollowerId[e]))
            .Select(e => data.Follows.FollowedAt![e]!.Value)
            .ToList();

        var night = times.Count(t => t.Hour is >= 3 and < 7) / 4.0;
        var evening = times.Count(t => t.Hour is >= 15 and < 19) / 4.0;
        var weekendPerDay = times.Count(t => t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) / 2.0;
        var weekdayPerDay = times.Count(t => t.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) / 5.0;

        Assert.That(night, Is.LessThan(0.5 * evening));
        Assert.That(weekendPerDay, Is.LessThan(0.9 * weekdayPerDay));
    }

    [Test]
    public void Generate_Default_AuditedGrowthRisesSmoothlyBeforeTheSnapshots()
    {
        var world = Default;
        var clean = world.Truth.AuditedAccounts.First(a => !a.Bought);
        var follows = world.Dataset.Follows;
        var years = Enumerable.Range(0, follows.Count)
            .Where(e => follows.FolloweeId[e] == clean.AccountId)
            .GroupBy(e => follows.FollowedAt![e]!.Value.Year)
            .ToDictionary(g => g.Key, g => g.Count());

        var firstFullYear = years.Keys.Min() + 1;
        Assert.That(years.GetValueOrDefault(2024), Is.GreaterThan(years.GetValueOrDefault(firstFullYear)));
        Assert.That(years.Keys.Count, Is.GreaterThanOrEqualTo(3), "followers arrive over years");
    }

    [Test]
    public void Generate_Default_GenuineFollowersEngageAtRealisticRates()
    {
        var world = Default;
        var posts = world.Dataset.Posts;
        foreach (var audited in world.Truth.AuditedAccounts.Where(a => !a.Bought))
        {
            var likeRates = Enumerable.Range(0, posts.Count)
                .Where(p => posts.AuthorId[p] == audited.AccountId && posts.PostedAt[p] > world.Dataset.ReferenceTime.AddDays(-60))
                .Select(p => posts.LikeCount![p]!.Value / (double)audited.GenuineFollowers)
                .ToList();

            Assert.That(likeRates, Is.Not.Empty);
            Assert.That(likeRates.Average(), Is.InRange(0.005, 0.08), audited.Handle);
            var replies = posts.ReplyCount!.Where((_, p) => posts.AuthorId[p] == audited.AccountId).Sum() ?? 0;
            var likes = posts.LikeCount!.Where((_, p) => posts.AuthorId[p] == audited.AccountId).Sum() ?? 0;
            Assert.That(replies, Is.LessThan(likes));
        }
    }

    [Test]
    public void Generate_Default_EngagersOfAuditedPostsFollowedBeforeThePost()
    {
        var world = Default;
        var data = world.Dataset;
        var followedAt = new Dictionary<(long, long), DateTime>();
        for (var e = 0; e < data.Follows.Count; e++)
        {
            followedAt[(data.Follows.FollowerId[e], data.Follows.FolloweeId[e])] = data.Follows.FollowedAt![e]!.Value;
        }

        var postAuthor = data.Posts.PostId.Select((id, p) => (id, p)).ToDictionary(x => x.id, x => (Author: data.Posts.AuthorId[x.p], At: data.Posts.PostedAt[x.p]!.Value));
        var audited = world.Truth.AuditedAccounts.Select(a => a.AccountId).ToHashSet();
        var problems = new List<int>();

        for (var k = 0; k < data.Engagements.Count; k++)
        {
            var post = postAuthor[data.Engagements.PostId[k]];
            if (audited.Contains(post.Author)
                && (!followedAt.TryGetValue((data.Engagements.ActorId[k], post.Author), out var at) || at > post.At || data.Engagements.At![k] < post.At))
            {
                problems.Add(k);
            }
        }

        Assert.That(problems, Is.Empty);
        Assert.That(data.Engagements.Count, Is.GreaterThan(10_000));
    }

    [Test]
    public void Generate_Default_SnapshotsMatchFollowTimes()
    {
        var world = Default;
        var data = world.Dataset;
        foreach (var audited in world.Truth.AuditedAccounts)
        {
            var times = Enumerable.Range(0, data.Follows.Count).Where(e => data.Follows.FolloweeId[e] == audited.AccountId).Select(e => data.Follows.FollowedAt![e]!.Value).ToList();
            var snaps = Enumerable.Range(0, data.Snapshots.Count).Where(s => data.Snapshots.AccountId[s] == audited.AccountId).ToList();

            Assert.That(snaps, Has.Count.EqualTo(WorldOptions.DefaultSnapshotDays + 1));
            foreach (var s in snaps.Where((_, i) => i % 37 == 0).Append(snaps[^1]))
            {
                Assert.That(data.Snapshots.FollowersCount![s], Is.EqualTo(times.Count(t => t <= data.Snapshots.At[s])), audited.Handle);
            }

            Assert.That(data.Snapshots.At[snaps[^1]], Is.LessThanOrEqualTo(data.ReferenceTime));
            Assert.That(snaps.Zip(snaps.Skip(1)).All(p => data.Snapshots.PostsCount![p.First] <= data.Snapshots.PostsCount![p.Second]), Is.True);
        }
    }

    private static IEnumerable<int> GenuineRows(AuditDataset data)
    {
        for (var r = 0; r < data.Accounts.Count; r++)
        {
            if (data.Accounts.Label![r] == AccountLabel.Genuine && !data.Accounts.Handle![r]!.StartsWith("influencer_", StringComparison.Ordinal))
            {
                yield return r;
            }
        }
    }
}
