namespace FollowerAudit.Core.Synthetic;

/// <summary>The kind of seller a synthetic purchase came from; each leaves a different footprint in the data.</summary>
public enum VendorKind : byte
{
    /// <summary>
    /// Bulk bot accounts: created together in one narrow window, default avatars, no bio, few or no posts, digit-heavy
    /// handles, following many and followed by few; delivered within hours to two days.
    /// </summary>
    Cheap = 0,

    /// <summary>
    /// Better-made accounts: bios copied from real accounts, avatars, a few posts and plausible counts; still created
    /// in a few narrow windows and delivered as a burst.
    /// </summary>
    Premium = 1,

    /// <summary>
    /// Fakes that also follow popular genuine accounts to look normal; one pool is sold to several customers, which
    /// forms a dense fake → customers block.
    /// </summary>
    Camouflaged = 2,

    /// <summary>A purchase delivered slowly over weeks, with organic-looking timing, to mimic natural growth.</summary>
    SlowDrip = 3,

    /// <summary>
    /// An engagement pod: a group of accounts that follow the buyer and each other and like and reply to every post
    /// of the buyer and of each other, inflating engagement rather than only the follower count.
    /// </summary>
    EngagementPod = 4,

    /// <summary>
    /// Aged stock from several batches: one purchase is a contiguous band of follows whose accounts come from 2–4 narrow
    /// creation windows weeks to months apart, delivered interleaved or one batch after another (sub-blocks). Not in
    /// <see cref="WorldOptions.DefaultVendors"/>; see <see cref="WorldOptions.MixedStock"/>.
    /// </summary>
    MixedStock = 5,
}
