using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Detectors.Engagement;
using FollowerAudit.Core.Detectors.FollowerBurst;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Cli.Commands;

/// <summary>The composition root of the audit: which extensions a command-line audit uses, in which order.</summary>
internal static class AuditPipelineFactory
{
    public static AuditPipeline Create(AuditSettings settings)
    {
        var builder = new AuditPipelineBuilder
        {
            Options = AuditOptions.Default with { Seed = settings.Seed, SampleSize = settings.Sample },
            EnabledDetectors = settings.Detectors is null
                ? null
                : settings.Detectors.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal),
        };

        // Scorers first: detectors and the estimate read the combined follower score.
        builder
            .UseProfileScoring()
            .UseFollowerBursts()
            .UseCreationBatches()
            .UseEngagementDivergence();
        return builder.Build();
    }
}
