using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Scoring;

/// <summary>Adds <c>profile-features</c> and the <c>profile-rules</c> scorer.</summary>
/// <param name="threshold">Flag threshold of <see cref="ProfileRulesScorer"/>.</param>
public sealed class ProfileScoringExtension(double threshold = ProfileRulesScorer.DefaultThreshold) : IAuditExtension
{
    /// <inheritdoc />
    public void Setup(AuditPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ScoringPipelineExtensions.EnsureProfileFeatures(builder);
        builder.Scorers.Add(new ProfileRulesScorer(threshold));
    }
}
