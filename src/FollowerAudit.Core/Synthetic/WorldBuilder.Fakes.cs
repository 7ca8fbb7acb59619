using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Synthetic;

/// <summary>Fake accounts by vendor, their deliveries, and their other follows (camouflage, pods).</summary>
internal sealed partial class WorldBuilder
{
    private void GenerateFakes(Random rng)
    {
        foreach (var block in _blocks)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            for (var k = 0; k < block.Count; k++)
            {
                FakeProfile(rng, block, block.FirstRow + k);
            }
        }

        var fakeRows = new List<int>[_audited];
        var fakeTicks = new List<long>[_audited];
        for (var a = 0; a < _audited; a++)
        {
            fakeRows[a] = [];
            fakeTicks[a] = [];
        }

        foreach (var purchase in _purchases)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            Deliver(rng, purchase);
            var buyer = _auditedPlans[purchase.Buyer];
            if (purchase.Vendor == VendorKind.EngagementPod)
            {
                buyer.Pod = purchase;
                PodInternalFollows(rng, purchase);
            }
            else
            {
                fakeRows[purchase.Buyer].AddRange(purchase.FollowerRows);
                fakeTicks[purchase.Buyer].AddRange(purchase.FollowTicks);
            }
        }

        for (var a = 0; a < _audited; a++)
        {
            var rows = fakeRows[a].ToArray();
            var ticks = fakeTicks[a].ToArray();
            Array.Sort(ticks, rows);
            _auditedPlans[a].FakeRows = rows;
            _auditedPlans[a].FakeTicks = ticks;
        }

        foreach (var block in _blocks)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (block.Vendor != VendorKind.EngagementPod)
            {
                ExtraFakeFollows(rng, block);
            }
        }
    }

    private void FakeProfile(Random rng, FakeBlock block, int row)
    {
        var w = block.Vendor == VendorKind.MixedStock ? block.RowWindow[row - block.FirstRow] : rng.Next(block.WindowStart.Length);
        var created = Sampling.Ticks(rng, block.WindowStart[w], block.WindowEnd[w]);
        _created[row] = created;
        _label[row] = AccountLabel.Fake;
        var daysAlive = Math.Max(1.0, (double)(_now - created) / TimeSpan.TicksPerDay);
        switch (block.Vendor)
        {
            case VendorKind.Cheap:
                _handle[row] = ProfileText.BotHandle(rng);
                _displayName[row] = ProfileText.BotDisplayName(rng);
                _bio[row] = Sampling.Chance(rng, 0.05) ? ProfileText.BotBio(rng) : null;
                _lang[row] = Sampling.Chance(rng, 0.7) ? "en" : null;
                _hasAvatar[row] = Sampling.Chance(rng, 0.1);
                _defaultProfile[row] = Sampling.Chance(rng, 0.9);
                _posts[row] = Sampling.Chance(rng, 0.7) ? 0 : rng.Next(1, 6);
                _likesGiven[row] = rng.Next(0, 20);
                _followers[row] = Sampling.Poisson(rng, 3);
                _following[row] = (long)Sampling.LogUniform(rng, 300, 4500);
                _lastPost[row] = _posts[row] == 0 ? 0 : created + (long)(Sampling.Exponential(rng, 3) * TimeSpan.TicksPerDay);
                break;
            case VendorKind.EngagementPod:
                // Pod members look like active, real people: that is the point of a pod.
                _handle[row] = ProfileText.HumanHandle(rng, 0.35);
                _displayName[row] = _text.DisplayName(rng);
                _bio[row] = Sampling.Chance(rng, 0.9) ? _text.Bio(rng) : null;
                _location[row] = Sampling.Chance(rng, 0.6) ? _text.Location(rng) : null;
                _url[row] = Sampling.Chance(rng, 0.3) ? "https://" + _handle[row]!.Replace('_', '-') + ".example.com" : null;
                _lang[row] = ProfileText.Lang(rng);
                _hasAvatar[row] = Sampling.Chance(rng, 0.97);
                _defaultProfile[row] = Sampling.Chance(rng, 0.05);
                _posts[row] = (long)Sampling.LogUniform(rng, 200, 5000);
                _likesGiven[row] = (long)Sampling.LogUniform(rng, 3000, 60000);
                _followers[row] = (long)Sampling.LogUniform(rng, 200, 3000);
                _following[row] = (long)Sampling.LogUniform(rng, 300, 3000);
                _lastPost[row] = _now - (long)(Sampling.Exponential(rng, 2) * TimeSpan.TicksPerDay);
                break;
            default:
                // Premium, camouflaged, slow-drip and mixed-stock accounts wear profiles copied from real accounts.
                var camouflaged = block.Vendor == VendorKind.Camouflaged;
                _handle[row] = ProfileText.HumanHandle(rng, 0.45);
                _displayName[row] = Sampling.Chance(rng, 0.9) ? _text.DisplayName(rng) : null;
                _bio[row] = Sampling.Chance(rng, camouflaged ? 0.6 : 0.85) ? StolenBio(rng) : null;
                _location[row] = Sampling.Chance(rng, 0.45) ? _text.Location(rng) : null;
                _lang[row] = Sampling.Chance(rng, 0.9) ? "en" : ProfileText.Lang(rng);
                _hasAvatar[row] = Sampling.Chance(rng, camouflaged ? 0.8 : 0.95);
                _defaultProfile[row] = Sampling.Chance(rng, camouflaged ? 0.5 : 0.3);
                _posts[row] = (long)Sampling.LogUniform(rng, camouflaged ? 1 : 3, camouflaged ? 30 : 60);
                _likesGiven[row] = (long)Sampling.LogUniform(rng, 5, 300);
                _followers[row] = (long)Sampling.LogUniform(rng, camouflaged ? 5 : 15, camouflaged ? 200 : 500);
                _following[row] = (long)Sampling.LogUniform(rng, camouflaged ? 200 : 150, camouflaged ? 2500 : 1500);
                _lastPost[row] = created + (long)(rng.NextDouble() * 0.7 * daysAlive * TimeSpan.TicksPerDay);
                break;
        }

        if (_lastPost[row] > _now)
        {
            _lastPost[row] = _now;
        }
    }

    /// <summary>A bio copied from a random genuine account (vendors scrape real profiles).</summary>
    private string StolenBio(Random rng)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            if (_bio[rng.Next(_genuine)] is { } bio)
            {
                return bio;
            }
        }

        return _text.Bio(rng);
    }

    /// <summary>Follows the buyer from the purchased accounts within the delivery window.</summary>
    private void Deliver(Random rng, PurchasePlan purchase)
    {
        var block = purchase.Block;
        int[] rows;
        if (purchase.Count >= block.Count)
        {
            rows = Enumerable.Range(block.FirstRow, block.Count).ToArray();
        }
        else
        {
            // A random part of a shared pool.
            var all = Enumerable.Range(block.FirstRow, block.Count).ToArray();
            for (var k = 0; k < purchase.Count; k++)
            {
                var j = k + rng.Next(all.Length - k);
                (all[k], all[j]) = (all[j], all[k]);
            }

            rows = all[..purchase.Count];
        }

        var buyerRow = _auditedPlans[purchase.Buyer].Row;
        var ticks = new long[rows.Length];
        var start = purchase.DeliveryStart;
        var end = purchase.DeliveryEnd;
        for (var k = 0; k < rows.Length; k++)
        {
            // Bots deliver around the clock; a slow drip imitates human timing to pass as organic growth.
            var t = Sampling.Ticks(rng, start, end);
            if (purchase.Vendor == VendorKind.SlowDrip)
            {
                t = ActivityClock.Organic(rng, t, start, end);
            }
            else if (purchase.Vendor == VendorKind.MixedStock && !block.Interleaved)
            {
                // Sub-blocks: the delivery is split into one slot per batch, oldest batch first, so each batch arrives
                // as a contiguous sub-block of the band. Interleaved stock keeps the uniform times (batches mixed).
                var batches = block.WindowStart.Length;
                var slot = (end - start) / batches;
                var w = block.RowWindow[rows[k] - block.FirstRow];
                t = start + (w * slot) + (long)(rng.NextDouble() * slot);
            }

            ticks[k] = t;
            _edges.Add(rows[k], buyerRow, t);
        }

        Array.Sort(ticks, rows);
        purchase.FollowerRows = rows;
        purchase.FollowTicks = ticks;
    }

    /// <summary>Pod members follow most of each other, over the weeks before they start working for the buyer.</summary>
    private void PodInternalFollows(Random rng, PurchasePlan pod)
    {
        var members = pod.FollowerRows;
        foreach (var a in members)
        {
            foreach (var b in members)
            {
                if (a != b && Sampling.Chance(rng, 0.8))
                {
                    var from = Math.Max(_created[a], _created[b]);
                    var to = Math.Max(from, pod.DeliveryStart - TimeSpan.TicksPerHour);
                    var t = Math.Max(from, to - (long)(Sampling.Exponential(rng, 30) * TimeSpan.TicksPerDay));
                    _edges.Add(a, b, ActivityClock.Organic(rng, t, from, to));
                }
            }
        }
    }

    /// <summary>
    /// Follows of fakes besides their customers: camouflaged fakes follow popular genuine accounts over time; other
    /// bots follow a few popular accounts around their delivery.
    /// </summary>
    private void ExtraFakeFollows(Random rng, FakeBlock block)
    {
        var camouflaged = block.Vendor == VendorKind.Camouflaged;
        var picked = new HashSet<int>();
        for (var k = 0; k < block.Count; k++)
        {
            var row = block.FirstRow + k;
            var count = camouflaged ? rng.Next(5, 26) : rng.Next(0, 4);
            count = Math.Min(count, _genuine / 4);
            picked.Clear();
            var created = _created[row];
            for (var attempt = 0; picked.Count < count && attempt < 4 * count; attempt++)
            {
                var target = PickPopular(rng);
                if (!picked.Add(target))
                {
                    continue;
                }

                var from = Math.Max(created, _created[target]);
                var t = camouflaged ? OrganicBetween(rng, from, _now) : Sampling.Ticks(rng, from, Math.Min(_now, from + (30 * TimeSpan.TicksPerDay)));
                _edges.Add(row, target, t);
            }
        }
    }
}
