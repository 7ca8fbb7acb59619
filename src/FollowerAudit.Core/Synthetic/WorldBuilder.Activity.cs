using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Synthetic;

/// <summary>Public counts, posts and engagements.</summary>
internal sealed partial class WorldBuilder
{
    private const byte Like = (byte)EngagementKind.Like;
    private const byte Reply = (byte)EngagementKind.Reply;
    private const byte Repost = (byte)EngagementKind.Repost;

    /// <summary>Chance that a bought (non-pod) follower likes a given post: bought followers almost never engage.</summary>
    private const double FakeLikeRate = 0.0003;

    private int[] _inDegree = [];
    private int[] _outDegree = [];

    /// <summary>
    /// Public counts. The data holds only part of each genuine account's graph, so its public follower count is a
    /// heavy-tailed draw matched by rank to its in-degree here (popular in the data = popular on the platform) and
    /// never below it. Audited accounts were crawled completely: their counts equal the data.
    /// </summary>
    private void FinishCounts(Random rng)
    {
        _inDegree = new int[_total];
        _outDegree = new int[_total];
        for (var e = 0; e < _edges.Count; e++)
        {
            _outDegree[_edges.From[e]]++;
            _inDegree[_edges.To[e]]++;
        }

        var scores = new double[_genuine];
        var order = new int[_genuine];
        var draws = new double[_genuine];
        for (var i = 0; i < _genuine; i++)
        {
            scores[i] = Math.Log(1 + _inDegree[i]) + (0.8 * Sampling.Normal(rng));
            order[i] = i;
            draws[i] = Sampling.LogNormal(rng, 110, 1.7);
        }

        Array.Sort(scores, order);
        Array.Sort(draws);
        var verifiedFrom = (int)(0.998 * _genuine);
        for (var rank = 0; rank < _genuine; rank++)
        {
            var i = order[rank];

            // Young accounts have not had time to gather (or follow) thousands.
            var ageDays = (double)(_now - _created[i]) / TimeSpan.TicksPerDay;
            _followers[i] = Math.Max((long)Math.Min(draws[rank], 5 + (ageDays * 40)), _inDegree[i]);
            _following[i] = Math.Max((long)Math.Min(Sampling.LogNormal(rng, 180, 1.1), 20 + (ageDays * 15)), _outDegree[i]);
            _listed[i] = (long)(_followers[i] * Sampling.LogUniform(rng, 0.001, 0.02));
            _verified[i] = Sampling.Chance(rng, rank >= verifiedFrom ? 0.5 : 0.003);
            if (_lurker[i])
            {
                _followers[i] = Math.Max((long)Sampling.LogUniform(rng, 1, 40) - 1, _inDegree[i]);
                _following[i] = Math.Max((long)Sampling.LogUniform(rng, 5, 300), _outDegree[i]);
                _listed[i] = 0;
                _verified[i] = false;
            }
        }

        foreach (var plan in _auditedPlans)
        {
            var row = plan.Row;
            _followers[row] = _inDegree[row];
            _following[row] = _outDegree[row];
            _listed[row] = (long)(_followers[row] * Sampling.LogUniform(rng, 0.005, 0.02));
            _likesGiven[row] = (long)Sampling.LogUniform(rng, 2000, 40000);
        }

        for (var row = _genuine + _audited; row < _total; row++)
        {
            _followers[row] = Math.Max(_followers[row], _inDegree[row]);
            _following[row] = Math.Max(_following[row], _outDegree[row]);
        }
    }

    private void GeneratePosts(Random rng)
    {
        var picked = new HashSet<int>();
        foreach (var plan in _auditedPlans)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            AuditedPosts(rng, plan, picked);
        }

        foreach (var plan in _auditedPlans)
        {
            if (plan.Pod is { } pod)
            {
                PodPosts(rng, pod);
            }
        }

