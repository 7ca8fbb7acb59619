using System.Globalization;
using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.FollowerBurst;

/// <summary>
/// Finds days on which an account gained far more followers than its recent rhythm predicts, and merges adjacent
/// such days into bursts.
/// </summary>
/// <remarks>
/// <para><b>Pattern.</b> Purchased followers are usually delivered in a few days: the daily new-follower count jumps
/// far above the account's baseline. For each day the baseline is the median of the previous
/// <see cref="FollowerBurstOptions.TrailingWindowDays"/> days (after dividing out a robust weekday factor, so a
/// regular weekend rhythm is not flagged), and the spread is the MAD (floored by the Poisson spread √median, so quiet
/// accounts are not flagged for a handful of followers). A rolling median follows slow trends; flagged days are
/// replaced by their baseline in later windows (for up to a quarter window) so a multi-day burst does not become its
/// own baseline. Days with robust z ≥ <see cref="FollowerBurstOptions.ZThreshold"/> are flagged; adjacent flagged days
/// form one burst, reported when its excess is at least <see cref="FollowerBurstOptions.MinExcess"/>.</para>
/// <para><b>False positives.</b> Genuine viral moments (a post that took off, press coverage, a mention by a large
/// account) look the same in follower counts, so each burst is judged from its context. Engagement: interactions on
/// the account's posts from <see cref="FollowerBurstOptions.EngagementLeadDays"/> before the burst to
/// <see cref="FollowerBurstOptions.EngagementLagDays"/> after it, against their trailing baseline; "rose" means by at
/// least the follower rise to the power <see cref="FollowerBurstOptions.EngagementProportion"/> (both as ratios to
/// their baselines). Composition: the arrivals are
/// compared with the followers who followed in the trailing window around the burst: the excess share created within
/// one <see cref="FollowerBurstOptions.CreationClusterDays"/> window (a vendor's registration run) and, when a
/// follower scorer ran, the excess share it flags. A burst whose engagement rose and whose arrivals are not unusual
/// (both excesses at most <see cref="FollowerBurstOptions.MaxOrganicBatchShare"/>) is judged organic: it goes into
/// <see cref="DetectorResult.Context"/> as kind <c>organic-burst</c>, not into the findings. A burst with engagement
/// whose arrivals could not be checked (no creation dates, no scores, or under 20 arrivals) stays a finding of kind
/// <c>viral-burst</c> with its strength multiplied by <see cref="FollowerBurstOptions.ViralStrengthFactor"/>; a
/// silent burst, or one whose arrivals look bought, is a <c>follower-burst</c>. A burst holds organic followers too,
/// so findings never mark their followers as fake. Misses: bought followers with spread creation dates delivered
/// during a real viral moment; a slow drip that never rises above the baseline.</para>
/// <para><b>Data.</b> Follow times (<c>followed_at</c>); without them, follower-count snapshots of the account (then
/// bursts are only as precise as the snapshot spacing and carry no follower ids). Post interactions are optional
/// context. Not applicable without either, or with less than
/// <see cref="FollowerBurstOptions.MinHistoryDays"/> + 1 days.</para>
/// </remarks>
public sealed class FollowerBurstDetector : IDetector
{
    /// <summary>The detector's stable name.</summary>
    public const string DetectorName = "follower-burst";

    private readonly FollowerBurstOptions _options;

