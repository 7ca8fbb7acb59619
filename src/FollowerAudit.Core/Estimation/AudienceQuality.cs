using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Estimation;

/// <summary>
/// Shares of the audited followers in four disjoint groups, assigned in this order: likely fake (combined score at
/// or above its threshold), inactive (no post for <see cref="AuditOptions.InactiveAfterDays"/> days, or never),
/// mass-follower (following more than <see cref="AuditOptions.MassFollowerThreshold"/>), and real (the rest).
/// </summary>
/// <param name="Followers">Followers counted.</param>
/// <param name="LikelyFake">Share flagged by the combined score, in [0, 1].</param>
/// <param name="Inactive">Share inactive, in [0, 1].</param>
/// <param name="MassFollowers">Share of mass-followers, in [0, 1].</param>
/// <param name="Real">The remaining share, in [0, 1].</param>
/// <param name="InactiveAfterDays">The inactivity threshold used.</param>
/// <param name="MassFollowerThreshold">The mass-follower threshold used.</param>
public sealed record AudienceQuality(int Followers, double LikelyFake, double Inactive, double MassFollowers, double Real, int InactiveAfterDays, long MassFollowerThreshold)
{
    /// <summary>Measures the shares for a scored context.</summary>
    /// <param name="context">The scored context.</param>
    /// <param name="options">The thresholds.</param>
    /// <returns>The shares.</returns>
    public static AudienceQuality Measure(AuditContext context, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var slice = context.Slice;
        var activity = slice.ActivityFor(options);
        var scores = context.FollowerScores!;
        int fake = 0, inactive = 0, mass = 0;
        for (var i = 0; i < slice.Count; i++)
        {
            if (scores.Scores[i] >= scores.Threshold)
            {
                fake++;
            }
            else if (activity.IsInactive(i))
            {
                inactive++;
            }
            else if (activity.IsMassFollower(i))
            {
                mass++;
            }
        }

        double n = Math.Max(1, slice.Count);
        return new AudienceQuality(slice.Count, fake / n, inactive / n, mass / n, slice.Count == 0 ? 0 : (slice.Count - fake - inactive - mass) / n, options.InactiveAfterDays, options.MassFollowerThreshold);
    }
}
