namespace FollowerAudit.Core.Model;

/// <summary>
/// The follow edges grouped by followee in compressed-sparse-row form: for the account in row <c>r</c>,
/// <c>EdgeRows[Offsets[r]..Offsets[r + 1]]</c> are the rows of <see cref="FollowTable"/> that follow it, and
/// <c>FollowerRows</c> holds the same edges' follower account rows. Built in O(edges) with a counting sort.
/// </summary>
public sealed class FollowerIndex
{
    private FollowerIndex(int[] offsets, int[] edgeRows, int[] followerRows, int[] followingCount)
    {
        Offsets = offsets;
        EdgeRows = edgeRows;
        FollowerRows = followerRows;
        FollowingCountInData = followingCount;
    }

    /// <summary>Per account row, the start of its followers in <see cref="EdgeRows"/>; length accounts + 1.</summary>
    public int[] Offsets { get; }

    /// <summary>Edge rows grouped by followee, in table order within each group.</summary>
    public int[] EdgeRows { get; }

    /// <summary>The follower's account row of each entry of <see cref="EdgeRows"/>.</summary>
    public int[] FollowerRows { get; }

    /// <summary>Per account row, how many edges in the data start at it (its out-degree in this dataset).</summary>
    public int[] FollowingCountInData { get; }

    /// <summary>Number of followers of an account row in this dataset.</summary>
    /// <param name="accountRow">The followee's row.</param>
    /// <returns>The in-degree.</returns>
    public int FollowerCount(int accountRow) => Offsets[accountRow + 1] - Offsets[accountRow];

    internal static FollowerIndex Build(AuditDataset dataset)
    {
        var accounts = dataset.Accounts;
        var follows = dataset.Follows;
        var offsets = new int[accounts.Count + 1];
        var followeeRow = new int[follows.Count];
        var followerRow = new int[follows.Count];
        var outDegree = new int[accounts.Count];
        for (var e = 0; e < follows.Count; e++)
        {
            // The loader rejects edges to unknown accounts, so both lookups succeed on loaded data.
            accounts.TryGetRow(follows.FolloweeId[e], out followeeRow[e]);
            accounts.TryGetRow(follows.FollowerId[e], out followerRow[e]);
            if (followeeRow[e] >= 0)
            {
                offsets[followeeRow[e] + 1]++;
            }

            if (followerRow[e] >= 0)
            {
                outDegree[followerRow[e]]++;
            }
        }

        for (var i = 0; i < accounts.Count; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var cursor = offsets[..^1].ToArray();
        var edgeRows = new int[offsets[^1]];
        var followerRows = new int[offsets[^1]];
        for (var e = 0; e < follows.Count; e++)
        {
            if (followeeRow[e] < 0)
            {
                continue;
            }

            var slot = cursor[followeeRow[e]]++;
            edgeRows[slot] = e;
            followerRows[slot] = followerRow[e];
        }

        return new FollowerIndex(offsets, edgeRows, followerRows, outDegree);
    }
}
