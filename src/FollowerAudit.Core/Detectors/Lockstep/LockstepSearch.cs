namespace FollowerAudit.Core.Detectors.Lockstep;

/// <summary>
/// CopyCatch-style search for lockstep groups over timed follow edges: followers (≥ m) who each followed at least a
/// share ρ of the same accounts (≥ n), each follow within ±Δt of that account's centre time. Indices are caller ids
/// (account rows); times are ticks.
/// </summary>
/// <remarks>
/// <para>CopyCatch (Beutel, Xu, Guruswami, Palow, Faloutsos, WWW 2013) alternates between centre times and members
/// from seeds until convergence. This is a near-linear approximation of it:</para>
/// <list type="number">
/// <item>Bucket every edge by (followee, time bucket of width 4Δt) on two grids offset by 2Δt, so any set of follows
/// spanning at most 2Δt lies inside one bucket of one grid. Buckets with fewer than m edges cannot hold a group and are
/// dropped ("hot" buckets remain). One sort: O(E log E).</item>
/// <item>Followers in hot buckets of fewer than ⌈ρ·n⌉ distinct accounts cannot be members and are dropped.</item>
/// <item>Seeds are hot buckets, most candidates first. For a seed's unassigned candidates, count in which other hot
/// buckets they co-occur; buckets shared by ≥ m of them (best bucket per account) are the group's accounts.</item>
/// <item>Verify as CopyCatch does, for a few rounds: centre of each account = median follow time of the members;
/// a member keeps an account when its follow is within ±Δt of the centre; members need ≥ ρ of the accounts, accounts
/// need ≥ m members. A group that still has ≥ m members and ≥ n accounts is reported and its members are not reused.</item>
/// </list>
/// <para>Approximation: a group is only found if, for its accounts, at least m of its members fall into one
/// bucket, and candidates of a seed bucket are taken as found there (no global optimum). Cost after the sort is
/// linear in hot memberships plus, per seed, the hot memberships of its candidates (worst case Σ deg², in practice
/// small because hot buckets are rare). Buckets with more than <see cref="LockstepOptions.MaxBucketFollows"/> follows are
/// skipped, which bounds that cost.</para>
/// </remarks>
internal static class LockstepSearch
{
    private const int VerifyRounds = 3;

    internal sealed record AccountWindow(int Followee, long CenterTicks, long FirstTicks, long LastTicks, int[] Members);

    internal sealed record Group(int[] Members, AccountWindow[] Accounts);

    internal static IReadOnlyList<Group> Find(int nodeCount, int[] follower, int[] followee, long[] ticks, LockstepOptions options, CancellationToken cancellationToken)
    {
        var edgeCount = follower.Length;
        var m = options.MinFollowers;
        var n = options.MinAccounts;
        var delta = options.Window.Ticks;
        if (edgeCount == 0)
        {
            return [];
        }

        // 1. Bucket keys on two offset grids.
        var origin = ticks.Min();
        var width = 4 * delta;
        var keys = new long[2 * edgeCount];
        var edges = new int[2 * edgeCount];
        for (var e = 0; e < edgeCount; e++)
        {
            for (var grid = 0; grid < 2; grid++)
            {
                var bucket = (ticks[e] - origin + (grid * 2 * delta)) / width;
                keys[(2 * e) + grid] = ((long)followee[e] << 32) | (uint)((bucket * 2) + grid);
                edges[(2 * e) + grid] = e;
            }
        }

        Array.Sort(keys, edges);
        cancellationToken.ThrowIfCancellationRequested();

        // Hot buckets and memberships (follower, hot bucket, edge).
        var hotFollowee = new List<int>();
        var memberFollower = new List<int>();
        var memberHot = new List<int>();
        var memberEdge = new List<int>();
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            // Too busy a bucket is skipped (LockstepOptions.MaxBucketFollows): it bounds the search's cost.
            if (end - start >= m && end - start <= options.MaxBucketFollows)
            {
                var h = hotFollowee.Count;
                hotFollowee.Add(followee[edges[start]]);
                for (var k = start; k < end; k++)
                {
                    memberFollower.Add(follower[edges[k]]);
                    memberHot.Add(h);
                    memberEdge.Add(edges[k]);
                }
            }

            start = end;
        }

