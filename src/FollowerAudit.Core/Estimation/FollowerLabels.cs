namespace FollowerAudit.Core.Estimation;

/// <summary>A person's label for one sampled follower.</summary>
public enum FollowerLabel
{
    /// <summary>Not decided; left out of the estimate and counted.</summary>
    Unsure,

    /// <summary>A real person or organisation.</summary>
    Genuine,

    /// <summary>A fake, bought or bot account.</summary>
    Fake,
}

/// <summary>
/// Labels a person gave to a random sample of one audited account's followers (the sheet <c>followeraudit sample</c>
/// writes). Immutable.
/// </summary>
/// <param name="AccountId">The audited account whose followers were labelled.</param>
/// <param name="Labels">Label per follower account id.</param>
/// <param name="LabelledBy">Who labelled them, in the labeller's words (free text, attacker-controlled: escape it).</param>
/// <param name="Source">The labels file, for the report.</param>
public sealed record FollowerLabels(long AccountId, IReadOnlyDictionary<long, FollowerLabel> Labels, string LabelledBy, string Source);
