using System.Numerics;
using FollowerAudit.Core.Pipeline;
using N = FollowerAudit.Core.Scoring.ProfileFeatureNames;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// <c>camisani-calzolari</c>: the human/bot point algorithm of Camisani-Calzolari (2012), as listed by Cresci et al.
/// 2015 (Table 1). Each criterion met gives a human point, each one not met a bot point; an account is fake when its
/// bot points exceed its human points. Score = bot / (bot + human + 1), so score ≥ 0.5 ⇔ bot &gt; human.
/// </summary>
/// <remarks>
/// Only the profile criteria can be checked from account data: name, image, address (location), biography,
/// ≥ 30 followers, listed, ≥ 50 tweets, URL, 2 × followers ≥ friends. The tweet-content criteria (punctuation,
/// hashtags, clients used, geo-localisation, favourited, retweeted …) need tweets and are skipped. Cresci et al.
/// measured MCC 0.175 and recall 0.06 for the full algorithm: it calls almost everyone human.
/// </remarks>
public sealed class CamisaniCalzolariScorer : IFollowerScorer
{
    /// <summary>The scorer's name.</summary>
    public const string ScorerName = "camisani-calzolari";

    private static readonly (string Feature, string Reason)[] HumanCriteria =
    [
        (N.HasName, "no name"), (N.HasAvatar, "no image"), (N.HasLocation, "no address"), (N.HasBio, "no biography"),
        (N.FollowersAtLeast30, "fewer than 30 followers"), (N.Listed, "never listed"), (N.PostsAtLeast50, "fewer than 50 tweets"),
        (N.HasUrl, "no URL"), (N.TwiceFollowersAtLeastFollowing, "2 × followers < friends"),
    ];

    /// <inheritdoc />
    public string Name => ScorerName;

    /// <inheritdoc />
    public FollowerScores Score(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var f = context.Features;
        var cols = HumanCriteria.Select(c => f.TryGet(c.Feature, out var v) ? v : null).ToArray();
        var scores = new double[f.RowCount];
        var reasons = new string[f.RowCount][];
        RowRanges.For(f.RowCount, (start, end) =>
        {
            var lists = new ReasonLists([.. HumanCriteria.Select(c => c.Reason)]);
            for (var i = start; i < end; i++)
            {
                int human = 0, bot = 0, why = 0;
                for (var k = 0; k < cols.Length; k++)
                {
                    if (cols[k] is not { } col || double.IsNaN(col[i]))
                    {
                        continue;
                    }

                    if (col[i] > 0.5)
                    {
                        human++;
                    }
                    else
                    {
                        bot++;
                        why |= 1 << k;
                    }
                }

                scores[i] = bot / (double)(bot + human + 1);
                reasons[i] = lists.For(why);
            }
        });

        return new FollowerScores(Name, scores, 0.5, reasons);
    }
}

/// <summary>
/// <c>socialbakers</c>: Socialbakers' FakeFollowerCheck criteria as listed by Cresci et al. 2015. An account is fake
/// when any checkable criterion holds; score = 1 − 0.5^(criteria met), so score ≥ 0.5 ⇔ at least one.
/// </summary>
/// <remarks>
/// Checkable from profile data: friends/followers ≥ 50:1; never tweeted; older than two months with the default
/// profile image; no bio and no location while following more than 100 accounts. Skipped (need tweets): spam
/// phrases in &gt; 30 % of tweets, the same tweet repeated &gt; 3 times, &gt; 90 % retweets, &gt; 90 % links.
/// Cresci et al. measured at best MCC 0.296 for these rules.
/// </remarks>
public sealed class SocialbakersScorer : IFollowerScorer
{
    /// <summary>The scorer's name.</summary>
    public const string ScorerName = "socialbakers";

    private static readonly string[] SocialbakersReasons =
    [
        "friends/followers ≥ 50:1", "never tweeted", "older than 2 months with the default image", "no bio, no location, following > 100",
    ];

    /// <inheritdoc />
    public string Name => ScorerName;