        if (hotFollowee.Count < n)
        {
            return [];
        }

        // 2. Memberships grouped by follower (CSR), and candidates: followers hot for at least ⌈ρ·n⌉ distinct accounts,
        // the fewest a member of a group of n accounts needs (asking for n would drop every member with ρ < 1).
        var minPerMember = MinAccountsPerMember(options);
        var byFollowerPtr = new int[nodeCount + 1];
        foreach (var f in memberFollower)
        {
            byFollowerPtr[f + 1]++;
        }

        for (var i = 0; i < nodeCount; i++)
        {
            byFollowerPtr[i + 1] += byFollowerPtr[i];
        }

        var cursor = byFollowerPtr[..^1].ToArray();
        var byFollowerHot = new int[memberFollower.Count];
        var byFollowerEdge = new int[memberFollower.Count];
        for (var k = 0; k < memberFollower.Count; k++)
        {
            var slot = cursor[memberFollower[k]]++;
            byFollowerHot[slot] = memberHot[k];
            byFollowerEdge[slot] = memberEdge[k];
        }

        var stamp = new int[nodeCount];
        Array.Fill(stamp, -1);
        var candidate = new bool[nodeCount];
        for (var u = 0; u < nodeCount; u++)
        {
            var distinct = 0;
            for (var k = byFollowerPtr[u]; k < byFollowerPtr[u + 1]; k++)
            {
                var g = hotFollowee[byFollowerHot[k]];
                if (stamp[g] != u)
                {
                    stamp[g] = u;
                    distinct++;
                }
            }

            candidate[u] = distinct >= minPerMember;
        }

        // Candidates of each hot bucket.
        var hotMembers = new List<int>[hotFollowee.Count];
        for (var h = 0; h < hotMembers.Length; h++)
        {
            hotMembers[h] = [];
        }

        for (var u = 0; u < nodeCount; u++)
        {
            if (!candidate[u])
            {
                continue;
            }

            for (var k = byFollowerPtr[u]; k < byFollowerPtr[u + 1]; k++)
            {
                hotMembers[byFollowerHot[k]].Add(u);
            }
        }

        // 3–4. Seeds, most candidates first (ties: lower bucket id, so runs are deterministic).
        var seeds = Enumerable.Range(0, hotMembers.Length).Where(h => hotMembers[h].Count >= m)
            .OrderByDescending(h => hotMembers[h].Count).ThenBy(h => h).ToArray();
        var assigned = new bool[nodeCount];
        var count = new int[hotFollowee.Count];
        var groups = new List<Group>();
        foreach (var seed in seeds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var members = hotMembers[seed].Where(u => !assigned[u]).ToList();
            if (members.Count < m)
            {
                continue;
            }

            var touched = new List<int>();
            foreach (var u in members)
            {
                for (var k = byFollowerPtr[u]; k < byFollowerPtr[u + 1]; k++)
                {
                    if (count[byFollowerHot[k]]++ == 0)
                    {
                        touched.Add(byFollowerHot[k]);
                    }
                }
            }

            // Best bucket per account among those shared by ≥ m members.
            var best = new Dictionary<int, int>();
            foreach (var h in touched)
            {
                if (count[h] >= m && (!best.TryGetValue(hotFollowee[h], out var other) || count[h] > count[other] || (count[h] == count[other] && h < other)))
                {
                    best[hotFollowee[h]] = h;
                }
            }

            foreach (var h in touched)
            {
                count[h] = 0;
            }

            if (best.Count < n)
            {
                continue;
            }

            var group = Verify(members, [.. best.Keys.Order()], followee, ticks, byFollowerPtr, byFollowerEdge, options);
            if (group is null)
            {
                continue;
            }

            foreach (var u in group.Members)
            {
                assigned[u] = true;
            }

            groups.Add(group);
        }

