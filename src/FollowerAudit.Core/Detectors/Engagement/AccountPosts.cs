using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.Engagement;

/// <summary>One account's dated posts, oldest first, with the interactions each received.</summary>
internal sealed class AccountPosts
{
    private AccountPosts(long[] postIds, DateTime[] postedAt, double[] interactions)
    {
        PostIds = postIds;
        PostedAt = postedAt;
        Interactions = interactions;
    }

    public long[] PostIds { get; }

    public DateTime[] PostedAt { get; }

    /// <summary>Likes + replies + reposts: the public counts where the data has them, else engagement rows.</summary>
    public double[] Interactions { get; }

    public int Count => PostIds.Length;

    public List<double> InMonth(DateTime monthStart)
    {
        var end = monthStart.AddMonths(1);
        return [.. Enumerable.Range(0, Count).Where(i => PostedAt[i] >= monthStart && PostedAt[i] < end).Select(i => Interactions[i])];
    }

    /// <summary>The dated posts of a slice's account.</summary>
    public static AccountPosts Of(AccountSlice slice)
    {
        var posts = slice.Posts;
        var rows = Enumerable.Range(0, posts.Count)
            .Where(i => posts.PostedAt[i] is not null)
            .OrderBy(i => posts.PostedAt[i]).ThenBy(i => posts.PostId[i])
            .ToArray();
        var ids = rows.Select(i => posts.PostId[i]).ToArray();
        var interactions = new double[rows.Length];
        if (posts.LikeCount is not null || posts.ReplyCount is not null || posts.RepostCount is not null)
        {
            for (var k = 0; k < rows.Length; k++)
            {
                interactions[k] = (posts.LikeCount?[rows[k]] ?? 0) + (posts.ReplyCount?[rows[k]] ?? 0) + (posts.RepostCount?[rows[k]] ?? 0);
            }
        }
        else
        {
            var position = new Dictionary<long, int>(rows.Length);
            for (var k = 0; k < ids.Length; k++)
            {
                position[ids[k]] = k;
            }

            var engagements = slice.Engagements;
            for (var e = 0; e < engagements.Count; e++)
            {
                if (position.TryGetValue(engagements.PostId[e], out var k))
                {
                    interactions[k]++;
                }
            }
        }

        return new AccountPosts(ids, [.. rows.Select(i => posts.PostedAt[i]!.Value)], interactions);
    }
}
