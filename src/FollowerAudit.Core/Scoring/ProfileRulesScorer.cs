using System.Globalization;
using FollowerAudit.Core.Pipeline;
using N = FollowerAudit.Core.Scoring.ProfileFeatureNames;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// <c>profile-rules</c>: a transparent point score. Each rule that fires adds its weight; the score is the fired
/// weight divided by the weight of the rules that could be checked for that follower, so it lies in [0, 1] and a
/// follower with little data is judged only on what is known. The fired rules are the reasons.
/// </summary>
/// <remarks>
/// The rules are Cresci et al. 2015's cheap "class A" profile features, turned into suspicious-if conditions,
/// weighted by how well each separated bought from genuine followers in that paper (the friends/followers² and
/// followers ≥ 30 rules are the strongest single rules). Assumes bought followers are thin profiles that follow far
/// more than they are followed; known false positives: new genuine users and lurkers with empty profiles.
/// Needs any of the account columns; rules whose features are absent are skipped.
/// </remarks>
public sealed class ProfileRulesScorer : IFollowerScorer
{
    /// <summary>The scorer's name.</summary>
    public const string ScorerName = "profile-rules";

    /// <summary>Default of <see cref="Threshold"/>.</summary>
    public const double DefaultThreshold = 0.5;

    private static readonly IReadOnlyList<Rule> Rules =
    [
        new(N.FollowingPerFollowerSquared, 3, v => v >= 0.5, "follows ≥ 0.5 × followers² accounts"),
        new(N.FollowersAtLeast30, 3, v => v < 0.5, "fewer than 30 followers"),
        new(N.TwiceFollowersAtLeastFollowing, 2, v => v < 0.5, "follows more than twice as many accounts as follow it"),
        new(N.Listed, 2, v => v < 0.5, "on no public list"),
        new(N.PostsAtLeast50, 1, v => v < 0.5, "fewer than 50 posts"),
        new(N.HasAvatar, 1, v => v < 0.5, "default profile picture"),
        new(N.DefaultProfile, 1, v => v > 0.5, "default profile theme"),
        new(N.HasBio, 1, v => v < 0.5, "empty bio"),
        new(N.HasUrl, 1, v => v < 0.5, "no profile URL"),
        new(N.HasName, 0.5, v => v < 0.5, "no display name"),
        new(N.HasLocation, 0.5, v => v < 0.5, "no location"),
    ];

    /// <summary>Creates the scorer.</summary>
    /// <param name="threshold">Score at or above which a follower is flagged; default <see cref="DefaultThreshold"/>.</param>
    public ProfileRulesScorer(double threshold = DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1);
        Threshold = threshold;
    }

    /// <inheritdoc />
    public string Name => ScorerName;

    /// <summary>Score at or above which a follower is flagged.</summary>
    public double Threshold { get; }

    /// <inheritdoc />
    public FollowerScores Score(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var features = context.Features;
        var n = features.RowCount;
        var columns = Rules.Select(r => features.TryGet(r.Feature, out var v) ? v : null).ToArray();
        var scores = new double[n];
        var reasons = new string[n][];
        RowRanges.For(n, (start, end) =>
        {
            var lists = new ReasonLists([.. Rules.Select(r => r.Reason)]);
            for (var i = start; i < end; i++)
            {
                double total = 0, hit = 0;
                var fired = 0;
                for (var k = 0; k < Rules.Count; k++)
                {
                    if (columns[k] is not { } col || double.IsNaN(col[i]))
                    {
                        continue;
                    }

                    total += Rules[k].Weight;
                    if (Rules[k].Fires(col[i]))
                    {
                        hit += Rules[k].Weight;
                        fired |= 1 << k;
                    }
                }

                scores[i] = total > 0 ? hit / total : 0;
                reasons[i] = lists.For(fired);
            }
        });

        return new FollowerScores(Name, scores, Threshold, reasons);
    }

    /// <summary>A human-readable list of the rules and weights, for docs and reports.</summary>
    /// <returns>One line per rule.</returns>
    public static IReadOnlyList<string> Describe() =>
        [.. Rules.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Weight:0.#} × {r.Reason} ({r.Feature})"))];

    private sealed record Rule(string Feature, double Weight, Func<double, bool> Fires, string Reason);
}
