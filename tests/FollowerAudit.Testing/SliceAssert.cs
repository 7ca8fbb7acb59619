using FollowerAudit.Core.Pipeline;
using NUnit.Framework;

namespace FollowerAudit.Testing;

/// <summary>Compares two account slices column by column (the slices a read from the files, a cache or a full read give).</summary>
public static class SliceAssert
{
    private static readonly (string Name, Func<AccountSlice, object?> Get)[] Parts =
    [
        ("follower ids", s => s.Followers.AccountId),
        ("follower handles", s => s.Followers.Handle),
        ("follower bios", s => s.Followers.Bio),
        ("follower creation times", s => s.Followers.CreatedAt),
        ("follower following counts", s => s.Followers.FollowingCount),
        ("follower posts counts", s => s.Followers.PostsCount),
        ("follower handle digit shares", s => s.Followers.HandleDigitShare),
        ("follower labels", s => s.Followers.Label),
        ("follow times", s => s.FollowedAt),
        ("follow times estimated", s => s.FollowedAtEstimated),
        ("posts", s => s.Posts.PostId),
        ("engagements", s => s.Engagements.ActorId),
        ("snapshots", s => s.Snapshots.At),
        ("account id", s => s.Account.AccountId),
        ("account bio", s => s.Account.Bio),
        ("reference time", s => s.ReferenceTime),
        ("followers in data", s => s.TotalFollowersInData),
        ("population", s => s.Population?.CreationTicksSorted),
        ("accounts in data", s => s.Population?.AccountsInData),
    ];

    /// <summary>Asserts that <paramref name="actual"/> holds the same rows, in the same order, as <paramref name="expected"/>.</summary>
    /// <param name="actual">The slice under test.</param>
    /// <param name="expected">The reference slice.</param>
    /// <param name="because">Names the case in a failure.</param>
    public static void Same(AccountSlice actual, AccountSlice expected, string because)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        Assert.Multiple(() =>
        {
            foreach (var (name, get) in Parts)
            {
                Assert.That(get(actual), Is.EqualTo(get(expected)), $"{because}: {name}");
            }
        });
    }
}
