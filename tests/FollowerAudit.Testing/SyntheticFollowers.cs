using System.Collections.Concurrent;
using FollowerAudit.Core.Synthetic;

namespace FollowerAudit.Testing;

/// <summary>
/// Seeded synthetic worlds for tests, with ground truth. Worlds are cached per argument set and shared between tests:
/// treat their arrays as read-only.
/// </summary>
public static class SyntheticFollowers
{
    private static readonly ConcurrentDictionary<string, Lazy<SyntheticWorld>> Cache = new(StringComparer.Ordinal);

    /// <summary>The <see cref="WorldOptions.Demo"/> world (5,000 genuine accounts, six audited, every vendor kind) for a seed.</summary>
    public static SyntheticWorld World(int seed = WorldOptions.DefaultSeed) => Generate(WorldOptions.Demo with { Seed = seed });

    /// <summary>The <see cref="WorldOptions.Default"/> world (20,000 genuine accounts, eight audited) for a seed.</summary>
    public static SyntheticWorld DefaultWorld(int seed = WorldOptions.DefaultSeed) => Generate(WorldOptions.Default with { Seed = seed });

    /// <summary>
    /// One audited account (<c>influencer_01</c>) with four times <paramref name="count"/> genuine followers and exactly
    /// <paramref name="count"/> followers bought from <paramref name="vendor"/> (an engagement pod of that size for
    /// <see cref="VendorKind.EngagementPod"/>), on a small background population.
    /// </summary>
    public static SyntheticWorld Purchased(int count, int seed = WorldOptions.DefaultSeed, VendorKind vendor = VendorKind.Cheap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 3);
        var genuine = 4 * count;
        return Generate(new WorldOptions
        {
            Seed = seed,
            GenuineAccounts = Math.Max(500, genuine + (genuine / 4)),
            AuditedAccounts = 1,
            CleanAccounts = 0,
            MinGenuineFollowers = genuine,
            MaxGenuineFollowers = genuine,
            BackgroundFollowsPerAccount = 3,
            Vendors = [vendor],
            CamouflageCustomers = vendor == VendorKind.Camouflaged ? 1 : 0,
            MinPurchaseShare = 0.25,
            MaxPurchaseShare = 0.25,
            PodSize = count,
            SnapshotDays = 365,
            PostsPerAuditedAccount = 40,
            SampledPosterShare = 0.02,
        });
    }

    /// <summary>Generates (or returns the cached) world for any options.</summary>
    public static SyntheticWorld Generate(WorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // ImmutableArray compares by reference, so the key spells the vendors out.
        var key = (options with { Vendors = [] }).ToString() + "|" + string.Join(",", options.Vendors);
        return Cache.GetOrAdd(key, _ => new Lazy<SyntheticWorld>(() => WorldGenerator.Generate(options))).Value;
    }
}
