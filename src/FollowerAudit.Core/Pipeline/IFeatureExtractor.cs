namespace FollowerAudit.Core.Pipeline;

/// <summary>Computes named feature columns for the followers of a slice, from whatever columns the data has.</summary>
public interface IFeatureExtractor
{
    /// <summary>Stable kebab-case id.</summary>
    string Name { get; }

    /// <summary>Adds columns to <see cref="AuditContext.Features"/>. Missing source columns mean the feature is not added.</summary>
    /// <param name="context">The context; only <see cref="AuditContext.Features"/> is written.</param>
    void Extract(AuditContext context);
}
