using System.Globalization;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting;

/// <summary>
/// Words a finding for a reader in ten seconds: a plain sentence built from the finding's own data (kind, followers,
/// dates, follow positions, metrics), then the detector's title and explanation, with their statistics, as a second
/// line. A kind it does not know is shown by its title.
/// </summary>
internal static class FindingText
{
    /// <summary>Two findings are said to concern the same followers when they share at least this share of the smaller one's.</summary>
    public const double SameFollowersShare = 0.5;

    /// <summary>A creation window up to this many days is called accounts "made together" (a sign-up batch).</summary>
    public const int ShortCreationWindowDays = 30;

    /// <summary>The findings as plain sentences with their statistics, each saying which other finding has largely the same followers.</summary>
    /// <param name="findings">The findings to word, in the order shown.</param>
    /// <param name="all">Every finding of the account, searched for ones with the same followers.</param>
    public static FindingList List(IReadOnlyList<Finding> findings, IReadOnlyList<Finding> all) => List(findings, new Overlaps(all));

    /// <summary>As <see cref="List(IReadOnlyList{Finding}, IReadOnlyList{Finding})"/>, with an index over every finding that several lists share.</summary>
    /// <param name="findings">The findings to word, in the order shown.</param>
    /// <param name="overlaps">Every finding of the account, indexed once for all the lists of a report.</param>
    public static FindingList List(IReadOnlyList<Finding> findings, Overlaps overlaps)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(overlaps);
        var items = new List<FindingItem>(findings.Count);
        foreach (var f in findings)
        {
            var plain = Plain(f);
            var same = f.FollowerIds.Count == 0 ? [] : SameFollowers(f, overlaps.All, overlaps.Members);
            if (same.Count > 0)
            {
                plain += " These are largely the same followers as " + string.Join(" and ", same.Select(s => $"\"{s.Other.Title}\" ({Format.Count(s.Shared)} in both)")) + (same.Count == 1 ? ": one event, seen by two detectors." : ": one event, seen by several detectors.");
            }

            items.Add(new FindingItem(plain, Statistics(f)));
        }

