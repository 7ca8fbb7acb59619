using System.Globalization;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Estimation;

/// <summary>
/// The plain-words conclusion at the top of a report. It answers "did this account buy followers?" from evidence tied
/// to the account's own follow order and arrival times only: batches of followers created together, silent bursts of
/// arrivals, a follower pool shared with a seller's other customers. How many followers look fake is a different
/// question (<see cref="InflationEstimate"/>): fake accounts follow popular accounts as camouflage, so a high fake
/// share spread like organic followers is never, by itself, a purchase.
/// </summary>
/// <param name="Code">Stable code for JSON: <c>bought</c>, <c>fake-followers-not-bought</c>, <c>no-sign</c> or <c>inconclusive</c>.</param>
/// <param name="Headline">The verdict in plain words, scaled by size.</param>
/// <param name="Reason">One or two sentences on why.</param>
/// <param name="Tone">Styling: bad, good or neutral.</param>
/// <param name="Evidence">The purchase evidence behind a <c>bought</c> verdict, largest first (empty otherwise).</param>
/// <param name="EvidenceFollowers">Followers covered by the purchase evidence (batch members, and a burst's excess arrivals).</param>
public sealed record Verdict(string Code, string Headline, string Reason, string Tone, IReadOnlyList<Finding> Evidence, long EvidenceFollowers)
{
    /// <summary>Finding kinds that are evidence of purchase: tied to this account's own follow order and arrivals.</summary>
    public static IReadOnlyCollection<string> EvidenceKinds { get; } = new HashSet<string>(StringComparer.Ordinal) { "creation-batch", "creation-window", "follower-burst", "shared-pool" };

    /// <summary>Strength at or above which a finding of an evidence kind counts.</summary>
    public const double EvidenceStrength = 0.5;

    /// <summary>
    /// Fewest followers a finding must concern to count: vendors sell packages of 100 and more, and a handful of
    /// accounts created together is what camouflage leaves on any popular account.
    /// </summary>
    public const int MinimumEvidenceFollowers = 10;

    /// <summary>Share of followers below which a purchase is called small.</summary>
    public const double SmallPurchaseShare = 0.02;

    /// <summary>Lower end of the fake-share interval at or above which "many fake-looking followers" is said.</summary>
    public const double ManyFakesLowerShare = 0.10;

    /// <summary>Upper end of the fake-share interval at or below which the fake share counts as low.</summary>
    public const double LowFakesUpperShare = 0.10;

    /// <summary>Decides the verdict of one audit (<see cref="AccountAudit.Verdict"/> holds it, decided once).</summary>
    /// <param name="slice">The audited slice.</param>
    /// <param name="e">The estimate.</param>
    /// <param name="detectorResults">Every detector's result.</param>
    /// <returns>The verdict.</returns>
    public static Verdict Decide(AccountSlice slice, InflationEstimate e, IReadOnlyList<DetectorResult> detectorResults)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(detectorResults);
        if (e.FollowersAudited == 0)
        {
            return new("inconclusive", "Inconclusive", "The data holds no followers of this account, so there is nothing to judge.", "neutral", [], 0);
        }

        var failed = detectorResults.Any(r => r.Outcome == DetectorOutcome.Failed) ? " Some detectors failed (see below), so evidence may be missing." : "";
        var candidates = detectorResults.SelectMany(r => r.Findings)
            .Where(f => EvidenceKinds.Contains(f.Kind) && (f.Strength >= EvidenceStrength || IsConcentrated(slice, f)) && Size(f) >= MinimumEvidenceFollowers)
            .ToList();

        // Fakes that mostly followed other accounts are camouflage, not this account's order. A creation window that is
        // not this account's own is left out of both: its followers cluster in creation date, which a platform's sign-up
        // surge also does, so it says nothing about fakes by itself.
        var camouflage = candidates.Where(f => f.Kind != "creation-window" && !IsOwnOrder(slice, f)).ToList();
        var evidence = candidates.Where(f => f.Kind != "creation-window" || IsOwnOrder(slice, f)).Except(camouflage).ToList();
        if (evidence.Count > 0)
        {
            var followers = EvidenceSize(evidence);
            var ordered = evidence.OrderByDescending(f => Size(f)).ThenByDescending(f => f.Strength).ThenBy(f => f.Title, StringComparer.Ordinal).ToList();
            var total = Math.Max(1, e.FollowersAudited);
            var share = Math.Min(1, followers / (double)total);
            var headline = share < SmallPurchaseShare
                ? $"Bought a small batch: about {Count(followers)} followers ({Percent(share)})"
                : $"Likely bought followers: about {Count(followers)} ({Percent(share)} of those audited)";
            var pieces = ordered.Count == 1 ? "one piece of evidence" : $"{ordered.Count} pieces of evidence";
            return new("bought", headline, $"{pieces.ToUpperInvariant()[0]}{pieces[1..]} tied to this account's own follow order; the largest: {ordered[0].Title}.{failed}", "bad", ordered, followers);
        }

