using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Synthetic;

/// <summary>A generated world: the dataset an audit would load, and the ground truth to score the audit against.</summary>
/// <param name="Dataset">The dataset (accounts carry <see cref="AccountLabel"/> labels; the audit must not use them).</param>
/// <param name="Truth">What really happened.</param>
public sealed record SyntheticWorld(AuditDataset Dataset, GroundTruth Truth);
