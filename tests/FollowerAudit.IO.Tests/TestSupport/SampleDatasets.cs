using FollowerAudit.Core.Model;

namespace FollowerAudit.IO.Tests.TestSupport;

/// <summary>Datasets with every table and column filled, nulls included, for round trips.</summary>
internal static class SampleDatasets
{
    public static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int millisecond = 0) =>
        new(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);

    /// <summary>Three accounts, three edges, two posts, two engagements, two snapshots; every column present.</summary>
    public static AuditDataset Full() => new(
        new AccountTable
        {
            AccountId = [10, 20, 30],
            Handle = ["alice", null, "bob99"],
            DisplayName = ["Alice A", "Zed", null],
            CreatedAt = [Utc(2012, 3, 4, 5, 6, 7, 890), null, Utc(2024, 12, 31, 23, 59, 59, 999)],
            FollowersCount = [1000, null, 0],
            FollowingCount = [10, 20, null],
            PostsCount = [null, 5, 6],
            LikesGivenCount = [7, 8, null],
            ListedCount = [0, null, 3],
            Bio = ["hello", null, ""],
            Location = [null, "Paris", "Oslo"],
            Url = ["https://a.example", null, null],
            HasAvatar = [true, false, null],
            Verified = [false, null, true],
            Protected = [null, true, false],
            DefaultProfile = [true, null, false],
            LastPostAt = [null, Utc(2025, 1, 2), Utc(2025, 5, 1, 12, 0, 0, 5)],
            Lang = ["en", "fr", null],
            Label = [AccountLabel.Genuine, AccountLabel.Unknown, AccountLabel.Fake],
            HandleLength = [5, null, 5],
            HandleDigitShare = [0.0, null, 0.4],
            DisplayNameWords = [2, 1, null],
            DisplayNameDigitShare = [null, 0.0, 1.0],
            BioLength = [5, null, 0],
            HasUrl = [true, false, null],
        },
        new FollowTable
        {
            FollowerId = [20, 30, 10],
            FolloweeId = [10, 10, 30],
            FollowedAt = [Utc(2020, 1, 1, 1, 1, 1, 1), null, Utc(2021, 6, 6)],
            FollowRank = [0, 1, null],
        },
        new PostTable
        {
            PostId = [500, 501],
            AuthorId = [10, 30],
            PostedAt = [Utc(2024, 2, 2), null],
            LikeCount = [3, null],
            ReplyCount = [null, 1],
            RepostCount = [0, 0],
            ViewCount = [100, null],
        },
        new EngagementTable
        {
            PostId = [500, 500, 501, 501],
            ActorId = [20, 30, 10, 20],
            Kind = [EngagementKind.Like, EngagementKind.Reply, EngagementKind.Repost, EngagementKind.Quote],
            At = [Utc(2024, 2, 3), null, Utc(2024, 2, 4), null],
        },
        new SnapshotTable
        {
            AccountId = [10, 10],
            At = [Utc(2024, 1, 1), Utc(2024, 2, 1, 0, 0, 0, 250)],
            FollowersCount = [900, 1000],
            FollowingCount = [null, 10],
            PostsCount = [1, null],
        });

    /// <summary>Accounts with only ids and edges with only ids: the smallest valid dataset.</summary>
    public static AuditDataset Minimal(int accounts, int edgesPerFollowee = 1)
    {
        var ids = Enumerable.Range(1, accounts).Select(i => (long)i).ToArray();
        var followers = new List<long>();
        var followees = new List<long>();
        for (var followee = 1; followee <= accounts; followee++)
        {
            for (var k = 1; k <= edgesPerFollowee; k++)
            {
                followers.Add(((followee + k - 1) % accounts) + 1);
                followees.Add(followee);
            }
        }

        return new AuditDataset(
            new AccountTable { AccountId = ids },
            new FollowTable { FollowerId = [.. followers], FolloweeId = [.. followees] });
    }
}