        var orderChecked = detectorResults.Any(r => r.Outcome == DetectorOutcome.Ran && r.Detector is "creation-batch" or "follower-burst");
        var camouflageNote = camouflage.Count == 0 ? "" :
            $" {camouflage.Count} group(s) of fake accounts created or run together ({Count(camouflage.Sum(f => (long)f.FollowerIds.Count))} followers) follow this account, but neither as a dense band in its follow order nor concentrated on it: the signature of camouflage, not of an order for this account.";
        if ((e.IsEstimated && e.FakeShareLower >= ManyFakesLowerShare) || camouflage.Count > 0)
        {
            var spread = !orderChecked
                ? "the data has no follow order or times to show whether they arrived in batches"
                : camouflage.Count > 0 ? "no batch or burst in the follow order was this account's own" : "they are spread through the follow order like organic followers, not in batches or bursts";
            var share = e.IsEstimated ? $"About {Percent(e.FakeShare)} of followers look fake (at least {Percent(e.FakeShareLower)}), but" : "Fake accounts follow this account, but";
            return new("fake-followers-not-bought", "Many fake-looking followers, but no sign they were bought",
                $"{share} {spread}. Fake accounts follow popular accounts as camouflage, so this is common and is not evidence of purchase.{camouflageNote}{failed}", "neutral", [], 0);
        }

        if (!orderChecked)
        {
            var why = e.IsEstimated
                ? "the fake share alone cannot show a purchase"
                : "the fake share could not be estimated either (" + e.CannotEstimate + ")";
            return new("inconclusive", "Inconclusive", $"The data has no usable follow order or creation dates to look for bought batches, and {why}.{failed}", "neutral", [], 0);
        }

