using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.Engagement;

/// <summary>Registers <see cref="EngagementDivergenceDetector"/>.</summary>
/// <param name="options">The detector's options.</param>
public sealed class EngagementDivergenceExtension(EngagementDivergenceOptions options) : IAuditExtension
{
    /// <inheritdoc />
    public void Setup(AuditPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }

        builder.Detectors.Add(new EngagementDivergenceDetector(options));
    }
}

/// <summary>Builder methods for the engagement detector.</summary>
public static class EngagementDivergencePipelineExtensions
{
    /// <summary>Adds the engagement-divergence detector.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Options; <see cref="EngagementDivergenceOptions.Default"/> when null.</param>
    /// <returns>The builder.</returns>
    public static AuditPipelineBuilder UseEngagementDivergence(this AuditPipelineBuilder builder, EngagementDivergenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ReplaceOrAdd(new EngagementDivergenceExtension(options ?? EngagementDivergenceOptions.Default));
    }
}