        if (_options.SampledPosterShare > 0)
        {
            for (var i = 0; i < _genuine; i++)
            {
                if (Sampling.Chance(rng, _options.SampledPosterShare) && _posts[i] > 0 && _lastPost[i] >= _now - (365 * TimeSpan.TicksPerDay))
                {
                    SampledPosts(rng, i);
                }
            }
        }
    }

    /// <summary>
    /// The audited account's posts over the snapshot period. Engagement comes from the genuine followers it had at the
    /// time (1–5% like a post), almost never from bought followers, and always from the pod once it joined.
    /// </summary>
    private void AuditedPosts(Random rng, AuditedPlan plan, HashSet<int> picked)
    {
        var row = plan.Row;
        var count = (int)Math.Round(_options.PostsPerAuditedAccount * Sampling.LogUniform(rng, 0.5, 2.0));
        var times = new long[count];
        for (var k = 0; k < count; k++)
        {
            times[k] = OrganicBetween(rng, _windowStart, _now - TimeSpan.TicksPerHour);
        }

        if (plan.ViralTicks != 0)
        {
            times[rng.Next(count)] = plan.ViralTicks;
        }

        Array.Sort(times);
        var likeRate = Sampling.Uniform(rng, 0.01, 0.05);
        var cap = _options.MaxEngagementsPerPost;
        var pod = plan.Pod;
        foreach (var t in times)
        {
            var genuine = UpperBound(plan.GenuineTicks, t);
            var fakes = UpperBound(plan.FakeTicks, t);
            var viral = t == plan.ViralTicks;
            var rate = Math.Min(0.5, likeRate * Sampling.LogNormal(rng, 1, 0.45) * (viral ? Sampling.Uniform(rng, 4, 10) : 1));
            var likes = Math.Min(genuine, Sampling.Poisson(rng, genuine * rate));
            var replies = Math.Min(genuine, Sampling.Poisson(rng, genuine * rate * 0.08));
            var reposts = Math.Min(genuine, Sampling.Poisson(rng, genuine * rate * 0.12));
            var fakeLikes = Math.Min(fakes, Sampling.Poisson(rng, fakes * FakeLikeRate));
            var views = (long)((genuine * Sampling.Uniform(rng, 0.15, 0.45)) + (likes * Sampling.Uniform(rng, 8, 20)));
            var post = _postBuffer.Add(row, t, 0, 0, 0, views);

            // Pod members first (they come within minutes), then the rare bought follower, then genuine followers.
            long podLikes = 0, podReplies = 0, podReposts = 0;
            var written = new int[3];
            if (pod is not null && t >= pod.FollowTicks[0])
            {
                foreach (var member in pod.FollowerRows)
                {
                    podLikes += PodEngage(rng, post, member, t, Like, 0.92, written, cap);
                    podReplies += PodEngage(rng, post, member, t, Reply, 0.35, written, cap);
                    podReposts += PodEngage(rng, post, member, t, Repost, 0.25, written, cap);
                }
            }

            SampleActors(rng, post, plan.FakeRows, fakes, (int)fakeLikes, Like, t, 12, written, cap, picked);
            SampleActors(rng, post, plan.GenuineRows, genuine, (int)likes, Like, t, 4, written, cap, picked);
            SampleActors(rng, post, plan.GenuineRows, genuine, (int)replies, Reply, t, 6, written, cap, picked);
            SampleActors(rng, post, plan.GenuineRows, genuine, (int)reposts, Repost, t, 5, written, cap, picked);

            // A viral post is liked by many who do not follow; only its counts show them.
            var outsiders = viral ? Sampling.Poisson(rng, plan.ViralFollowers * Sampling.Uniform(rng, 3, 10)) : 0;
            _postBuffer.Likes[post] = likes + fakeLikes + podLikes + outsiders;
            if (viral)
            {
                _postBuffer.Views[post] += outsiders * 25;
                _postBuffer.Reposts[post] += outsiders / 10;
            }

            _postBuffer.Replies[post] = replies + podReplies;
            _postBuffer.Reposts[post] = reposts + podReposts;
        }

        _posts[row] = (long)Sampling.LogUniform(rng, 500, 15000) + count;
        _lastPost[row] = count > 0 ? times[^1] : 0;
    }

    private long PodEngage(Random rng, int post, int member, long postTicks, byte kind, double p, int[] written, int cap)
    {
        if (!Sampling.Chance(rng, p))
        {
            return 0;
        }

        if (written[kind] < cap)
        {
            var at = Math.Min(_now, postTicks + (long)(Sampling.Exponential(rng, 8) * TimeSpan.TicksPerMinute));
            _engagementBuffer.Add(post, member, kind, at);
            written[kind]++;
        }

        return 1;
    }

    /// <summary>Writes up to <paramref name="count"/> distinct actors drawn from the first <paramref name="available"/> rows.</summary>
    private void SampleActors(
        Random rng, int post, int[] rows, int available, int count, byte kind, long postTicks, double meanDelayHours, int[] written, int cap, HashSet<int> picked)
    {
        count = Math.Min(count, Math.Min(available, cap - written[kind]));
        if (count <= 0)
        {
            return;
        }

        picked.Clear();
        while (picked.Count < count)
        {
            var index = rng.Next(available);
            if (!picked.Add(index))
            {
                continue;
            }

            var at = postTicks + (long)(Sampling.Exponential(rng, meanDelayHours) * TimeSpan.TicksPerHour);
            if (at > _now)
            {
                at = Sampling.Ticks(rng, postTicks, _now);
            }

            _engagementBuffer.Add(post, rows[index], kind, at);
            written[kind]++;
        }
    }

    /// <summary>Pod members' own posts, liked and answered by the other members within minutes.</summary>
    private void PodPosts(Random rng, PurchasePlan pod)
    {
        var members = pod.FollowerRows;
        var start = pod.DeliveryStart;
        foreach (var author in members)
        {
            var count = rng.Next(2, 7);
            for (var k = 0; k < count; k++)
            {
                var t = OrganicBetween(rng, start, _now - TimeSpan.TicksPerHour);
                long likes = 0, replies = 0;
                var post = _postBuffer.Add(author, t, 0, 0, 0, 0);
                foreach (var member in members)
                {
                    if (member == author)
                    {
                        continue;
                    }

                    if (Sampling.Chance(rng, 0.8))
                    {
                        _engagementBuffer.Add(post, member, Like, Math.Min(_now, t + (long)(Sampling.Exponential(rng, 10) * TimeSpan.TicksPerMinute)));
                        likes++;
                    }

                    if (Sampling.Chance(rng, 0.2))
                    {
                        _engagementBuffer.Add(post, member, Reply, Math.Min(_now, t + (long)(Sampling.Exponential(rng, 20) * TimeSpan.TicksPerMinute)));
                        replies++;
                    }
                }

                var organic = Sampling.Poisson(rng, _followers[author] * 0.01);
                _postBuffer.Likes[post] = likes + organic;
                _postBuffer.Replies[post] = replies + Sampling.Poisson(rng, organic * 0.1);
                _postBuffer.Reposts[post] = Sampling.Poisson(rng, (likes + organic) * 0.05);
                _postBuffer.Views[post] = (long)((_followers[author] * Sampling.Uniform(rng, 0.1, 0.4)) + ((likes + organic) * 10));
                _lastPost[author] = Math.Max(_lastPost[author], t);
            }
        }
    }

    /// <summary>A few recent posts of a genuine account, ending at its last post, with counts only.</summary>
    private void SampledPosts(Random rng, int row)
    {
        var count = (int)Math.Min(_posts[row], rng.Next(1, 6));
        var t = _lastPost[row];
        for (var k = 0; k < count && t >= _created[row]; k++)
        {
            var likes = Sampling.Poisson(rng, _followers[row] * Sampling.LogUniform(rng, 0.003, 0.04));
            var views = (long)((_followers[row] * Sampling.Uniform(rng, 0.05, 0.5)) + (likes * 10));
            _postBuffer.Add(row, t, likes, Sampling.Poisson(rng, likes * 0.1), Sampling.Poisson(rng, likes * 0.15), views);
            t -= (long)(Sampling.Exponential(rng, 10) * TimeSpan.TicksPerDay);
        }
    }

    /// <summary>Number of values ≤ <paramref name="value"/> in an ascending array.</summary>
    private static int UpperBound(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
