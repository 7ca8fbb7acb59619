using System.Security.Cryptography;
using FollowerAudit.Cluster;
using FollowerAudit.Core.Detectors.CreationBatch;
using FollowerAudit.Core.Detectors.Engagement;
using FollowerAudit.Core.Detectors.FollowerBurst;
using FollowerAudit.Core.Detectors.Fraudar;
using FollowerAudit.Core.Detectors.Lockstep;
using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using FollowerAudit.Learning;

namespace FollowerAudit.Cli.Commands;

/// <summary>The composition root of the audit: which extensions a command-line audit uses, in which order.</summary>
internal static class AuditPipelineFactory
{
    public static AuditPipeline Create(AuditSettings settings, IReadOnlyDictionary<long, FollowerLabels>? labels = null) =>
        Create(Spec(settings, currentDirectory: null), labels);

    /// <summary>
    /// The options of an audit that a silo needs to build the same pipeline. A --model file is sent as its full path
    /// (resolved against <paramref name="currentDirectory"/>) with its SHA-256, so a silo with another copy refuses it.
    /// </summary>
    public static PipelineSpec Spec(AuditSettings settings, string? currentDirectory)
    {
        var model = settings.Model;
        string? sha = null;
        if (model is not null && currentDirectory is not null && File.Exists(Path.GetFullPath(model, currentDirectory)))
        {
            model = Path.GetFullPath(model, currentDirectory);
            sha = ModelHash(model);
        }

        return new PipelineSpec(model, sha, settings.Detectors, settings.Seed, settings.Sample);
    }

    public static AuditPipeline Create(PipelineSpec spec, IReadOnlyDictionary<long, FollowerLabels>? labels = null)
    {
        if (spec.ModelSha256 is { } expected && spec.Model is { } file && (!File.Exists(file) || ModelHash(file) != expected))
        {
            throw new InputDataException($"{file}: this silo's model file {(File.Exists(file) ? "differs from the client's" : "does not exist")}. Put the same model file at this path on every silo (a shared folder), or use a built-in model.");
        }

        var builder = new AuditPipelineBuilder
        {
            Options = AuditOptions.Default with { Seed = spec.Seed, SampleSize = spec.Sample, Labels = labels ?? new Dictionary<long, FollowerLabels>() },
            EnabledDetectors = spec.Detectors is null
                ? null
                : spec.Detectors.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal),
        };

        // Scorers first: detectors and the estimate read the combined follower score, which is the last scorer's
        // (the trained classifier: calibrated, with measured error rates for the Rogan–Gladen correction).
        builder
            .UseProfileScoring()
            .UsePublishedRuleSets()
            .UseUnsupervisedScoring()
            .UseTrainedClassifier(spec.Model)
            .UseFollowerBursts()
            .UseCreationBatches()
            .UseEngagementDivergence()
            .UseLockstep()
            .UseFraudar();
        return builder.Build();
    }

    private static string ModelHash(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>The silo's pipelines: the same composition as a local audit.</summary>
internal sealed class CliPipelineFactory : IPipelineFactory
{
    public AuditPipeline Create(PipelineSpec spec) => AuditPipelineFactory.Create(spec);
}
