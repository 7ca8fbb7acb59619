using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Detectors.Engagement;
using FollowerAudit.Core.Detectors.FollowerBurst;
using FollowerAudit.Core.Detectors.Fraudar;
using FollowerAudit.Core.Detectors.Lockstep;
using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Learning;

namespace FollowerAudit.Cli.Commands;

/// <summary>The composition root of the audit: which extensions a command-line audit uses, in which order.</summary>
internal static class AuditPipelineFactory
{
    public static AuditPipeline Create(AuditSettings settings, IReadOnlyDictionary<long, FollowerLabels>? labels = null)
    {
        var builder = new AuditPipelineBuilder
        {
            Options = AuditOptions.Default with { Seed = settings.Seed, SampleSize = settings.Sample, Labels = labels ?? new Dictionary<long, FollowerLabels>() },
            EnabledDetectors = settings.Detectors is null
                ? null
                : settings.Detectors.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal),
        };

        // Scorers first: detectors and the estimate read the combined follower score, which is the last scorer's
        // (the trained classifier: calibrated, with measured error rates for the Rogan–Gladen correction).
        builder
            .UseProfileScoring()
            .UsePublishedRuleSets()
            .UseUnsupervisedScoring()
            .UseTrainedClassifier(settings.Model)
            .UseFollowerBursts()
            .UseCreationBatches()
            .UseEngagementDivergence()
            .UseLockstep()
            .UseFraudar();
        return builder.Build();
    }
}
