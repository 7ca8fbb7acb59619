using FollowerAudit.Core.Model;
using FollowerAudit.Core.Synthetic;
using FollowerAudit.Testing;

namespace FollowerAudit.Core.Tests.Synthetic;

public sealed partial class WorldGeneratorTests
{
    private static readonly DateTime Year2006 = new(2006, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static SyntheticWorld Default => SyntheticFollowers.DefaultWorld();

    private static SyntheticWorld Demo => SyntheticFollowers.World();

    [Test]
    public void Generate_SameSeed_IdenticalTablesAndTruth()
    {
        var options = WorldOptions.Demo with { Seed = 11 };

        var first = WorldGenerator.Generate(options);
        var second = WorldGenerator.Generate(options);

        AssertSameTables(first.Dataset, second.Dataset);
        Assert.That(second.Truth.ToJson(), Is.EqualTo(first.Truth.ToJson()));
    }

    [Test]
    public void Generate_DifferentSeed_DifferentOutput()
    {
        var first = WorldGenerator.Generate(WorldOptions.Demo with { Seed = 1 });
        var second = WorldGenerator.Generate(WorldOptions.Demo with { Seed = 2 });

        Assert.That(second.Dataset.Accounts.AccountId, Is.Not.EqualTo(first.Dataset.Accounts.AccountId));
        Assert.That(second.Dataset.Follows.FollowedAt, Is.Not.EqualTo(first.Dataset.Follows.FollowedAt));
        Assert.That(second.Truth.ToJson(), Is.Not.EqualTo(first.Truth.ToJson()));
    }

    [Test]
    public void Generate_Default_EveryEdgeJoinsKnownAccountsWithoutSelfFollowsOrDuplicates()
    {
        var data = Default.Dataset;
        var ids = new HashSet<long>(data.Accounts.AccountId);
        var edges = new HashSet<(long, long)>();
        var problems = new List<string>();

        for (var e = 0; e < data.Follows.Count; e++)
        {
            var (from, to) = (data.Follows.FollowerId[e], data.Follows.FolloweeId[e]);
            if (!ids.Contains(from) || !ids.Contains(to))
            {
                problems.Add($"edge {e}: unknown account");
            }

            if (from == to)
            {
                problems.Add($"edge {e}: self-follow");
            }

            if (!edges.Add((from, to)))
            {
                problems.Add($"edge {e}: duplicate");
            }
        }

        Assert.That(ids, Has.Count.EqualTo(data.Accounts.Count), "account ids are unique");
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Generate_Default_TimestampsWithinRangeAndFollowsAfterBothAccountsExist()
    {
        var data = Default.Dataset;
        var now = data.ReferenceTime;
        var created = data.Accounts.AccountId.Select((id, row) => (id, row)).ToDictionary(x => x.id, x => data.Accounts.CreatedAt![x.row]!.Value);
        var problems = new List<string>();

        foreach (var t in created.Values.Where(t => t < Year2006 || t > now))
        {
            problems.Add($"created {t:o}");
        }

        for (var e = 0; e < data.Follows.Count; e++)
        {
            var at = data.Follows.FollowedAt![e]!.Value;
            if (at > now || at < created[data.Follows.FollowerId[e]] || at < created[data.Follows.FolloweeId[e]])
            {
                problems.Add($"edge {e} at {at:o}");
            }
        }

        for (var row = 0; row < data.Accounts.Count; row++)
        {
            if (data.Accounts.LastPostAt![row] is { } last && (last > now || last < data.Accounts.CreatedAt![row]))
            {
                problems.Add($"last post of row {row} at {last:o}");
            }
        }

        problems.AddRange(data.Posts.PostedAt.Where(t => t is null || t > now || t < Year2006).Select(t => $"post at {t:o}"));
        problems.AddRange(data.Engagements.At!.Where(t => t is null || t > now || t < Year2006).Select(t => $"engagement at {t:o}"));
        Assert.That(problems, Is.Empty);
        Assert.That(data.ReferenceTime, Is.EqualTo(WorldOptions.DefaultReferenceTime));
        Assert.That(data.Follows.FollowedAt!.Concat(data.Accounts.CreatedAt!).Concat(data.Engagements.At!).Select(t => t!.Value.Ticks % TimeSpan.TicksPerSecond), Has.All.Zero, "whole seconds, as platform APIs report");
    }

    [Test]
    public void Generate_Default_FollowRankOrdersEachFolloweesFollowersByTime()
    {
        var follows = Default.Dataset.Follows;
        var byFollowee = Enumerable.Range(0, follows.Count).GroupBy(e => follows.FolloweeId[e]);
        var problems = new List<long>();

        foreach (var group in byFollowee)
        {
            var ordered = group.OrderBy(e => follows.FollowRank![e]).ToList();
            var ranksOk = ordered.Select(e => follows.FollowRank![e]!.Value).SequenceEqual(Enumerable.Range(0, ordered.Count).Select(i => (long)i));
            var timesOk = ordered.Zip(ordered.Skip(1)).All(p => follows.FollowedAt![p.First] <= follows.FollowedAt![p.Second]);
            if (!ranksOk || !timesOk)
            {
                problems.Add(group.Key);
            }
        }

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Generate_Default_FollowsAmongBackgroundAccountsExist()
    {
        var world = Default;
        var audited = world.Truth.AuditedAccounts.Select(a => a.AccountId).ToHashSet();

        var background = Enumerable.Range(0, world.Dataset.Follows.Count).Count(e => !audited.Contains(world.Dataset.Follows.FolloweeId[e]));

        Assert.That(background, Is.GreaterThan(WorldOptions.DefaultGenuineAccounts * 3));
        Assert.That(world.Dataset.Follows.Count, Is.LessThan(1_000_000), "the default world stays moderate");
    }

    [Test]
    public void Generate_Default_LabelsMatchTruth()
    {
        var world = Default;
        var accounts = world.Dataset.Accounts;
        var fakes = world.Truth.FakeAccountIds();

        var mislabelled = Enumerable.Range(0, accounts.Count)
            .Where(r => accounts.Label![r] != (fakes.Contains(accounts.AccountId[r]) ? AccountLabel.Fake : AccountLabel.Genuine))
            .ToList();

        Assert.That(mislabelled, Is.Empty);
        Assert.That(fakes, Is.Not.Empty);
    }

    [Test]
    public void Generate_Default_AuditedTruthMatchesFollowersInData()
    {
        var world = Default;
        var follows = world.Dataset.Follows;
        var fakes = world.Truth.FakeAccountIds();

        foreach (var audited in world.Truth.AuditedAccounts)
        {
            var followers = Enumerable.Range(0, follows.Count).Where(e => follows.FolloweeId[e] == audited.AccountId).Select(e => follows.FollowerId[e]).ToList();
            world.Dataset.Accounts.TryGetRow(audited.AccountId, out var row);

            Assert.That(followers.Count(fakes.Contains), Is.EqualTo(audited.FakeFollowers), audited.Handle);
            Assert.That(followers, Has.Count.EqualTo(audited.GenuineFollowers + audited.FakeFollowers), audited.Handle);
            Assert.That(world.Dataset.Accounts.FollowersCount![row], Is.EqualTo(followers.Count), audited.Handle);
            Assert.That(world.Dataset.Accounts.Handle![row], Is.EqualTo(audited.Handle));
        }
    }

    [Test]
    public void Generate_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.That(() => WorldGenerator.Generate(WorldOptions.Demo, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Generate_InvalidOptions_ThrowsWithEveryProblem()
    {
        var options = WorldOptions.Default with { GenuineAccounts = 5, AuditedAccounts = 0 };

        Assert.That(
            () => WorldGenerator.Generate(options),
            Throws.ArgumentException.With.Message.Contains("GenuineAccounts").And.Message.Contains("AuditedAccounts"));
    }

    private static void AssertSameTables(AuditDataset a, AuditDataset b)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(b.Accounts.AccountId, Is.EqualTo(a.Accounts.AccountId));
            Assert.That(b.Accounts.Handle, Is.EqualTo(a.Accounts.Handle));
            Assert.That(b.Accounts.DisplayName, Is.EqualTo(a.Accounts.DisplayName));
            Assert.That(b.Accounts.Bio, Is.EqualTo(a.Accounts.Bio));
            Assert.That(b.Accounts.CreatedAt, Is.EqualTo(a.Accounts.CreatedAt));
            Assert.That(b.Accounts.FollowersCount, Is.EqualTo(a.Accounts.FollowersCount));
            Assert.That(b.Accounts.FollowingCount, Is.EqualTo(a.Accounts.FollowingCount));
            Assert.That(b.Accounts.PostsCount, Is.EqualTo(a.Accounts.PostsCount));
            Assert.That(b.Accounts.HasAvatar, Is.EqualTo(a.Accounts.HasAvatar));
            Assert.That(b.Accounts.LastPostAt, Is.EqualTo(a.Accounts.LastPostAt));
            Assert.That(b.Accounts.Label, Is.EqualTo(a.Accounts.Label));
            Assert.That(b.Follows.FollowerId, Is.EqualTo(a.Follows.FollowerId));
            Assert.That(b.Follows.FolloweeId, Is.EqualTo(a.Follows.FolloweeId));
            Assert.That(b.Follows.FollowedAt, Is.EqualTo(a.Follows.FollowedAt));
            Assert.That(b.Follows.FollowRank, Is.EqualTo(a.Follows.FollowRank));
            Assert.That(b.Posts.PostId, Is.EqualTo(a.Posts.PostId));
            Assert.That(b.Posts.LikeCount, Is.EqualTo(a.Posts.LikeCount));
            Assert.That(b.Engagements.ActorId, Is.EqualTo(a.Engagements.ActorId));
            Assert.That(b.Engagements.At, Is.EqualTo(a.Engagements.At));
            Assert.That(b.Snapshots.FollowersCount, Is.EqualTo(a.Snapshots.FollowersCount));
        }
    }
}