        var estimate = e.IsEstimated
            ? e.FakeShareUpper <= LowFakesUpperShare ? $" The fake share is low (at most {Percent(e.FakeShareUpper)})." : $" The fake share is uncertain ({Percent(e.FakeShareLower)}–{Percent(e.FakeShareUpper)}): see the estimate."
            : " The fake share could not be estimated from these columns.";
        return new("no-sign", "No sign of purchase", "No batch of followers created together, no silent burst of arrivals and no pool shared with other customers in this account's follow order." + estimate + failed, "good", [], 0);
    }

    /// <summary>Strength (share of consecutive followers) at or above which a creation batch is a dense band by itself.</summary>
    public const double DenseBandStrength = 0.85;

    /// <summary>
    /// Excess share of a burst's arrivals created within one week of each other, or flagged, beyond the followers
    /// around it, at or above which the burst's arrivals look bought (twice the detector's organic limit).
    /// </summary>
    public const double BoughtArrivalsShare = 2 * Detectors.FollowerBurst.FollowerBurstOptions.DefaultMaxOrganicBatchShare;

    /// <summary>Fewest followers of a dense band that counts by itself.</summary>
    public const int DenseBandFollowers = 30;

    /// <summary>
    /// Longest time the middle 80% of a creation batch may take to arrive for the batch to count as delivered together
    /// (<see cref="ArrivalSpan"/>). Sellers deliver an order within hours to a couple of days; bots that follow an
    /// account as camouflage do so each on its own schedule, spread over weeks.
    /// </summary>
    public static readonly TimeSpan DeliverySpan = TimeSpan.FromDays(2);

    /// <summary>
    /// Largest share of the follow order that the middle 80% of a shared pool's members on this account may span for
    /// the pool to be this account's order (members spread evenly over the follow order span 80%).
    /// </summary>
    public const double PoolBandSpread = 0.25;

    /// <summary>
    /// Whether a finding is this account's own order rather than camouflage. A creation batch counts when it is a dense
    /// band in the follow order (the Follower Factory signature), when its aged accounts also arrived together (within
    /// <see cref="DeliverySpan"/>), or when most accounts created with its members follow this account
    /// (<see cref="BatchConcentration"/>); a shared pool counts for an account that a good part of the pool follows; a
    /// burst counts when its arrivals look bought, or when the data cannot say.
    /// </summary>
    /// <param name="slice">The audited account's followers.</param>
    /// <param name="finding">A finding of an evidence kind.</param>
    /// <returns><see langword="true"/> when it is evidence of this account's purchase.</returns>
    public static bool IsOwnOrder(AccountSlice slice, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(finding);
        switch (finding.Kind)
        {
            case "creation-batch":
                // A dense band counts by itself only where the data cannot measure concentration (one follower list):
                // bots that follow a quiet popular account on their own schedules form dense bands of camouflage too
                // (seen with a third of the stock on the account, arriving over months), so where the data holds other
                // audiences the band needs most of its stock (IsConcentrated) or one delivery (DeliveredTogether).
                var denseBand = finding.Strength >= DenseBandStrength && finding.FollowerIds.Count >= DenseBandFollowers
                    && BatchConcentration.Of(slice, finding) is not { CanTell: true };
                return denseBand || DeliveredTogether(slice, finding) || IsConcentrated(slice, finding);
            case "creation-window":
                // A creation window found whatever the follow order (a drip-fed order between organic arrivals) is only
                // known to cluster this account's followers: camouflage bots registered together follow many popular
                // accounts, and a sign-up surge shows on every big one. It counts only when the accounts the dataset gained
                // in that window beyond its local rate follow this account far more often than the accounts created
                // around it do: at least halfway from its base share to all of them (WindowConcentration.Lift). And its
                // members must have arrived as one order, spread over weeks as a drip is (within DripSpan, or without
                // follow times within PoolBandSpread of the follow order): camouflage bots and organic followers
                // created together follow each on their own schedule, over the account's whole history (on the
                // synthetic worlds' non-buyers, concentrated windows arrived over 229 days to 3 years).
                return IsConcentrated(slice, finding) && ArrivedAsOneOrder(slice, finding);
            case "follower-burst":
                // A burst is an order when its arrivals look bought (created together, or flagged, beyond the followers
                // around it); a silent burst of ordinary accounts is a shout-out the engagement data missed.
                var batchShare = finding.Metrics.GetValueOrDefault("creation_batch_share", double.NaN);
                var flaggedShare = finding.Metrics.GetValueOrDefault("flagged_excess_share", double.NaN);
                return (double.IsNaN(batchShare) && double.IsNaN(flaggedShare)) || batchShare >= BoughtArrivalsShare || flaggedShare >= BoughtArrivalsShare;
            case "shared-pool":
                // A seller delivers an order at once, so a customer's pool members arrive within a delivery's time
                // (or, without follow times, as a band in its follow order); bots following popular accounts as
                // camouflage arrive spread over its history. A small pool's few members can fall in a quarter of a
                // small account's follow order by chance, so where follow times exist they decide.
                return ArrivalSpan(slice, finding) is { } arrival ? arrival <= DeliverySpan
                    : Spread(slice, finding) is not { } spread || spread <= PoolBandSpread;
            default:
                return true;
        }
    }

    // Created together and delivered together: a batch (at least half of its stretch of the follow order, so it
    // dominates the arrivals then) of accounts registered in the same days that reached this account within
    // DeliverySpan is one coordinated delivery to it, even when the seller sold most of that stock to other customers
    // (low concentration). Camouflage bots follow on their own schedules over weeks, so they fail the span. Fresh
    // batches (created within the detector's fresh window of their follow) are left out: new accounts that follow a
    // sign-up suggestion in the hours after registering arrive together too, more so on a day of many sign-ups.
    private static bool DeliveredTogether(AccountSlice slice, Finding finding) =>
        finding.Strength >= EvidenceStrength
        && finding.Metrics.GetValueOrDefault("fresh", 0) == 0
        && ArrivalSpan(slice, finding) is { } span && span <= DeliverySpan;

    // A creation batch most of whose contemporaries in the data follow this account counts whatever its density in the
    // follow order: a seller that drip-feeds an order over weeks spreads it between organic arrivals by design, and the
    // concentration does not depend on position. Fresh batches are left out: a popular account suggested at sign-up is
    // followed by many of the accounts created in the same hours, organically.
    // A creation window (follow-order free) is judged by its excess accounts and their lift over the account's base
    // share: its raw contemporaries include the organic accounts created then, most of which follow a big account anyway.
    private static bool IsConcentrated(AccountSlice slice, Finding finding) =>
        finding.Metrics.GetValueOrDefault("fresh", 0) == 0 && finding.Kind switch
        {
            "creation-batch" => BatchConcentration.Of(slice, finding) is { CanTell: true, Share: >= BatchConcentration.PurchaseShare },
            "creation-window" => BatchConcentration.OfWindow(slice, finding) is { CanTell: true, Lift: >= BatchConcentration.PurchaseShare },
            _ => false,
        };

    // A drip-fed order arrives over weeks, not over the account's history; without any follow order it cannot be told.
    private static bool ArrivedAsOneOrder(AccountSlice slice, Finding finding) =>
        ArrivalSpan(slice, finding) is { } arrival ? arrival <= DripSpan : Spread(slice, finding) is { } spread && spread <= PoolBandSpread;

    /// <summary>
    /// Longest time the middle 80% of a creation window's followers may take to arrive for the window to be one order
    /// (<see cref="ArrivalSpan"/>): sellers drip-feed an order over weeks to a couple of months to pass as organic
    /// growth; a quarter of a year leaves room for the slowest.
    /// </summary>
    public static readonly TimeSpan DripSpan = TimeSpan.FromDays(90);

    /// <summary>
    /// Share of the follow order spanned by the middle 80% of the finding's followers; <see langword="null"/> when the
    /// data has no follow order (neither ranks nor times), so position says nothing, or fewer than two members are in
    /// the slice.
    /// </summary>
    /// <param name="slice">The audited account's followers.</param>
    /// <param name="finding">A finding whose followers are in the slice.</param>
    /// <returns>The share, in (0, 1], or <see langword="null"/>.</returns>
    public static double? Spread(AccountSlice slice, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(finding);
        if (slice.FollowOrder == FollowOrderSource.TableOrder || slice.Count == 0)
        {
            return null;
        }

        var positions = MemberRows(slice, finding);
        if (positions.Length < 2)
        {
            return null;
        }

        var low = positions[(int)(0.1 * (positions.Length - 1))];
        var high = positions[(int)Math.Ceiling(0.9 * (positions.Length - 1))];
        return (high - low + 1) / (double)slice.Count;
    }

    /// <summary>
    /// How long the middle 80% of a finding's followers took to arrive: the time between the 10th and the 90th
    /// percentile of their follow times. <see langword="null"/> when the follow times are not in the data (estimated
    /// ones are lower bounds from creation dates and would make every band look delivered at once) or fewer than two
    /// members have one.
    /// </summary>
    /// <param name="slice">The audited account's followers.</param>
    /// <param name="finding">A finding whose followers are in the slice.</param>
    /// <returns>The arrival span, or <see langword="null"/>.</returns>
    public static TimeSpan? ArrivalSpan(AccountSlice slice, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(finding);
        if (slice.FollowedAt is not { } followedAt || slice.FollowedAtEstimated)
        {
            return null;
        }

        var times = MemberRows(slice, finding).Where(i => followedAt[i] is not null).Select(i => followedAt[i]!.Value.Ticks).Order().ToArray();
        if (times.Length < 2)
        {
            return null;
        }

        return TimeSpan.FromTicks(times[(int)Math.Ceiling(0.9 * (times.Length - 1))] - times[(int)(0.1 * (times.Length - 1))]);
    }

    // The slice rows of a finding's followers, ascending (follow order), found through the followers' id index rather
    // than a pass over every follower: a big account has a hundred creation windows (a slice holds each follower once).
    private static int[] MemberRows(AccountSlice slice, Finding finding)
    {
        var accounts = slice.Followers;
        var rows = new List<int>(finding.FollowerIds.Count);
        foreach (var id in finding.FollowerIds.ToHashSet())
        {
            if (accounts.TryGetRow(id, out var row))
            {
                rows.Add(row);
            }
        }

        rows.Sort();
        return [.. rows];
    }

    // Batch members are counted once across findings; a burst adds its excess arrivals beyond what batches already cover.
    private static long EvidenceSize(IReadOnlyList<Finding> evidence)
    {
        var members = new HashSet<long>();
        foreach (var f in evidence.Where(f => f.MarksFollowersAsFake))
        {
            members.UnionWith(f.FollowerIds);
        }

        long bursts = 0;
        foreach (var f in evidence.Where(f => !f.MarksFollowersAsFake))
        {
            var overlap = f.FollowerIds.Count(members.Contains);
            bursts += Math.Max(0, Size(f) - overlap);
        }

        return members.Count + bursts;
    }

    private static long Size(Finding f) =>
        f.MarksFollowersAsFake ? f.FollowerIds.Count : f.Metrics.TryGetValue("excess", out var excess) ? (long)Math.Round(excess) : f.FollowerIds.Count;

    private static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
