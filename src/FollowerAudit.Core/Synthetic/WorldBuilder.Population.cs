using System.Globalization;
using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Synthetic;

/// <summary>Genuine accounts, their follow graph, and the audited accounts with their genuine followers.</summary>
internal sealed partial class WorldBuilder
{
    private const int CheckEvery = 1 << 16;

    /// <summary>Share of genuine accounts that are lurkers (sign up, read, hardly post).</summary>
    private const double LurkerShare = 0.1;

    /// <summary>Share of an audited account's genuine followers (created after it) who followed it at sign-up.</summary>
    private const double SignupSuggestionShare = 0.08;

    private bool[] _lurker = [];

    private void GenerateGenuineProfiles(Random rng)
    {
        // u^0.6 puts more accounts in recent years: sign-ups grew over the platform's life. Rows are laid out in
        // creation order (as the final id order will be), which keeps the later gathers cache-friendly.
        var span = _now - FirstGenuine - TimeSpan.TicksPerDay;
        for (var i = 0; i < _genuine; i++)
        {
            var t = FirstGenuine + (long)(Math.Pow(rng.NextDouble(), 0.6) * span);
            _created[i] = ActivityClock.Organic(rng, t, FirstGenuine, _now - TimeSpan.TicksPerHour);
        }

        Array.Sort(_created, 0, _genuine);
        for (var i = 0; i < _genuine; i++)
        {
            if ((i & (CheckEvery - 1)) == 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
            }

            var created = _created[i];
            _label[i] = AccountLabel.Genuine;

            // Lurkers are real people who signed up to read: platform-suggested handles (name + digits), often no
            // avatar or bio, hardly any posts. They look like cheap fakes and keep profile-based detectors honest.
            var lurker = Sampling.Chance(rng, LurkerShare);
            _lurker[i] = lurker;
            var handle = lurker && Sampling.Chance(rng, 0.5) ? ProfileText.SuggestedHandle(rng) : ProfileText.HumanHandle(rng);
            _handle[i] = handle;
            _displayName[i] = Sampling.Chance(rng, lurker ? 0.85 : 0.96) ? _text.DisplayName(rng) : null;
            _bio[i] = Sampling.Chance(rng, lurker ? 0.15 : 0.75) ? _text.Bio(rng) : null;
            _location[i] = Sampling.Chance(rng, lurker ? 0.15 : 0.55) ? _text.Location(rng) : null;
            _url[i] = !lurker && Sampling.Chance(rng, 0.12) ? "https://" + handle.Replace('_', '-') + ".example.com" : null;
            _lang[i] = Sampling.Chance(rng, 0.92) ? ProfileText.Lang(rng) : null;
            _hasAvatar[i] = Sampling.Chance(rng, lurker ? 0.4 : 0.95);
            _defaultProfile[i] = Sampling.Chance(rng, _hasAvatar[i] ? 0.1 : 0.6);
            _protected[i] = Sampling.Chance(rng, 0.06);

            // Activity grows with age; a few accounts never post.
            var ageYears = Math.Max(0.02, (double)(_now - created) / TimeSpan.TicksPerDay / 365.25);
            if (lurker)
            {
                var posts = Sampling.Chance(rng, 0.5) ? 0 : rng.Next(1, 11);
                _posts[i] = posts;
                _likesGiven[i] = (long)Sampling.LogUniform(rng, 1, 300);
                _lastPost[i] = posts == 0 ? 0 : Math.Min(_now, created + (long)(Sampling.Exponential(rng, 60) * TimeSpan.TicksPerDay));
            }
            else
            {
                var posts = Sampling.Chance(rng, 0.03) ? 0 : (long)Sampling.LogNormal(rng, 60 * Math.Sqrt(ageYears), 1.6);
                _posts[i] = posts;
                _likesGiven[i] = (long)Sampling.LogNormal(rng, 150 * Math.Sqrt(ageYears), 1.8);
                _lastPost[i] = posts == 0 ? 0 : LastPost(rng, created);
            }
        }
    }

    /// <summary>Most accounts posted recently, some within the year, a tenth are dormant.</summary>
    private long LastPost(Random rng, long created)
    {
        var r = rng.NextDouble();
        long t = r switch
        {
            < 0.68 => _now - (long)(Sampling.Exponential(rng, 4) * TimeSpan.TicksPerDay),
            < 0.88 => _now - (long)(Sampling.Uniform(rng, 20, 365) * TimeSpan.TicksPerDay),
            _ => Sampling.Ticks(rng, created, _now - (365 * TimeSpan.TicksPerDay)),
        };
        t = Math.Clamp(t, created, _now);
        return ActivityClock.Organic(rng, t, created, _now);
    }

