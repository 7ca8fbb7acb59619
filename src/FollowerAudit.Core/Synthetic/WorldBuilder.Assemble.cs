using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Synthetic;

/// <summary>Ids, tables in id order, snapshots and the ground truth.</summary>
internal sealed partial class WorldBuilder
{
    private long[] _idOfRow = [];

    private SyntheticWorld Assemble(Random rng)
    {
        // Ids grow with creation time as on real platforms (see SnowflakeId).
        _idOfRow = new long[_total];
        for (var row = 0; row < _total; row++)
        {
            _idOfRow[row] = SnowflakeId(rng, _created[row]);
        }

        var perm = SortedUniqueIds(_idOfRow);
        TruncateTimesToSeconds();
        var accounts = BuildAccounts(perm);
        _cancellationToken.ThrowIfCancellationRequested();
        var follows = BuildFollows(perm);
        _cancellationToken.ThrowIfCancellationRequested();
        var (posts, engagements, postTicksByAudited) = BuildPostsAndEngagements(rng);
        var snapshots = BuildSnapshots(postTicksByAudited);
        var dataset = new AuditDataset(accounts, follows, posts, engagements, snapshots, null, new DateTime(_now, DateTimeKind.Utc));
        return new SyntheticWorld(dataset, BuildTruth());
    }

    private AccountTable BuildAccounts(int[] perm)
    {
        T[] P<T>(T[] column)
        {
            var result = new T[perm.Length];
            for (var k = 0; k < perm.Length; k++)
            {
                result[k] = column[perm[k]];
            }

            return result;
        }

        long?[] Counts(long[] column)
        {
            var result = new long?[perm.Length];
            for (var k = 0; k < perm.Length; k++)
            {
                result[k] = column[perm[k]];
            }

            return result;
        }

        bool?[] Flags(bool[] column)
        {
            var result = new bool?[perm.Length];
            for (var k = 0; k < perm.Length; k++)
            {
                result[k] = column[perm[k]];
            }

            return result;
        }

        var created = new DateTime?[perm.Length];
        var lastPost = new DateTime?[perm.Length];
        for (var k = 0; k < perm.Length; k++)
        {
            var row = perm[k];
            created[k] = new DateTime(_created[row], DateTimeKind.Utc);
            lastPost[k] = _lastPost[row] == 0 ? null : new DateTime(_lastPost[row], DateTimeKind.Utc);
        }

        return new AccountTable
        {
            AccountId = P(_idOfRow),
            Handle = P(_handle),
            DisplayName = P(_displayName),
            CreatedAt = created,
            FollowersCount = Counts(_followers),
            FollowingCount = Counts(_following),
            PostsCount = Counts(_posts),
            LikesGivenCount = Counts(_likesGiven),
            ListedCount = Counts(_listed),
            Bio = P(_bio),
            Location = P(_location),
            Url = P(_url),
            HasAvatar = Flags(_hasAvatar),
            Verified = Flags(_verified),
            Protected = Flags(_protected),
            DefaultProfile = Flags(_defaultProfile),
            LastPostAt = lastPost,
            Lang = P(_lang),
            Label = P(_label),
        };
    }

    /// <summary>Edges grouped by followee (in id order), each group earliest first, with follow ranks.</summary>
    private FollowTable BuildFollows(int[] byId)
    {
        var n = _edges.Count;
        var groupStart = new int[_total + 1];
        var followeeOrder = new int[_total];
        for (var k = 0; k < _total; k++)
        {
            followeeOrder[byId[k]] = k;
        }

        for (var e = 0; e < n; e++)
        {
            groupStart[followeeOrder[_edges.To[e]] + 1]++;
        }

        for (var k = 0; k < _total; k++)
        {
            groupStart[k + 1] += groupStart[k];
        }

        var cursor = groupStart[.._total];
        var slots = new int[n];
        var keys = new long[n];
        for (var e = 0; e < n; e++)
        {
            var slot = cursor[followeeOrder[_edges.To[e]]]++;
            slots[slot] = e;
            keys[slot] = _edges.Ticks[e];
        }

        var followerId = new long[n];
        var followeeId = new long[n];
        var followedAt = new DateTime?[n];
        var rank = new long?[n];
        for (var g = 0; g < _total; g++)
        {
            var from = groupStart[g];
            var length = groupStart[g + 1] - from;
            if (length == 0)
            {
                continue;
            }

            Array.Sort(keys, slots, from, length);
            for (var k = 0; k < length; k++)
            {
                var e = slots[from + k];
                followerId[from + k] = _idOfRow[_edges.From[e]];
                followeeId[from + k] = _idOfRow[_edges.To[e]];
                followedAt[from + k] = new DateTime(_edges.Ticks[e], DateTimeKind.Utc);
                rank[from + k] = k;
            }
        }

        return new FollowTable { FollowerId = followerId, FolloweeId = followeeId, FollowedAt = followedAt, FollowRank = rank };
    }

