namespace FollowerAudit.Core.Model;

/// <summary>
/// The optional tables grouped by account, built once per dataset in O(rows): each account's posts, the engagements
/// on each post, each account's snapshots. Cutting many accounts' slices then costs their own rows, not a scan of
/// every table per account.
/// </summary>
public sealed class ActivityIndex
{
    private readonly Groups _postsByAuthor;
    private readonly Groups _engagementsByPost;
    private readonly Groups _snapshotsByAccount;

    private ActivityIndex(Groups postsByAuthor, Groups engagementsByPost, Groups snapshotsByAccount)
    {
        _postsByAuthor = postsByAuthor;
        _engagementsByPost = engagementsByPost;
        _snapshotsByAccount = snapshotsByAccount;
    }

    /// <summary>Rows of <see cref="AuditDataset.Posts"/> written by an account row, in table order.</summary>
    /// <param name="accountRow">The author's row.</param>
    /// <returns>The post rows.</returns>
    public ReadOnlySpan<int> PostRows(int accountRow) => _postsByAuthor.Of(accountRow);

    /// <summary>Rows of <see cref="AuditDataset.Engagements"/> on a post row, in table order.</summary>
    /// <param name="postRow">The post's row.</param>
    /// <returns>The engagement rows.</returns>
    public ReadOnlySpan<int> EngagementRows(int postRow) => _engagementsByPost.Of(postRow);

    /// <summary>Rows of <see cref="AuditDataset.Snapshots"/> of an account row, in table order.</summary>
    /// <param name="accountRow">The account's row.</param>
    /// <returns>The snapshot rows.</returns>
    public ReadOnlySpan<int> SnapshotRows(int accountRow) => _snapshotsByAccount.Of(accountRow);

    internal static ActivityIndex Build(AuditDataset dataset)
    {
        var accounts = dataset.Accounts;
        int AccountRow(long id) => accounts.TryGetRow(id, out var row) ? row : -1;
        var posts = dataset.Posts;
        var postRowById = new Dictionary<long, int>(posts.Count);
        for (var i = 0; i < posts.Count; i++)
        {
            postRowById.TryAdd(posts.PostId[i], i);
        }

        var engagements = dataset.Engagements;
        var snapshots = dataset.Snapshots;
        return new ActivityIndex(
            Groups.Build(accounts.Count, posts.Count, i => AccountRow(posts.AuthorId[i])),
            Groups.Build(posts.Count, engagements.Count, i => postRowById.TryGetValue(engagements.PostId[i], out var p) ? p : -1),
            Groups.Build(accounts.Count, snapshots.Count, i => AccountRow(snapshots.AccountId[i])));
    }

    // Rows grouped by key in compressed-sparse-row form (a counting sort), the layout of FollowerIndex.
    private sealed class Groups(int[] offsets, int[] rows)
    {
        public ReadOnlySpan<int> Of(int key) => rows.AsSpan(offsets[key], offsets[key + 1] - offsets[key]);

        public static Groups Build(int keys, int count, Func<int, int> keyOf)
        {
            var key = new int[count];
            var offsets = new int[keys + 1];
            for (var i = 0; i < count; i++)
            {
                key[i] = keyOf(i);
                if (key[i] >= 0)
                {
                    offsets[key[i] + 1]++;
                }
            }

            for (var k = 0; k < keys; k++)
            {
                offsets[k + 1] += offsets[k];
            }

            var cursor = offsets[..^1].ToArray();
            var rows = new int[offsets[^1]];
            for (var i = 0; i < count; i++)
            {
                if (key[i] >= 0)
                {
                    rows[cursor[key[i]]++] = i;
                }
            }

            return new Groups(offsets, rows);
        }
    }
}