    /// <summary>Creates the detector.</summary>
    /// <param name="options">Options (validated by the extension).</param>
    public FollowerBurstDetector(FollowerBurstOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <inheritdoc />
    public DetectorResult Run(AuditContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slice = context.Slice;
        var timeline = AccountTimeline.Build(slice);
        var fromFollowTimes = slice.FollowedAt is { } at && at.Any(t => t is not null);

        DateTime[] days;
        double[] counts;
        if (fromFollowTimes)
        {
            days = timeline.Days;
            counts = timeline.NewFollowers;
        }
        else if (timeline.SnapshotAt.Length >= 2)
        {
            (days, counts) = DailyGainsFromSnapshots(timeline.SnapshotAt, timeline.SnapshotFollowers);
        }
        else
        {
            return DetectorResult.NotApplicable(Name, "No follow times and fewer than two follower-count snapshots: daily follower gains are unknown.");
        }

        if (days.Length < _options.MinHistoryDays + 1)
        {
            return DetectorResult.NotApplicable(
                Name,
                string.Create(CultureInfo.InvariantCulture, $"Only {days.Length} days of follower history; at least {_options.MinHistoryDays + 1} are needed for a baseline."));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var interactions = AlignInteractions(days, timeline);
        var analysis = BurstMath.Analyse(counts, _options);
        var findings = new List<Finding>();
        var organic = new List<Finding>();
        foreach (var burst in analysis.Bursts)
        {
            if (burst.Excess < _options.MinExcess)
            {
                continue;
            }

            var (finding, isOrganic) = ToFinding(context, days, burst, interactions, fromFollowTimes);
            (isOrganic ? organic : findings).Add(finding);
        }

        var source = fromFollowTimes ? "follow times" : "follower-count snapshots";
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Checked {days.Length} days of new followers (from {source}) against a {_options.TrailingWindowDays}-day rolling median; {findings.Count} burst(s) found")
            + (organic.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $", and {organic.Count} organic burst(s) (engagement rose with them and the arrivals look like the account's other followers) listed as context.") : ".");
        return new DetectorResult(Name, DetectorOutcome.Ran, findings, summary)
        {
            Context = organic,
            Metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["days"] = days.Length,
                ["z_threshold"] = _options.ZThreshold,
                ["min_excess"] = _options.MinExcess,
                ["bursts"] = findings.Count,
                ["organic_bursts"] = organic.Count,
            },
            Warnings = slice.IsSample ? ["Counts are scaled up from a sample of followers."] : [],
        };
    }

    private (Finding Finding, bool Organic) ToFinding(AuditContext auditContext, DateTime[] days, BurstMath.Burst burst, double[]? interactions, bool fromFollowTimes)
    {
        var slice = auditContext.Slice;
        var start = days[burst.FirstDay];
        var end = days[burst.LastDay].AddDays(1);
        var ids = new List<long>();
        if (fromFollowTimes)
        {
            var accounts = slice.Followers;
            for (var i = 0; i < slice.Count; i++)
            {
                if (slice.FollowedAt![i] is { } t && t >= start && t < end)
                {
                    ids.Add(accounts.AccountId[i]);
                }
            }
        }

        var ratio = burst.Observed / Math.Max(burst.Expected, 1.0);
        var strength = Math.Clamp(burst.Excess / Math.Max(burst.Observed, 1.0), 0.0, 1.0);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["observed"] = burst.Observed,
            ["expected"] = burst.Expected,
            ["excess"] = burst.Excess,
            ["peak_z"] = burst.PeakZ,
            ["days"] = burst.LastDay - burst.FirstDay + 1,
        };

        string context;
        var viral = false;
        if (interactions is not null)
        {
            // The window opens a little before the burst: the post that went viral comes before the follows it draws.
            var firstWithLead = Math.Max(0, burst.FirstDay - _options.EngagementLeadDays);
            var lastWithLag = Math.Min(days.Length - 1, burst.LastDay + _options.EngagementLagDays);
            var burstInteractions = 0.0;
            for (var d = firstWithLead; d <= lastWithLag; d++)
            {
                burstInteractions += interactions[d];
            }

            var from = Math.Max(0, firstWithLead - _options.TrailingWindowDays);
            var before = 0.0;
            for (var d = from; d < firstWithLead; d++)
            {
                before += interactions[d];
            }

            var baselinePerDay = firstWithLead > from ? before / (firstWithLead - from) : 0.0;
            var expectedInteractions = baselinePerDay * (lastWithLag - firstWithLead + 1);
            var engagementRatio = (burstInteractions + 1.0) / (expectedInteractions + 1.0);
            metrics["interactions"] = burstInteractions;
            metrics["expected_interactions"] = expectedInteractions;
            metrics["engagement_ratio"] = engagementRatio;
            // Elasticity on a log scale: a viral post's interactions are spread over more days (lead and lag) than the
            // follows it draws, so they rise less than proportionally; 0.5 asks for the square root of the follower rise.
            viral = burstInteractions > expectedInteractions && Math.Log(engagementRatio) >= _options.EngagementProportion * Math.Log(Math.Max(ratio, 1.0));
            context = viral
                ? string.Create(CultureInfo.InvariantCulture, $"Interactions on the account's posts rose {engagementRatio:0.0}x ({burstInteractions:N0} vs about {expectedInteractions:N0} expected), in proportion to the follower rise, as on a viral day with engagement.")
                : string.Create(CultureInfo.InvariantCulture, $"This is a silent burst: interactions on the account's posts did not rise with it ({burstInteractions:N0} vs about {expectedInteractions:N0} expected, {engagementRatio:0.0}x).");
        }
        else
        {
            context = "No post interaction data, so a viral moment cannot be told apart from a delivery of bought followers by engagement.";
        }

