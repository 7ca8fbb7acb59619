using System.Globalization;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.Engagement;

/// <summary>
/// Compares an account's headline follower numbers with the interaction its posts actually get.
/// </summary>
/// <remarks>
/// Catches: an engagement rate (interactions per post / followers at posting time) below the published band of the
/// account's follower tier; months where followers grew fast while interactions per post stayed flat (bought followers
/// do not engage), with how concentrated the creation dates of that month's arrivals were; and a large share of
/// engagements coming from flagged followers (engagement pods, bought likes).
/// Known false positives: accounts that post rarely or in a niche with naturally low rates; bands are Instagram's and
/// other platforms run lower or higher (docs/engagement-benchmarks.md). Needs: posts with dates and public counts (or an
/// engagements table); follow times or snapshots for the follower count at posting time, else the public count.
/// </remarks>
public sealed class EngagementDivergenceDetector(EngagementDivergenceOptions options) : IDetector
{
    /// <summary>The detector's stable name.</summary>
    public const string DetectorName = "engagement-divergence";

    /// <summary>
    /// Metric: median over the recent posts of interactions divided by the followers at posting time. The report
    /// divides the same interactions by the <em>estimated</em> genuine followers once the estimate exists.
    /// </summary>
    public const string MedianRateMetric = "median_engagement_rate";

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <inheritdoc />
    public DetectorResult Run(AuditContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slice = context.Slice;
        var posts = AccountPosts.Of(slice);
        if (posts.Count < options.MinPosts)
        {
            return DetectorResult.NotApplicable(Name, $"Engagement not assessed: {posts.Count} dated posts by the account, {options.MinPosts} needed.");
        }

        var followersAt = FollowerCurve.Of(slice);
        var rates = new double[posts.Count];
        for (var i = 0; i < posts.Count; i++)
        {
            rates[i] = posts.Interactions[i] / Math.Max(1, followersAt.At(posts.PostedAt[i]));
        }

        var recent = rates.Skip(Math.Max(0, rates.Length - options.RecentPosts)).ToArray();
        var medianRate = Median(recent);
        var currentFollowers = followersAt.Current;
        var band = EngagementBenchmarks.For((long)currentFollowers);
        var scores = context.FollowerScores;
        var flaggedShare = scores is null || slice.Count == 0 ? 0 : scores.Scores.Count(s => s >= scores.Threshold) / (double)slice.Count;
        var medianInteractions = Median([.. posts.Interactions.Skip(Math.Max(0, posts.Count - options.RecentPosts))]);
        // The estimate (which needs every detector's findings) is not known yet: this divides by the followers the
        // combined score did not flag; the report adds the figure per estimated genuine follower.
        var perUnflagged = medianInteractions / Math.Max(1, currentFollowers * (1 - flaggedShare));

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["posts"] = posts.Count,
            [MedianRateMetric] = medianRate,
            ["band_low"] = band.Low,
            ["band_high"] = band.High,
            ["engagement_per_unflagged_follower"] = perUnflagged,
        };
        var findings = new List<Finding>();
        if (medianRate < band.Low)
        {
            findings.Add(new Finding(
                Name,
                "low-engagement-rate",
                $"Engagement rate {Pct(medianRate)} is below the {band.Tier}-tier band",
                $"The median of the last {recent.Length} posts' interactions per follower is {Pct(medianRate)}, below the typical " +
                $"{Pct(band.Low)}–{Pct(band.High)} for accounts with {band.MinFollowers:N0}+ followers. Per follower not flagged by the follower score it is {Pct(perUnflagged)}.",
                Math.Clamp(1 - (medianRate / band.Low), 0, 1) * 0.6,
                [])
            { Metrics = new Dictionary<string, double>(metrics) });
        }

        findings.AddRange(GrowthWithoutEngagement(slice, posts, followersAt, cancellationToken));
        if (SuspiciousEngagement(context, posts) is { } suspicious)
        {
            findings.Add(suspicious);
            metrics["suspicious_engagement_share"] = suspicious.Metrics["share"];
        }

