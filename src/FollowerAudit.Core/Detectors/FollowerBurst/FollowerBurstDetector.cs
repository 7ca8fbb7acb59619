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
/// account) look the same in follower counts. The detector therefore compares the account's post interactions on and
/// just after the burst with their baseline: when they rose in proportion, the finding says "viral day with
/// engagement" and its strength is multiplied by <see cref="FollowerBurstOptions.ViralStrengthFactor"/>. A burst
/// holds organic followers too, so findings never mark their followers as fake.</para>
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
        foreach (var burst in analysis.Bursts)
        {
            if (burst.Excess < _options.MinExcess)
            {
                continue;
            }

            findings.Add(ToFinding(slice, days, burst, interactions, fromFollowTimes));
        }

        var source = fromFollowTimes ? "follow times" : "follower-count snapshots";
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Checked {days.Length} days of new followers (from {source}) against a {_options.TrailingWindowDays}-day rolling median; {findings.Count} burst(s) found.");
        return new DetectorResult(Name, DetectorOutcome.Ran, findings, summary)
        {
            Metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["days"] = days.Length,
                ["z_threshold"] = _options.ZThreshold,
                ["min_excess"] = _options.MinExcess,
                ["bursts"] = findings.Count,
            },
            Warnings = slice.IsSample ? ["Counts are scaled up from a sample of followers."] : [],
        };
    }

    private Finding ToFinding(AccountSlice slice, DateTime[] days, BurstMath.Burst burst, double[]? interactions, bool fromFollowTimes)
    {
        var start = days[burst.FirstDay];
        var end = days[burst.LastDay].AddDays(1);
        var ids = new List<long>();
        if (fromFollowTimes)
        {
            var accounts = slice.Dataset.Accounts;
            for (var i = 0; i < slice.Count; i++)
            {
                if (slice.FollowedAt![i] is { } t && t >= start && t < end)
                {
                    ids.Add(accounts.AccountId[slice.FollowerRows[i]]);
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
            var lastWithLag = Math.Min(days.Length - 1, burst.LastDay + _options.EngagementLagDays);
            var burstInteractions = 0.0;
            for (var d = burst.FirstDay; d <= lastWithLag; d++)
            {
                burstInteractions += interactions[d];
            }

            var from = Math.Max(0, burst.FirstDay - _options.TrailingWindowDays);
            var before = 0.0;
            for (var d = from; d < burst.FirstDay; d++)
            {
                before += interactions[d];
            }

            var baselinePerDay = burst.FirstDay > from ? before / (burst.FirstDay - from) : 0.0;
            var expectedInteractions = baselinePerDay * (lastWithLag - burst.FirstDay + 1);
            var engagementRatio = (burstInteractions + 1.0) / (expectedInteractions + 1.0);
            metrics["interactions"] = burstInteractions;
            metrics["expected_interactions"] = expectedInteractions;
            metrics["engagement_ratio"] = engagementRatio;
            viral = engagementRatio >= _options.EngagementProportion * ratio && burstInteractions > expectedInteractions;
            context = viral
                ? string.Create(CultureInfo.InvariantCulture, $"This looks like a viral day with engagement: interactions on the account's posts rose {engagementRatio:0.0}x ({burstInteractions:N0} vs about {expectedInteractions:N0} expected), in proportion to the follower rise.")
                : string.Create(CultureInfo.InvariantCulture, $"This is a silent burst: interactions on the account's posts did not rise with it ({burstInteractions:N0} vs about {expectedInteractions:N0} expected, {engagementRatio:0.0}x).");
        }
        else
        {
            context = "No post interaction data, so a viral moment cannot be told apart from a delivery of bought followers.";
        }

        if (viral)
        {
            strength *= _options.ViralStrengthFactor;
        }

        metrics["viral"] = viral ? 1 : 0;
        var dayCount = burst.LastDay - burst.FirstDay + 1;
        var span = dayCount == 1
            ? start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{start:yyyy-MM-dd} to {end.AddDays(-1):yyyy-MM-dd}");
        var title = string.Create(CultureInfo.InvariantCulture, $"Burst of {burst.Observed:N0} new followers on {span}");
        var explanation = string.Create(
            CultureInfo.InvariantCulture,
            $"The account gained {burst.Observed:N0} followers in {dayCount} day(s) where its recent rhythm predicts about {burst.Expected:N0} ({ratio:0.0}x, {burst.Excess:N0} excess, peak robust z {burst.PeakZ:0.0}). {context}");
        return new Finding(Name, viral ? "viral-burst" : "follower-burst", title, explanation, strength, ids)
        {
            Start = start,
            End = end,
            Metrics = metrics,
            MarksFollowersAsFake = false,
        };
    }

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