    /// <summary>
    /// Preferential attachment in creation order: each newcomer follows a heavy-tailed number of older accounts, each
    /// chosen in proportion to its followers so far (75%) or uniformly (25%, so new accounts can be found at all).
    /// </summary>
    private void GenerateBackgroundGraph(Random rng)
    {
        var mean = _options.BackgroundFollowsPerAccount;
        _endpoints = new int[Math.Max(16, (int)Math.Min(int.MaxValue / 2, (_genuine * mean * 1.3) + 1024))];
        if (mean <= 0)
        {
            return;
        }

        var order = Enumerable.Range(0, _genuine).ToArray();
        var keys = (long[])_created[.._genuine].Clone();
        Array.Sort(keys, order);
        var picked = new HashSet<int>();
        var median = mean / 1.6487; // lognormal mean = median * e^(sigma^2 / 2), sigma = 1
        for (var pos = 1; pos < _genuine; pos++)
        {
            if ((pos & (CheckEvery - 1)) == 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
            }

            var m = (int)Math.Min(Math.Min(pos, 1000), Math.Round(Sampling.LogNormal(rng, median, 1.0)));
            if (m <= 0)
            {
                continue;
            }

            var follower = order[pos];
            var created = _created[follower];
            picked.Clear();
            for (var attempt = 0; picked.Count < m && attempt < 4 * m; attempt++)
            {
                var target = _endpointCount > 0 && Sampling.Chance(rng, 0.75) ? _endpoints[rng.Next(_endpointCount)] : order[rng.Next(pos)];
                if (_created[target] > created || !picked.Add(target))
                {
                    continue;
                }

                // New accounts follow most accounts soon after signing up, and some later on.
                var t = created + (long)(Sampling.Exponential(rng, 120) * TimeSpan.TicksPerDay);
                if (t > _now)
                {
                    t = Sampling.Ticks(rng, created, _now);
                }

                _edges.Add(follower, target, ActivityClock.Organic(rng, t, created, _now));
                if (_endpointCount == _endpoints.Length)
                {
                    Array.Resize(ref _endpoints, _endpoints.Length * 2);
                }

                _endpoints[_endpointCount++] = target;
            }
        }
    }

    private void GenerateAudited(Random rng)
    {
        var latestCreation = _windowStart - (730 * TimeSpan.TicksPerDay);
        var pool = Enumerable.Range(0, _genuine).ToArray();
        var picked = new HashSet<int>();
        var firstClean = _auditedPlans.FirstOrDefault(p => !p.Bought);
        foreach (var plan in _auditedPlans)
        {
            var row = plan.Row;
            var created = OrganicBetween(rng, FirstAudited, latestCreation);
            _created[row] = created;
            _label[row] = AccountLabel.Genuine;
            var handle = string.Create(CultureInfo.InvariantCulture, $"influencer_{plan.Index + 1:00}");
            _handle[row] = handle;
            _displayName[row] = _text.DisplayName(rng);
            _bio[row] = _text.Bio(rng);
            _location[row] = _text.Location(rng);
            _url[row] = "https://" + handle.Replace('_', '-') + ".example.com";
            _lang[row] = ProfileText.Lang(rng);
            _hasAvatar[row] = true;
            _verified[row] = Sampling.Chance(rng, 0.5);

            // The accounts the influencer follows: mostly popular ones.
            var following = (int)Math.Min(_genuine / 2, Math.Round(Sampling.LogUniform(rng, 80, 900)));
            picked.Clear();
            for (var attempt = 0; picked.Count < following && attempt < 4 * following; attempt++)
            {
                var target = PickPopular(rng);
                if (picked.Add(target))
                {
                    var from = Math.Max(created, _created[target]);
                    _edges.Add(row, target, OrganicBetween(rng, from, _now));
                }
            }

            // Genuine followers: a uniform sample of the population (partial Fisher-Yates on a shared permutation;
            // any permutation is a valid start, so it is not reset between accounts). Follow times grow smoothly:
            // density rising as (t - start)^shape from when both accounts exist to the crawl.
            var count = plan.GenuineFollowers;
            var shape = Sampling.Uniform(rng, 0.4, 1.0);
            var exponent = 1.0 / (1.0 + shape);
            var rows = new int[count];
            var ticks = new long[count];
            for (var k = 0; k < count; k++)
            {
                if ((k & (CheckEvery - 1)) == 0)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                }

                var j = k + rng.Next(_genuine - k);
                (pool[k], pool[j]) = (pool[j], pool[k]);
                var follower = pool[k];
                var from = Math.Max(created, _created[follower]);
                long t;
                if (_created[follower] > created && Sampling.Chance(rng, SignupSuggestionShare))
                {
                    // Followed from the sign-up "who to follow" suggestions, hours after the account was made: a
                    // genuine pattern that a "followed right after creation" rule would mistake for a bot.
                    t = Math.Min(_now, from + (long)(Sampling.Exponential(rng, 6) * TimeSpan.TicksPerHour));
                }
                else
                {
                    t = from + (long)(Math.Pow(rng.NextDouble(), exponent) * (_now - from));
                    t = ActivityClock.Organic(rng, t, from, _now);
                }
                rows[k] = follower;
                ticks[k] = t;
            }

            if (_options.ViralShare > 0 && (Sampling.Chance(rng, _options.ViralShare) || plan == firstClean))
            {
                GoViral(rng, plan, created, rows, ticks);
            }

            Array.Sort(ticks, rows);
            for (var k = 0; k < count; k++)
            {
                _edges.Add(rows[k], row, ticks[k]);
            }

            plan.GenuineRows = rows;
            plan.GenuineTicks = ticks;
        }
    }

    /// <summary>
    /// A viral post: some genuine followers who existed by then follow within days of it (mean 1.5 days, human timing)
    /// instead of at their drawn time. The total stays the same; the growth curve gets an organic step.
    /// </summary>
    private void GoViral(Random rng, AuditedPlan plan, long created, int[] rows, long[] ticks)
    {
        var viral = OrganicBetween(rng, Math.Max(created, _windowStart + (30 * TimeSpan.TicksPerDay)), _now - (10 * TimeSpan.TicksPerDay));
        var share = Sampling.Uniform(rng, 0.04, 0.12);
        var moved = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            if (_created[rows[k]] <= viral && Sampling.Chance(rng, share))
            {
                var t = Math.Min(_now, viral + (long)(Sampling.Exponential(rng, 1.5) * TimeSpan.TicksPerDay));
                ticks[k] = ActivityClock.Organic(rng, t, viral, _now);
                moved++;
            }
        }

        plan.ViralTicks = viral;
        plan.ViralFollowers = moved;
    }
}