        return groups;
    }

    /// <summary>The fewest accounts a member of a smallest group follows in its windows: ⌈ρ·n⌉, at least 1.</summary>
    internal static int MinAccountsPerMember(LockstepOptions options) =>
        Math.Max(1, (int)Math.Ceiling((options.MinShare * options.MinAccounts) - 1e-9));

    // CopyCatch's alternating step: centres from members, members from centres, until stable (or a few rounds).
    private static Group? Verify(List<int> members, int[] accounts, int[] followee, long[] ticks, int[] byFollowerPtr, int[] byFollowerEdge, LockstepOptions options)
    {
        var delta = options.Window.Ticks;
        var current = members;
        var currentAccounts = accounts;
        Dictionary<int, List<(int Member, long Ticks)>> satisfied = [];
        for (var round = 0; round < VerifyRounds; round++)
        {
            var accountIndex = new Dictionary<int, int>();
            for (var a = 0; a < currentAccounts.Length; a++)
            {
                accountIndex[currentAccounts[a]] = a;
            }

            // Each member's follow time of each account (the edge is unique; it appears once per grid).
            var times = new List<long>[currentAccounts.Length];
            for (var a = 0; a < times.Length; a++)
            {
                times[a] = [];
            }

            var followTimes = new Dictionary<(int, int), long>();
            foreach (var u in current)
            {
                for (var k = byFollowerPtr[u]; k < byFollowerPtr[u + 1]; k++)
                {
                    var e = byFollowerEdge[k];
                    if (accountIndex.TryGetValue(followee[e], out var a) && followTimes.TryAdd((u, a), ticks[e]))
                    {
                        times[a].Add(ticks[e]);
                    }
                }
            }

            var centers = times.Select(t => t.Count == 0 ? long.MinValue : t.Order().ElementAt(t.Count / 2)).ToArray();
            var need = (int)Math.Ceiling((options.MinShare * currentAccounts.Length) - 1e-9);
            var next = new List<int>();
            foreach (var u in current)
            {
                var ok = 0;
                for (var a = 0; a < currentAccounts.Length; a++)
                {
                    if (followTimes.TryGetValue((u, a), out var t) && centers[a] != long.MinValue && Math.Abs(t - centers[a]) <= delta)
                    {
                        ok++;
                    }
                }

                if (ok >= need)
                {
                    next.Add(u);
                }
            }

            satisfied = [];
            foreach (var u in next)
            {
                for (var a = 0; a < currentAccounts.Length; a++)
                {
                    if (followTimes.TryGetValue((u, a), out var t) && centers[a] != long.MinValue && Math.Abs(t - centers[a]) <= delta)
                    {
                        if (!satisfied.TryGetValue(currentAccounts[a], out var list))
                        {
                            satisfied[currentAccounts[a]] = list = [];
                        }

                        list.Add((u, t));
                    }
                }
            }

            var nextAccounts = currentAccounts.Where(g => satisfied.TryGetValue(g, out var l) && l.Count >= options.MinFollowers).ToArray();
            var stable = next.Count == current.Count && nextAccounts.Length == currentAccounts.Length;
            current = next;
            currentAccounts = nextAccounts;
            if (current.Count < options.MinFollowers || currentAccounts.Length < options.MinAccounts)
            {
                return null;
            }

            if (stable)
            {
                break;
            }
        }

        var kept = current.ToHashSet();
        var windows = currentAccounts.Select(g =>
        {
            var list = satisfied[g].Where(x => kept.Contains(x.Member)).ToList();
            var sorted = list.Select(x => x.Ticks).Order().ToArray();
            return new AccountWindow(g, sorted[sorted.Length / 2], sorted[0], sorted[^1], [.. list.Select(x => x.Member).Order()]);
        }).ToArray();
        return new Group([.. current.Order()], windows);
    }
}
