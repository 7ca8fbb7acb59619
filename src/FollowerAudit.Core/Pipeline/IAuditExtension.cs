namespace FollowerAudit.Core.Pipeline;

/// <summary>A plug-in that adds feature extractors, scorers and detectors to a pipeline (as Markdig extensions do).</summary>
public interface IAuditExtension
{
    /// <summary>Registers the extension's parts.</summary>
    /// <param name="builder">The builder being set up.</param>
    void Setup(AuditPipelineBuilder builder);
}