    private (PostTable Posts, EngagementTable Engagements, long[][] PostTicksByAudited) BuildPostsAndEngagements(Random rng)
    {
        var buffer = _postBuffer;
        var count = buffer.Count;
        var postIdOfIndex = new long[count];
        for (var p = 0; p < count; p++)
        {
            postIdOfIndex[p] = SnowflakeId(rng, buffer.Ticks[p]);
        }

        var order = SortedUniqueIds(postIdOfIndex);
        var posts = new PostTable
        {
            PostId = [.. order.Select(p => postIdOfIndex[p])],
            AuthorId = [.. order.Select(p => _idOfRow[buffer.Author[p]])],
            PostedAt = [.. order.Select(p => (DateTime?)new DateTime(buffer.Ticks[p], DateTimeKind.Utc))],
            LikeCount = [.. order.Select(p => (long?)buffer.Likes[p])],
            ReplyCount = [.. order.Select(p => (long?)buffer.Replies[p])],
            RepostCount = [.. order.Select(p => (long?)buffer.Reposts[p])],
            ViewCount = [.. order.Select(p => (long?)buffer.Views[p])],
        };

        // Engagements in time order (ties by post, then actor), as an activity log would list them.
        var e = _engagementBuffer;
        var rows = Enumerable.Range(0, e.Count).ToArray();
        Array.Sort(e.Ticks.ToArray(), rows);
        var engagements = new EngagementTable
        {
            PostId = [.. rows.Select(r => postIdOfIndex[e.Post[r]])],
            ActorId = [.. rows.Select(r => _idOfRow[e.Actor[r]])],
            Kind = [.. rows.Select(r => (EngagementKind)e.Kind[r])],
            At = [.. rows.Select(r => (DateTime?)new DateTime(e.Ticks[r], DateTimeKind.Utc))],
        };

        var byAudited = new List<long>[_audited];
        for (var a = 0; a < _audited; a++)
        {
            byAudited[a] = [];
        }

        for (var p = 0; p < count; p++)
        {
            if (AuditedAt(buffer.Author[p]) is { } plan)
            {
                byAudited[plan.Index].Add(buffer.Ticks[p]);
            }
        }

        var ticks = new long[_audited][];
        for (var a = 0; a < _audited; a++)
        {
            ticks[a] = [.. byAudited[a]];
            Array.Sort(ticks[a]);
        }

        return (posts, engagements, ticks);
    }

    /// <summary>Daily counts of each audited account, recomputed from the follow and post times (bursts show).</summary>
    private SnapshotTable BuildSnapshots(long[][] postTicksByAudited)
    {
        var followerTicks = new List<long>[_audited];
        var followingTicks = new List<long>[_audited];
        for (var a = 0; a < _audited; a++)
        {
            followerTicks[a] = [];
            followingTicks[a] = [];
        }

        for (var e = 0; e < _edges.Count; e++)
        {
            if (AuditedAt(_edges.To[e]) is { } target)
            {
                followerTicks[target.Index].Add(_edges.Ticks[e]);
            }

            if (AuditedAt(_edges.From[e]) is { } source)
            {
                followingTicks[source.Index].Add(_edges.Ticks[e]);
            }
        }

        var days = _options.SnapshotDays + 1;
        var total = days * _audited;
        var accountId = new long[total];
        var at = new DateTime[total];
        var followers = new long?[total];
        var following = new long?[total];
        var posts = new long?[total];
        var k = 0;
        foreach (var plan in _auditedPlans)
        {
            var fTicks = followerTicks[plan.Index].ToArray();
            var gTicks = followingTicks[plan.Index].ToArray();
            Array.Sort(fTicks);
            Array.Sort(gTicks);
            var pTicks = postTicksByAudited[plan.Index];
            var postsNow = _posts[plan.Row];
            for (var d = 0; d < days; d++)
            {
                var t = _windowStart + (d * TimeSpan.TicksPerDay);
                accountId[k] = _idOfRow[plan.Row];
                at[k] = new DateTime(t, DateTimeKind.Utc);
                followers[k] = UpperBound(fTicks, t);
                following[k] = UpperBound(gTicks, t);
                posts[k] = postsNow - (pTicks.Length - UpperBound(pTicks, t));
                k++;
            }
        }

        // Rows by account id, then time.
        var order = Enumerable.Range(0, total).ToArray();
        Array.Sort(order, (x, y) => accountId[x] != accountId[y] ? accountId[x].CompareTo(accountId[y]) : at[x].CompareTo(at[y]));
        return new SnapshotTable
        {
            AccountId = [.. order.Select(i => accountId[i])],
            At = [.. order.Select(i => at[i])],
            FollowersCount = [.. order.Select(i => followers[i])],
            FollowingCount = [.. order.Select(i => following[i])],
            PostsCount = [.. order.Select(i => posts[i])],
        };
    }

