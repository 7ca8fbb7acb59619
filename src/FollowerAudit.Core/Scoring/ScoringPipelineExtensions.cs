using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Scoring;

/// <summary><c>UseXxx()</c> methods that add follower scoring to a pipeline.</summary>
public static class ScoringPipelineExtensions
{
    /// <summary>Adds the <c>profile-features</c> extractor and the <c>profile-rules</c> scorer.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="threshold">Flag threshold, default <see cref="ProfileRulesScorer.DefaultThreshold"/>.</param>
    /// <returns>The builder.</returns>
    public static AuditPipelineBuilder UseProfileScoring(this AuditPipelineBuilder builder, double threshold = ProfileRulesScorer.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ReplaceOrAdd(new ProfileScoringExtension(threshold));
    }

    /// <summary>
    /// Adds the published rule sets <c>camisani-calzolari</c>, <c>statuspeople</c> and <c>socialbakers</c> (for
    /// comparison; they are weak, see docs/accuracy.md).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static AuditPipelineBuilder UsePublishedRuleSets(this AuditPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ReplaceOrAdd(new PublishedRuleSetsExtension());
    }

    /// <summary>
    /// Adds the unsupervised scorers <c>isolation-forest</c> (baseline), <c>novelty-forest</c>, <c>clone-density</c> and
    /// <c>unsupervised</c> (their combination, added last so it is the primary score unless another is chosen).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="reference">Genuine reference population; the shipped one when null.</param>
    /// <returns>The builder.</returns>
    public static AuditPipelineBuilder UseUnsupervisedScoring(this AuditPipelineBuilder builder, ReferencePopulation? reference = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ReplaceOrAdd(new UnsupervisedScoringExtension(reference));
    }

    /// <summary>Adds the <c>profile-features</c> extractor unless another extension already did (several scorers share it).</summary>
    /// <param name="builder">The builder being set up.</param>
    public static void EnsureProfileFeatures(AuditPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.FeatureExtractors.All(x => x.Name != ProfileFeatureExtractor.ExtractorName))
        {
            builder.FeatureExtractors.Insert(0, new ProfileFeatureExtractor());
        }
    }
}