    /// <inheritdoc />
    public FollowerScores Score(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var f = context.Features;
        f.TryGet(N.FollowingPerFollower, out var ratio);
        f.TryGet(N.Posts, out var posts);
        f.TryGet(N.AccountAgeDays, out var age);
        f.TryGet(N.HasAvatar, out var avatar);
        f.TryGet(N.HasBio, out var bio);
        f.TryGet(N.HasLocation, out var location);
        f.TryGet(N.Following, out var following);
        var scores = new double[f.RowCount];
        var reasons = new string[f.RowCount][];
        RowRanges.For(f.RowCount, (start, end) =>
        {
            var lists = new ReasonLists(SocialbakersReasons);
            for (var i = start; i < end; i++)
            {
                var why = 0;
                if (ratio is not null && ratio[i] >= 50)
                {
                    why |= 1;
                }

                if (posts is not null && posts[i] == 0)
                {
                    why |= 2;
                }

                if (age is not null && avatar is not null && age[i] > 60 && avatar[i] == 0)
                {
                    why |= 4;
                }

                if (bio is not null && location is not null && following is not null && bio[i] == 0 && location[i] == 0 && following[i] > 100)
                {
                    why |= 8;
                }

                scores[i] = 1 - Math.Pow(0.5, BitOperations.PopCount((uint)why));
                reasons[i] = lists.For(why);
            }
        });

        return new FollowerScores(Name, scores, 0.5, reasons);
    }
}

/// <summary>
/// <c>statuspeople</c>: a reconstruction of StatusPeople's "Fakers" criteria from their public description
/// (fakes follow far more accounts than follow them, post little, and keep an empty, default profile). StatusPeople's
/// exact algorithm is proprietary; this checks four profile criteria and flags an account when at least half of the
/// checkable ones hold, i.e. two of four with full data (score = criteria met / criteria checkable, threshold 0.5).
/// </summary>
/// <remarks>
/// Criteria: following ≥ 10 × followers; fewer than 10 posts; default profile image; empty bio. Treat its metrics
/// as those of our reading of the description, not of the commercial service.
/// </remarks>
public sealed class StatusPeopleScorer : IFollowerScorer
{
    /// <summary>The scorer's name.</summary>
    public const string ScorerName = "statuspeople";

    /// <inheritdoc />
    public string Name => ScorerName;

    /// <inheritdoc />
    public FollowerScores Score(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var f = context.Features;
        var checks = new (float[]? Column, Func<double, bool> Fires, string Reason)[]
        {
            (f.TryGet(N.FollowingPerFollower, out var r) ? r : null, v => v >= 10, "follows ≥ 10 × its followers"),
            (f.TryGet(N.Posts, out var p) ? p : null, v => v < 10, "fewer than 10 posts"),
            (f.TryGet(N.HasAvatar, out var a) ? a : null, v => v < 0.5, "default profile image"),
            (f.TryGet(N.HasBio, out var b) ? b : null, v => v < 0.5, "empty bio"),
        };
        var scores = new double[f.RowCount];
        var reasons = new string[f.RowCount][];
        RowRanges.For(f.RowCount, (start, end) =>
        {
            var lists = new ReasonLists([.. checks.Select(c => c.Reason)]);
            for (var i = start; i < end; i++)
            {
                var why = 0;
                var checkable = 0;
                for (var k = 0; k < checks.Length; k++)
                {
                    var (column, fires, _) = checks[k];
                    if (column is null || double.IsNaN(column[i]))
                    {
                        continue;
                    }

                    checkable++;
                    if (fires(column[i]))
                    {
                        why |= 1 << k;
                    }
                }

                // Flagged when at least half of the checkable criteria hold: two of four with full data.
                scores[i] = checkable == 0 ? 0 : BitOperations.PopCount((uint)why) / (double)checkable;
                reasons[i] = lists.For(why);
            }
        });

        return new FollowerScores(Name, scores, 0.5, reasons);
    }
}

/// <summary>Adds the three published rule sets (<c>camisani-calzolari</c>, <c>statuspeople</c>, <c>socialbakers</c>).</summary>
public sealed class PublishedRuleSetsExtension : IAuditExtension
{
    /// <inheritdoc />
    public void Setup(AuditPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ScoringPipelineExtensions.EnsureProfileFeatures(builder);
        builder.Scorers.Add(new CamisaniCalzolariScorer());
        builder.Scorers.Add(new StatusPeopleScorer());
        builder.Scorers.Add(new SocialbakersScorer());
    }
}