        var composition = fromFollowTimes ? Composition(auditContext, start, end) : null;
        var unusual = false;
        if (composition is { } c)
        {
            if (c.CreationBatchShare is { } batch)
            {
                metrics["creation_batch_share"] = batch;
                unusual |= batch > _options.MaxOrganicBatchShare;
            }

            if (c.FlaggedExcessShare is { } flagged)
            {
                metrics["flagged_excess_share"] = flagged;
                unusual |= flagged > _options.MaxOrganicBatchShare;
            }

            context += unusual
                ? string.Create(CultureInfo.InvariantCulture, $" The arrivals do not look like the account's other followers: {Describe(c)}.")
                : string.Create(CultureInfo.InvariantCulture, $" The arrivals look like the account's other followers: {Describe(c)}.");
        }

        // Organic = engagement rose with it AND the arrivals were checked and look ordinary. Then it is context, not
        // evidence. Engagement without a composition check only weakens the finding, as a purchase timed with a
        // viral post would look the same.
        var checkedComposition = composition is { CreationBatchShare: not null } or { FlaggedExcessShare: not null };
        var organic = viral && checkedComposition && !unusual;
        if (viral && !checkedComposition)
        {
            strength *= _options.ViralStrengthFactor;
        }

        metrics["viral"] = viral ? 1 : 0;
        metrics["organic"] = organic ? 1 : 0;
        var dayCount = burst.LastDay - burst.FirstDay + 1;
        var span = dayCount == 1
            ? start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{start:yyyy-MM-dd} to {end.AddDays(-1):yyyy-MM-dd}");
        var title = organic
            ? string.Create(CultureInfo.InvariantCulture, $"Organic burst of {burst.Observed:N0} new followers on {span}")
            : string.Create(CultureInfo.InvariantCulture, $"Burst of {burst.Observed:N0} new followers on {span}");
        var explanation = string.Create(
            CultureInfo.InvariantCulture,
            $"The account gained {burst.Observed:N0} followers in {dayCount} day(s) where its recent rhythm predicts about {burst.Expected:N0} ({ratio:0.0}x, {burst.Excess:N0} excess, peak robust z {burst.PeakZ:0.0}). {context}")
            + (organic ? " Judged organic: shown as context, not counted as evidence." : string.Empty);
        var kind = organic ? "organic-burst" : viral && !checkedComposition ? "viral-burst" : "follower-burst";
        var finding = new Finding(Name, kind, title, explanation, organic ? 0.0 : strength, ids)
        {
            Start = start,
            End = end,
            Metrics = metrics,
            MarksFollowersAsFake = false,
        };
        return (finding, organic);
    }

    private readonly record struct ArrivalCheck(double? CreationBatchShare, double? FlaggedExcessShare, int Arrivals, int Baseline);

    private static string Describe(ArrivalCheck c)
    {
        var parts = new List<string>();
        if (c.CreationBatchShare is { } batch)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, batch):P0} more of them were created within one week than of the {c.Baseline:N0} followers around the burst"));
        }

        if (c.FlaggedExcessShare is { } flagged)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{flagged:+0%;-0%;0%} flagged by the follower score compared with them"));
        }

        return string.Join("; ", parts);
    }

    // Arrivals = followers who followed in [start, end); baseline = those who followed within the trailing window
    // before or after it (else all others), so both had the same chance to exist. Null when either side is too small.
    private ArrivalCheck? Composition(AuditContext context, DateTime start, DateTime end)
    {
        const int MinSide = 20;
        var slice = context.Slice;
        var createdAt = slice.Followers.CreatedAt;
        var scores = context.FollowerScores is { Scorer: not "none" } s && s.Scores.Length == slice.Count ? s : null;
        if (createdAt is null && scores is null)
        {
            return null;
        }

        var around = TimeSpan.FromDays(_options.TrailingWindowDays);
        List<int> arrivals = [], near = [], others = [];
        for (var i = 0; i < slice.Count; i++)
        {
            if (slice.FollowedAt![i] is not { } t)
            {
                continue;
            }

            if (t >= start && t < end)
            {
                arrivals.Add(i);
            }
            else if (t >= start - around && t < end + around)
            {
                near.Add(i);
            }
            else
            {
                others.Add(i);
            }
        }

        var baseline = near.Count >= MinSide ? near : [.. near, .. others];
        if (arrivals.Count < MinSide || baseline.Count < MinSide)
        {
            return null;
        }

        double? batch = null;
        if (createdAt is not null)
        {
            var a = CreationDays(slice, createdAt, arrivals);
            var b = CreationDays(slice, createdAt, baseline);
            if (a.Length >= MinSide && b.Length >= MinSide)
            {
                batch = ArrivalComposition.CreationBatchShare(a, b, _options.CreationClusterDays);
            }
        }

        double? flagged = null;
        if (scores is not null)
        {
            flagged = ArrivalComposition.FlaggedExcessShare([.. arrivals.Select(i => scores.Scores[i])], [.. baseline.Select(i => scores.Scores[i])], scores.Threshold);
        }

        return new ArrivalCheck(batch, flagged, arrivals.Count, baseline.Count);
    }

    private static double[] CreationDays(AccountSlice slice, DateTime?[] createdAt, List<int> positions) =>
        [.. positions.Select(i => createdAt[i]).Where(c => c is not null).Select(c => c!.Value.Ticks / (double)TimeSpan.TicksPerDay)];

    private static double[]? AlignInteractions(DateTime[] days, AccountTimeline timeline)
    {
        if (timeline.Posts.Length == 0 || timeline.Posts.All(p => p == 0))
        {
            return null;
        }

        var result = new double[days.Length];
        var origin = timeline.Days[0];
        for (var d = 0; d < days.Length; d++)
        {
            var k = (int)(days[d] - origin).TotalDays;
            if (k >= 0 && k < timeline.Interactions.Length)
            {
                result[d] = timeline.Interactions[k];
            }
        }

        return result;
    }

    // Spreads each gain between consecutive snapshots evenly over the days it covers; losses (unfollows, purges) count as 0.
    private static (DateTime[] Days, double[] Counts) DailyGainsFromSnapshots(DateTime[] at, double[] followers)
    {
        var first = at[0].Date;
        var dayCount = (int)(at[^1].Date - first).TotalDays + 1;
        var days = new DateTime[dayCount];
        for (var d = 0; d < dayCount; d++)
        {
            days[d] = DateTime.SpecifyKind(first.AddDays(d), DateTimeKind.Utc);
        }

        var counts = new double[dayCount];
        for (var k = 1; k < at.Length; k++)
        {
            var gain = Math.Max(0, followers[k] - followers[k - 1]);
            var from = (int)(at[k - 1].Date - first).TotalDays;
            var to = (int)(at[k].Date - first).TotalDays;
            if (to <= from)
            {
                counts[to] += gain;
                continue;
            }

            for (var d = from + 1; d <= to; d++)
            {
                counts[d] += gain / (to - from);
            }
        }

        return (days, counts);
    }
}