        var summary = $"Median engagement rate {Pct(medianRate)} over the last {recent.Length} posts (typical for this size: {Pct(band.Low)}–{Pct(band.High)}).";
        return new DetectorResult(Name, DetectorOutcome.Ran, findings, summary) { Metrics = metrics };
    }

    private IEnumerable<Finding> GrowthWithoutEngagement(AccountSlice slice, AccountPosts posts, FollowerCurve followersAt, CancellationToken cancellationToken)
    {
        var months = posts.PostedAt.Select(MonthStart).Distinct().Order().ToList();
        for (var m = 1; m < months.Count; m++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var previous = months[m - 1];
            var month = months[m];
            if (previous.AddMonths(1) != month)
            {
                continue;
            }

            var before = followersAt.At(month);
            var after = followersAt.At(month.AddMonths(1));
            var growth = before <= 0 ? 0 : (after / before) - 1;
            var previousPosts = posts.InMonth(previous);
            var monthPosts = posts.InMonth(month);
            if (growth < options.MonthlyGrowthThreshold || previousPosts.Count < 3 || monthPosts.Count < 3)
            {
                continue;
            }

            var engagementGrowth = (monthPosts.Average() / Math.Max(1e-9, previousPosts.Average())) - 1;
            // Organic growth brings engagement with it; report months where followers outgrew engagement by the threshold.
            if (growth - engagementGrowth < options.MonthlyGrowthThreshold)
            {
                continue;
            }

            var arrivals = Arrivals(slice, month, month.AddMonths(1));
            var explanation = $"Followers grew {Pct(growth)} in {month:MMMM yyyy} while interactions per post changed {SignedPct(engagementGrowth)}.";
            var cohort = DensestCreationWindow(slice, arrivals, TimeSpan.FromDays(14));
            if (cohort is { } c && arrivals.Count >= 20)
            {
                explanation += $" {Pct(c.Share)} of that month's {arrivals.Count:N0} new followers were created within two weeks ({c.Start:yyyy-MM-dd} – {c.Start.AddDays(14):yyyy-MM-dd}).";
            }

            yield return new Finding(
                Name,
                "growth-without-engagement",
                $"Followers +{Pct(growth)} in {month:MMM yyyy}, engagement flat",
                explanation,
                Math.Clamp((growth - engagementGrowth) / 2, 0, 1) * 0.7,
                [.. arrivals.Select(p => slice.Followers.AccountId[p])])
            {
                Start = month,
                End = month.AddMonths(1),
                Metrics = new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["follower_growth"] = growth,
                    ["engagement_growth"] = engagementGrowth,
                    ["arrivals"] = arrivals.Count,
                    ["densest_two_week_creation_share"] = cohort?.Share ?? double.NaN,
                },
            };
        }
    }

    private Finding? SuspiciousEngagement(AuditContext context, AccountPosts posts)
    {
        var scores = context.FollowerScores;
        var engagements = context.Slice.Engagements;
        if (scores is null || engagements.Count == 0)
        {
            return null;
        }

        // Positions of the followers who engaged, found in one pass over the followers: a map of every follower would
        // be hundreds of megabytes on a celebrity account, and engagers are few. A repeated id keeps its last position.
        var slice = context.Slice;
        var positionById = new Dictionary<long, int>();
        for (var e = 0; e < engagements.Count; e++)
        {
            positionById.TryAdd(engagements.ActorId[e], -1);
        }

        var followerIds = slice.Followers.AccountId;
        for (var i = 0; i < slice.Count; i++)
        {
            if (positionById.ContainsKey(followerIds[i]))
            {
                positionById[followerIds[i]] = i;
            }
        }

        var postIds = posts.PostIds.ToHashSet();
        int known = 0, suspicious = 0;
        var actors = new SortedSet<long>();
        for (var e = 0; e < engagements.Count; e++)
        {
            if (!postIds.Contains(engagements.PostId[e]) || positionById[engagements.ActorId[e]] is not (>= 0 and var position))
            {
                continue;
            }

            known++;
            if (scores.Scores[position] >= scores.Threshold)
            {
                suspicious++;
                actors.Add(engagements.ActorId[e]);
            }
        }

        var share = known == 0 ? 0 : suspicious / (double)known;
        if (known < 20 || share < options.SuspiciousEngagementShare)
        {
            return null;
        }

        return new Finding(
            Name,
            "suspicious-engagement",
            $"{Pct(share)} of engagements come from likely fake followers",
            $"{suspicious:N0} of the {known:N0} likes, replies and reposts by followers came from {actors.Count:N0} followers flagged as likely fake: a sign of engagement pods or bought likes.",
            Math.Clamp(share, 0, 1) * 0.8,
            [.. actors])
        {
            Metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["share"] = share, ["engagements"] = known },
        };
    }

    private static List<int> Arrivals(AccountSlice slice, DateTime from, DateTime to)
    {
        var result = new List<int>();
        if (slice.FollowedAt is not { } at)
        {
            return result;
        }

        for (var i = 0; i < at.Length; i++)
        {
            if (at[i] is { } t && t >= from && t < to)
            {
                result.Add(i);
            }
        }

        return result;
    }

    private static (DateTime Start, double Share)? DensestCreationWindow(AccountSlice slice, List<int> positions, TimeSpan window)
    {
        var created = slice.Followers.CreatedAt;
        if (created is null)
        {
            return null;
        }

        var dates = positions.Select(p => created[p]).OfType<DateTime>().Order().ToArray();
        if (dates.Length == 0)
        {
            return null;
        }

        // Two pointers over sorted creation dates: the window holding the most arrivals.
        int best = 0, bestStart = 0, lo = 0;
        for (var hi = 0; hi < dates.Length; hi++)
        {
            while (dates[hi] - dates[lo] > window)
            {
                lo++;
            }

            if (hi - lo + 1 > best)
            {
                best = hi - lo + 1;
                bestStart = lo;
            }
        }

        return (dates[bestStart].Date, best / (double)positions.Count);
    }

    private static DateTime MonthStart(DateTime t) => new(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc);

    private static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Pct(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);

    private static string SignedPct(double share) => (share >= 0 ? "+" : "") + Pct(share);
}