        return new FindingList(items);
    }

    /// <summary>
    /// Every finding of an account with, built on first use, the index of which findings hold each follower: built once
    /// for a report's lists (the strongest findings, then each detector's), not once a list.
    /// </summary>
    /// <param name="all">Every finding of the account.</param>
    internal sealed class Overlaps(IReadOnlyList<Finding> all)
    {
        private Membership? _members;

        /// <summary>Every finding of the account.</summary>
        public IReadOnlyList<Finding> All { get; } = all ?? throw new ArgumentNullException(nameof(all));

        internal Membership Members => _members ??= new Membership(All);
    }

    /// <summary>The second line: title, strength, detector and the detector's explanation with its statistics.</summary>
    public static string Statistics(Finding f) =>
        $"{f.Title} (strength {Format.Number(f.Strength)}, {f.Detector}): {f.Explanation}";

    /// <summary>
    /// The other findings that share at least <see cref="SameFollowersShare"/> of the smaller one's followers with
    /// <paramref name="f"/>, most shared first (then by title, then in the order of <paramref name="all"/>).
    /// </summary>
    /// <remarks>
    /// Shared followers are counted through <paramref name="members"/> from <paramref name="f"/>'s own followers, so only
    /// findings that share one are looked at: testing every pair took minutes at 10M followers, where creation-batch
    /// reports over a thousand creation windows. "Shared" counts the smaller finding's list entries found in the larger's
    /// followers, repeats included, as a pairwise test does.
    /// </remarks>
    private static List<(Finding Other, int Shared)> SameFollowers(Finding f, IReadOnlyList<Finding> all, Membership members)
    {
        // Per other finding (index in all): f's entries among its followers, and its entries among f's followers.
        var counts = new SortedDictionary<int, (int FInOther, int OtherInF)>();
        foreach (var (id, times) in Membership.Tally(f.FollowerIds))
        {
            foreach (var (_, g, timesInG) in members.Holders(id))
            {
                if (!ReferenceEquals(all[g], f))
                {
                    var (fInOther, otherInF) = counts.GetValueOrDefault(g);
                    counts[g] = (fInOther + times, otherInF + timesInG);
                }
            }
        }

        var result = new List<(Finding Other, int Shared)>();
        foreach (var (g, (fInOther, otherInF)) in counts)
        {
            var other = all[g];
            var (small, shared) = f.FollowerIds.Count <= other.FollowerIds.Count ? (f, fInOther) : (other, otherInF);
            if (shared >= SameFollowersShare * small.FollowerIds.Count)
            {
                result.Add((other, shared));
            }
        }

        return [.. result.OrderByDescending(r => r.Shared).ThenBy(r => r.Other.Title, StringComparer.Ordinal)];
    }

    /// <summary>Which findings hold each follower id, and how many times each lists it.</summary>
    /// <remarks>
    /// One sorted array of (id, finding, times), 16 bytes an entry, searched by id: a dictionary with a list per id
    /// took ≈ 110 bytes an entry, half a gigabyte of the report's memory at ten million followers. It is filled with
    /// every listed id at once, sorted, and its repeats merged in place: no dictionary per finding.
    /// </remarks>
    internal sealed class Membership
    {
        private readonly Entry[] _entries;
        private readonly int _count;

        public Membership(IReadOnlyList<Finding> all)
        {
            var total = 0L;
            foreach (var f in all)
            {
                total += f.FollowerIds.Count;
            }

            _entries = new Entry[total];
            var n = 0;
            for (var g = 0; g < all.Count; g++)
            {
                foreach (var id in all[g].FollowerIds)
                {
                    _entries[n++] = new Entry(id, g, 1);
                }
            }

            // By id, then by finding: a follower's holders come in the order of the findings, as they were added.
            Array.Sort(_entries, static (a, b) => a.Id != b.Id ? a.Id.CompareTo(b.Id) : a.Finding.CompareTo(b.Finding));
            _count = MergeRepeats(_entries);
        }

        public ReadOnlySpan<Entry> Holders(long id)
        {
            // The first entry of the id (lower bound), then every entry with it.
            var entries = _entries.AsSpan(0, _count);
            int lo = 0, hi = entries.Length;
            while (lo < hi)
            {
                var mid = lo + ((hi - lo) / 2);
                if (entries[mid].Id < id)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            var end = lo;
            while (end < entries.Length && entries[end].Id == id)
            {
                end++;
            }

            return entries[lo..end];
        }

        // Each distinct id of a list with the number of times it is in it, by id: a sorted copy of the ids, its runs counted.
        public static List<(long Id, int Times)> Tally(IReadOnlyList<long> ids)
        {
            var sorted = new long[ids.Count];
            for (var i = 0; i < sorted.Length; i++)
            {
                sorted[i] = ids[i];
            }

            Array.Sort(sorted);
            var tally = new List<(long Id, int Times)>();
            for (var i = 0; i < sorted.Length;)
            {
                var run = i + 1;
                while (run < sorted.Length && sorted[run] == sorted[i])
                {
                    run++;
                }

                tally.Add((sorted[i], run - i));
                i = run;
            }

            return tally;
        }

        // Merges neighbouring entries of the same id and finding (sorted) into one, their times summed; returns the count left.
        private static int MergeRepeats(Entry[] entries)
        {
            var kept = 0;
            for (var i = 0; i < entries.Length; i++)
            {
                if (kept > 0 && entries[kept - 1].Id == entries[i].Id && entries[kept - 1].Finding == entries[i].Finding)
                {
                    entries[kept - 1] = entries[kept - 1] with { Times = entries[kept - 1].Times + entries[i].Times };
                }
                else
                {
                    entries[kept++] = entries[i];
                }
            }

            return kept;
        }

        /// <summary>A follower id listed <paramref name="Times"/> times by finding <paramref name="Finding"/>.</summary>
        public readonly record struct Entry(long Id, int Finding, int Times);
    }

    /// <summary>One or two sentences without statistics, from the finding's data.</summary>
    public static string Plain(Finding f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var n = Format.Count(f.FollowerIds.Count);
        switch (f.Kind)
        {
            case "follower-burst" or "viral-burst" or "organic-burst" when M(f, "observed") is { } observed:
                {
                    var pace = M(f, "expected") is { } expected && expected > 0 ? $", about {Times(observed / Math.Max(expected, 1))} what its usual pace predicts" : "";
                    var engagement = M(f, "viral") switch
                    {
                        null => "",
                        _ when M(f, "interactions") is null => "",
                        1 => " Interactions on its posts rose with them, as after a viral post.",
                        _ => " Interactions on its posts did not rise with them: new followers who do not interact.",
                    };
                    var verdict = f.Kind == "organic-burst" ? " The newcomers look like its other followers, so this looks organic." : "";
                    return $"The account gained {Format.Count((long)observed)} followers {When(f)}{pace}.{engagement}{verdict}";
                }

            case "creation-batch":
                {
                    var rows = f.FirstPosition is { } first && f.LastPosition is { } last ? $" (#{Format.Count(first)}–#{Format.Count(last)} in follow order)" : "";
                    var followed = f.Start is not null ? " " + When(f) : "";
                    if (M(f, "creation_windows") is { } windows && windows > 1)
                    {
                        return $"{n} followers who followed one after another{followed}{rows} have accounts made in {Format.Count((long)windows)} short bursts of sign-ups: old stock made in batches and delivered together, as vendors sell it.";
                    }

                    var days = M(f, "created_window_days") is { } d ? Math.Max(1, (int)Math.Ceiling(d)) : (int?)null;
                    if (days > ShortCreationWindowDays)
                    {
                        // A long window is no sign-up batch: say only what was found, an excess within it.
                        return $"{n} followers who followed one after another{followed}{rows} have accounts created within the same {Format.Count(days.Value)} days, far more of them than among the account's other followers.";
                    }

                    var within = days is { } k ? $" within {Format.Count(k)} day{(k == 1 ? "" : "s")} of each other" : " at nearly the same time";
                    return $"{n} followers who followed one after another{followed}{rows} all have accounts created{within}: accounts made together and delivered together, as a follower factory does.";
                }

            case "creation-window" when M(f, "expected") is { } expected && M(f, "created_window_days") is { } span:
                {
                    var days = Math.Max(1, (int)Math.Ceiling(span));
                    var followed = f.Start is not null ? ", who followed " + When(f) + "," : "";
                    return $"{n} followers{followed} have accounts created within {Format.Count(days)} day{(days == 1 ? "" : "s")} of each other, where the creation dates of its other followers predict about {Format.Count((long)Math.Round(expected))}: accounts registered together, wherever they are in the follow order. That is a purchase when most of the accounts created then in the data follow this account and they arrived within weeks, as a vendor drip-feeding an order delivers them; camouflage bots registered together follow many accounts, each on its own schedule.";
                }

            case "growth-without-engagement" when M(f, "follower_growth") is { } growth && M(f, "engagement_growth") is { } engagement:
                return $"Followers grew {Format.Percent(growth)} {When(f)} while interactions per post {(engagement >= 0 ? "changed by only " + Format.Percent(engagement) : "fell " + Format.Percent(-engagement))}: the newcomers do not interact.";

            case "low-engagement-rate" when M(f, "median_engagement_rate") is { } rate:
                {
                    var band = M(f, "band_low") is { } low && M(f, "band_high") is { } high ? $" ({Format.Percent(low)}–{Format.Percent(high)} is typical for accounts this size)" : "";
                    return $"Its recent posts get {Format.Percent(rate)} interactions per follower, fewer than usual{band}: part of the audience does not interact.";
                }

            case "suspicious-engagement" when M(f, "share") is { } share:
                return $"{Format.Percent(share)} of the likes, replies and reposts its followers gave came from {n} followers that look fake: bought engagement or an engagement pod.";

            case "lockstep-group":
                {
                    var accounts = M(f, "accounts") is { } a ? Format.Count((long)a) : "several";
                    return M(f, "members_here") is not null
                        ? $"{n} followers followed this account within minutes of each other {When(f)}, and the same group followed other accounts the same way ({accounts} accounts in all): a pool delivering orders."
                        : $"{n} followers moved in step across {accounts} accounts, following each within minutes: a pool delivering orders.";
                }

            case "dense-block":
                return M(f, "accounts") is { } cols
                    ? $"{n} of these followers belong to a tight group of accounts that all follow the same {Format.Count((long)cols)} accounts: a pool of accounts serving the same customers."
                    : $"{n} followers belong to a tight group of accounts that follow the same accounts.";

            case "shared-pool":
                return M(f, "accounts") is { } customers
                    ? $"{n} of these followers also follow several of the other audited accounts together ({Format.Count((long)customers)} in the pool): one seller's stock serving many customers."
                    : $"{n} followers are shared with other audited accounts, far more than chance allows.";

            default:
                return f.Title + ".";
        }
    }

    private static double? M(Finding f, string key) =>
        f.Metrics.TryGetValue(key, out var v) && double.IsFinite(v) ? v : null;

    private static string Times(double ratio) =>
        ratio >= 10 ? Format.Count((long)Math.Round(ratio)) + " times" : ratio.ToString("0.#", CultureInfo.InvariantCulture) + " times";

    /// <summary>"on 2024-09-23", "between 2024-09-23 and 2024-09-25", "in Sep 2024" or "" from the finding's time range.</summary>
    private static string When(Finding f)
    {
        if (f.Start is not { } start || f.End is not { } end)
        {
            return "";
        }

        if (start.Day == 1 && start.TimeOfDay == TimeSpan.Zero && end == start.AddMonths(1))
        {
            return "in " + start.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        }

        // End is exclusive: the last day is the one just before it.
        var lastDay = end.AddTicks(-1).Date;
        return lastDay <= start.Date
            ? "on " + start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"between {start:yyyy-MM-dd} and {lastDay:yyyy-MM-dd}");
    }
}