    private GroundTruth BuildTruth()
    {
        var audited = _auditedPlans
            .Select(p => new AuditedAccountTruth(
                _idOfRow[p.Row],
                _handle[p.Row]!,
                p.Bought,
                p.GenuineFollowers,
                _purchases.Where(x => x.Buyer == p.Index).Sum(x => x.FollowerRows.Length)))
            .ToList();

        var purchases = _purchases
            .Select(p =>
            {
                var created = p.FollowerRows.Select(r => _created[r]).ToArray();
                return new PurchaseTruth(
                    _idOfRow[_auditedPlans[p.Buyer].Row],
                    p.Vendor,
                    Utc(p.FollowTicks[0]),
                    Utc(p.FollowTicks[^1]),
                    Utc(created.Min()),
                    Utc(created.Max()),
                    [.. p.Block.WindowStart.Select((s, w) => new CreationWindow(Utc(s), Utc(p.Block.WindowEnd[w])))],
                    p.Pool,
                    [.. p.FollowerRows.Select(r => _idOfRow[r]).Order()]);
            })
            .OrderBy(p => p.DeliveryStart)
            .ThenBy(p => p.AccountId)
            .ToList();

        var pods = _auditedPlans
            .Where(p => p.Pod is not null)
            .Select(p => new PodTruth(_idOfRow[p.Row], Utc(p.Pod!.FollowTicks[0]), [.. p.Pod.FollowerRows.Select(r => _idOfRow[r]).Order()]))
            .ToList();

        var delivered = new HashSet<int>(_purchases.SelectMany(p => p.FollowerRows));
        var unsold = _blocks
            .SelectMany(b => Enumerable.Range(b.FirstRow, b.Count))
            .Where(r => !delivered.Contains(r))
            .Select(r => _idOfRow[r])
            .Order()
            .ToList();

        var bursts = _auditedPlans
            .Where(p => p.ViralTicks != 0)
            .Select(p => new OrganicBurstTruth(_idOfRow[p.Row], Utc(p.ViralTicks), p.ViralFollowers))
            .ToList();

        return new GroundTruth(_options.Seed, new DateTime(_now, DateTimeKind.Utc), audited, purchases, pods, bursts, unsold);
    }

    /// <summary>A UTC time truncated to the whole second, as the platforms' APIs report times.</summary>
    private static DateTime Utc(long ticks) => new(Second(ticks), DateTimeKind.Utc);

    private static long Second(long ticks) => ticks - (ticks % TimeSpan.TicksPerSecond);

    /// <summary>
    /// Truncates every stored time to whole seconds before the tables and snapshots are built, so the data survives a
    /// millisecond (or second) file format unchanged and the truth's windows still contain every event.
    /// </summary>
    private void TruncateTimesToSeconds()
    {
        for (var row = 0; row < _total; row++)
        {
            _created[row] = Second(_created[row]);
            _lastPost[row] = Second(_lastPost[row]);
        }

        for (var e = 0; e < _edges.Count; e++)
        {
            _edges.Ticks[e] = Second(_edges.Ticks[e]);
        }

        for (var p = 0; p < _postBuffer.Count; p++)
        {
            _postBuffer.Ticks[p] = Second(_postBuffer.Ticks[p]);
        }

        for (var k = 0; k < _engagementBuffer.Count; k++)
        {
            _engagementBuffer.Ticks[k] = Second(_engagementBuffer.Ticks[k]);
        }
    }

    /// <summary>Snowflake-like id: milliseconds since 2006 in the high bits, a random 12-bit sequence below.</summary>
    private static long SnowflakeId(Random rng, long ticks) =>
        (((ticks - Epoch2006) / TimeSpan.TicksPerMillisecond) << 12) | (long)rng.Next(4096);

    /// <summary>
    /// Sorts indices by id and makes the ids unique in place by bumping a (rare) repeat to one more than its
    /// predecessor, which keeps the order.
    /// </summary>
    /// <returns>The indices in ascending id order.</returns>
    private static int[] SortedUniqueIds(long[] ids)
    {
        var order = Enumerable.Range(0, ids.Length).ToArray();
        var sorted = (long[])ids.Clone();
        Array.Sort(sorted, order);
        for (var k = 1; k < sorted.Length; k++)
        {
            if (sorted[k] <= sorted[k - 1])
            {
                sorted[k] = sorted[k - 1] + 1;
            }

            ids[order[k]] = sorted[k];
        }

        return order;
    }
}
