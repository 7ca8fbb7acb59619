using System.Collections.Immutable;

namespace FollowerAudit.Core.Synthetic;

/// <summary>
/// Options of <see cref="WorldGenerator.Generate"/>: the size of the synthetic world, the audited accounts and the
/// purchases they make. Immutable; derive variants with <c>with</c>. The same options always give the same world.
/// </summary>
public sealed record WorldOptions
{
    /// <summary>Default of <see cref="Seed"/>.</summary>
    public const int DefaultSeed = 1;

    /// <summary>Default of <see cref="GenuineAccounts"/>.</summary>
    public const int DefaultGenuineAccounts = 20_000;

    /// <summary>Default of <see cref="AuditedAccounts"/>.</summary>
    public const int DefaultAuditedAccounts = 8;

    /// <summary>Default of <see cref="CleanAccounts"/>.</summary>
    public const int DefaultCleanAccounts = 3;

    /// <summary>Default of <see cref="MinGenuineFollowers"/>.</summary>
    public const int DefaultMinGenuineFollowers = 800;

    /// <summary>Default of <see cref="MaxGenuineFollowers"/>.</summary>
    public const int DefaultMaxGenuineFollowers = 12_000;

    /// <summary>Default of <see cref="BackgroundFollowsPerAccount"/>.</summary>
    public const double DefaultBackgroundFollowsPerAccount = 6.0;

    /// <summary>Default of <see cref="SnapshotDays"/>.</summary>
    public const int DefaultSnapshotDays = 540;

    /// <summary>Default of <see cref="CamouflageCustomers"/>.</summary>
    public const int DefaultCamouflageCustomers = 3;

    /// <summary>Default of <see cref="MinPurchaseShare"/>.</summary>
    public const double DefaultMinPurchaseShare = 0.05;

    /// <summary>Default of <see cref="MaxPurchaseShare"/>.</summary>
    public const double DefaultMaxPurchaseShare = 0.5;

    /// <summary>Default of <see cref="PodSize"/>.</summary>
    public const int DefaultPodSize = 40;

    /// <summary>Default of <see cref="PostsPerAuditedAccount"/>.</summary>
    public const int DefaultPostsPerAuditedAccount = 120;

    /// <summary>Default of <see cref="SampledPosterShare"/>.</summary>
    public const double DefaultSampledPosterShare = 0.05;

    /// <summary>Default of <see cref="MaxEngagementsPerPost"/>.</summary>
    public const int DefaultMaxEngagementsPerPost = 2000;

    /// <summary>Default of <see cref="ViralShare"/>.</summary>
    public const double DefaultViralShare = 0.5;

    /// <summary>Default of <see cref="MixedStockInterleavedShare"/>.</summary>
    public const double DefaultMixedStockInterleavedShare = 0.5;

    /// <summary>
    /// Fewest followers in a <see cref="VendorKind.MixedStock"/> purchase: aged stock from several batches is sold in
    /// bulk, so its purchase size is the usual share of the buyer's genuine followers, but at least this.
    /// </summary>
    public const int MinMixedStockPurchase = 250;

    /// <summary>Smallest purchase, as a share of the buyer's genuine followers: below it a purchase is noise.</summary>
    public const double MinimumPurchaseShare = 0.01;

    /// <summary>Default of <see cref="ReferenceTime"/>: 2025-06-01 00:00 UTC.</summary>
    public static readonly DateTime DefaultReferenceTime = new(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Default of <see cref="Vendors"/>: one purchase of each <see cref="VendorKind"/>, in declaration order.</summary>
    public static readonly ImmutableArray<VendorKind> DefaultVendors =
        [VendorKind.Cheap, VendorKind.Premium, VendorKind.Camouflaged, VendorKind.SlowDrip, VendorKind.EngagementPod];

    /// <summary>The defaults: a world of <see cref="DefaultGenuineAccounts"/> genuine accounts and <see cref="DefaultAuditedAccounts"/> audited ones.</summary>
    public static WorldOptions Default { get; } = new();

    /// <summary>
    /// A small world for the committed demo (a few MB as Parquet): 5,000 genuine accounts and six audited accounts with
    /// 2,000–4,500 genuine followers each, one clean and one buyer per <see cref="VendorKind"/>; the camouflaged pool is
    /// sold to two of them.
    /// </summary>
    public static WorldOptions Demo { get; } = new()
    {
        GenuineAccounts = 5_000,
        AuditedAccounts = 6,
        CleanAccounts = 1,
        MinGenuineFollowers = 2_000,
        MaxGenuineFollowers = 4_500,
        BackgroundFollowsPerAccount = 4.0,
        CamouflageCustomers = 2,
        SnapshotDays = 400,
        PostsPerAuditedAccount = 60,
        SampledPosterShare = 0.03,
    };

    /// <summary>
    /// A seller's customers audited together (FRAUDAR's setting, and a journalist's with a leaked customer list): 200,000
    /// genuine accounts, 36 audited accounts of which 10 are clean, and one camouflaged pool sold to all 26 buyers, each
    /// order going to 30–80% of the pool (<see cref="CamouflageMinOrderShare"/>), so its members each follow about 15 of
    /// the customers. The population is large enough that the audited audiences overlap as little as real ones do.
    /// </summary>
    public static WorldOptions SellerCustomers { get; } = new()
    {
        GenuineAccounts = 200_000,
        AuditedAccounts = 36,
        CleanAccounts = 10,
        CamouflageCustomers = 26,
        CamouflageMinOrderShare = 0.3,
    };

    /// <summary>
    /// <see cref="Default"/> with one more audited account and a <see cref="VendorKind.MixedStock"/> vendor first in
    /// <see cref="Vendors"/>: nine audited accounts, three of them clean, and six buyers, one per vendor kind, so that
    /// the first buyer receives a band of aged stock from several creation windows (issue 11) next to every other
    /// kind of purchase. <c>generate --preset mixed-stock</c>.
    /// </summary>
    public static WorldOptions MixedStock { get; } = new()
    {
        AuditedAccounts = DefaultAuditedAccounts + 1,
        Vendors = [VendorKind.MixedStock, .. DefaultVendors],
    };

    /// <summary>Seed of every random choice; sub-seeds for each stage are derived from it.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Number of genuine background accounts (the population followers are drawn from), at least 100.</summary>
    public int GenuineAccounts { get; init; } = DefaultGenuineAccounts;

    /// <summary>Number of audited "influencer" accounts (handles <c>influencer_01</c>…), 1 to 99.</summary>
    public int AuditedAccounts { get; init; } = DefaultAuditedAccounts;

    /// <summary>How many audited accounts buy nothing; the others buy from <see cref="Vendors"/>.</summary>
    public int CleanAccounts { get; init; } = DefaultCleanAccounts;

    /// <summary>Fewest genuine followers of an audited account; sizes are log-uniform between this and <see cref="MaxGenuineFollowers"/>.</summary>
    public int MinGenuineFollowers { get; init; } = DefaultMinGenuineFollowers;

    /// <summary>Most genuine followers of an audited account; at most <see cref="GenuineAccounts"/>.</summary>
    public int MaxGenuineFollowers { get; init; } = DefaultMaxGenuineFollowers;

    /// <summary>
    /// Mean number of follow edges each genuine account makes to other genuine accounts (preferential attachment).
    /// Lower it for very large worlds; 0 leaves only edges to audited accounts.
    /// </summary>
    public double BackgroundFollowsPerAccount { get; init; } = DefaultBackgroundFollowsPerAccount;

    /// <summary>The crawl's "now" (UTC). Nothing in the world happens after it.</summary>
    public DateTime ReferenceTime { get; init; } = DefaultReferenceTime;

    /// <summary>Days of daily snapshots (and of audited posts) before <see cref="ReferenceTime"/>; purchases are delivered within them.</summary>
    public int SnapshotDays { get; init; } = DefaultSnapshotDays;

    /// <summary>Vendor of each buyer's main purchase, cycled over the buyers in order.</summary>
    public ImmutableArray<VendorKind> Vendors { get; init; } = DefaultVendors;

    /// <summary>
    /// How many buyers get followers from the one shared <see cref="VendorKind.Camouflaged"/> pool (buyers whose main
    /// vendor is another one get an extra camouflaged purchase). 0 disables the pool unless a buyer's main vendor is camouflaged.
    /// </summary>
    public int CamouflageCustomers { get; init; } = DefaultCamouflageCustomers;

    /// <summary>
    /// Smallest part of the camouflaged pool each of its customers receives, in [0, 1]: above 0 the vendor fills every
    /// order from the same pool (each order a uniform share between this and 80% of it, or the buyer's own purchase
    /// size if larger), which is the dense block FRAUDAR is designed for. 0 (default) sizes each order by the buyer's
    /// purchase share alone, so members of a large pool follow few of its customers.
    /// </summary>
    public double CamouflageMinOrderShare { get; init; }

    /// <summary>
    /// Chance, in [0, 1], that a <see cref="VendorKind.MixedStock"/> purchase is delivered interleaved (each follow from
    /// a random one of its creation windows) rather than in sub-blocks (one creation window after another); default
    /// <see cref="DefaultMixedStockInterleavedShare"/>. Unused unless <see cref="Vendors"/> contains that vendor.
    /// </summary>
    public double MixedStockInterleavedShare { get; init; } = DefaultMixedStockInterleavedShare;

    /// <summary>Smallest purchase as a share of the buyer's genuine followers, at least <see cref="MinimumPurchaseShare"/>.</summary>
    public double MinPurchaseShare { get; init; } = DefaultMinPurchaseShare;

    /// <summary>Largest purchase as a share of the buyer's genuine followers (sizes are log-uniform in between).</summary>
    public double MaxPurchaseShare { get; init; } = DefaultMaxPurchaseShare;

    /// <summary>Smallest engagement pod; a pod is also at least 1% of the buyer's genuine followers.</summary>
    public int PodSize { get; init; } = DefaultPodSize;

    /// <summary>Typical number of posts of an audited account within the snapshot period (each account gets 0.5–2× this).</summary>
    public int PostsPerAuditedAccount { get; init; } = DefaultPostsPerAuditedAccount;

    /// <summary>Share of genuine background accounts whose recent posts (with counts, without engagement rows) are included, in [0, 1].</summary>
    public double SampledPosterShare { get; init; } = DefaultSampledPosterShare;

    /// <summary>
    /// Most rows per post and engagement kind in the engagements table, as an API that lists only the first likers
    /// would give; the post's counts are always complete.
    /// </summary>
    public int MaxEngagementsPerPost { get; init; } = DefaultMaxEngagementsPerPost;

    /// <summary>
    /// Chance, per audited account, of an organic viral moment in the snapshot period: a post that draws 4–12% of the
    /// account's genuine followers within days (a real burst that burst detectors must not call a purchase), in [0, 1].
    /// The first clean account always gets one while this is above 0.
    /// </summary>
    public double ViralShare { get; init; } = DefaultViralShare;

    /// <summary>
    /// Options for one audited account with about <paramref name="followers"/> followers (4% of them bought from a
    /// <see cref="VendorKind.Cheap"/> vendor) and a thin background graph: the load benchmark's world.
    /// </summary>
    /// <param name="followers">Approximate number of followers in the data, at least 1,000.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="followers"/> is below 1,000.</exception>
    public static WorldOptions SingleAccount(int followers, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(followers, 1_000);
        var genuine = (int)(followers / 1.04);
        return new WorldOptions
        {
            Seed = seed,
            GenuineAccounts = genuine + (genuine / 50),
            AuditedAccounts = 1,
            CleanAccounts = 0,
            MinGenuineFollowers = genuine,
            MaxGenuineFollowers = genuine,
            BackgroundFollowsPerAccount = 0.25,
            SnapshotDays = 365,
            Vendors = [VendorKind.Cheap],
            CamouflageCustomers = 0,
            MinPurchaseShare = 0.04,
            MaxPurchaseShare = 0.04,
            PostsPerAuditedAccount = 40,
            SampledPosterShare = 0.001,
            MaxEngagementsPerPost = 200,
        };
    }

    /// <summary>Checks the values.</summary>
    /// <returns>One message per problem, naming the option and the value; empty when valid.</returns>
    public IEnumerable<string> Validate()
    {
        if (GenuineAccounts is < 100 or > 50_000_000)
        {
            yield return $"GenuineAccounts must be between 100 and 50,000,000 (got {GenuineAccounts})";
        }

        if (AuditedAccounts is < 1 or > 99)
        {
            yield return $"AuditedAccounts must be between 1 and 99 (got {AuditedAccounts})";
        }

        if (CleanAccounts < 0 || CleanAccounts > AuditedAccounts)
        {
            yield return $"CleanAccounts must be between 0 and AuditedAccounts ({AuditedAccounts}) (got {CleanAccounts})";
        }

        if (MinGenuineFollowers < 10)
        {
            yield return $"MinGenuineFollowers must be at least 10 (got {MinGenuineFollowers})";
        }

        if (MaxGenuineFollowers < MinGenuineFollowers)
        {
            yield return $"MaxGenuineFollowers ({MaxGenuineFollowers}) must not be below MinGenuineFollowers ({MinGenuineFollowers})";
        }

        if (MaxGenuineFollowers > GenuineAccounts)
        {
            yield return $"MaxGenuineFollowers ({MaxGenuineFollowers}) must not exceed GenuineAccounts ({GenuineAccounts}): followers are drawn from them";
        }

        if (double.IsNaN(BackgroundFollowsPerAccount) || BackgroundFollowsPerAccount is < 0 or > 500)
        {
            yield return $"BackgroundFollowsPerAccount must be between 0 and 500 (got {BackgroundFollowsPerAccount})";
        }

        if (ReferenceTime.Kind != DateTimeKind.Utc)
        {
            yield return $"ReferenceTime must be UTC (got Kind={ReferenceTime.Kind})";
        }

        if (SnapshotDays is < 60 or > 3650)
        {
            yield return $"SnapshotDays must be between 60 and 3650 (got {SnapshotDays})";
        }
        else if (ReferenceTime.AddDays(-SnapshotDays - 730) < new DateTime(2009, 1, 1, 0, 0, 0, DateTimeKind.Utc))
        {
            yield return $"ReferenceTime ({ReferenceTime:yyyy-MM-dd}) minus SnapshotDays ({SnapshotDays}) must leave two years after 2009 for the audited accounts to grow";
        }

        if (ReferenceTime.Year > 2100)
        {
            yield return $"ReferenceTime must be before 2100 (got {ReferenceTime:yyyy-MM-dd})";
        }

        if (CleanAccounts < AuditedAccounts && Vendors.IsDefaultOrEmpty)
        {
            yield return "Vendors must not be empty when some audited accounts buy (CleanAccounts < AuditedAccounts)";
        }

        if (CamouflageCustomers < 0 || CamouflageCustomers > AuditedAccounts - CleanAccounts)
        {
            yield return $"CamouflageCustomers must be between 0 and the number of buyers ({AuditedAccounts - CleanAccounts}) (got {CamouflageCustomers})";
        }

        if (double.IsNaN(MinPurchaseShare) || MinPurchaseShare < MinimumPurchaseShare)
        {
            yield return $"MinPurchaseShare must be at least {MinimumPurchaseShare} (got {MinPurchaseShare})";
        }

        if (!(CamouflageMinOrderShare is >= 0 and <= 1))
        {
            yield return $"CamouflageMinOrderShare must be between 0 and 1 (got {CamouflageMinOrderShare})";
        }

        if (!(MixedStockInterleavedShare is >= 0 and <= 1))
        {
            yield return $"MixedStockInterleavedShare must be between 0 and 1 (got {MixedStockInterleavedShare})";
        }

        if (double.IsNaN(MaxPurchaseShare) || MaxPurchaseShare < MinPurchaseShare || MaxPurchaseShare > 5)
        {
            yield return $"MaxPurchaseShare must be between MinPurchaseShare ({MinPurchaseShare}) and 5 (got {MaxPurchaseShare})";
        }

        if (PodSize is < 3 or > 100_000)
        {
            yield return $"PodSize must be between 3 and 100,000 (got {PodSize})";
        }

        if (PostsPerAuditedAccount is < 10 or > 100_000)
        {
            yield return $"PostsPerAuditedAccount must be between 10 and 100,000 (got {PostsPerAuditedAccount})";
        }

        if (double.IsNaN(SampledPosterShare) || SampledPosterShare is < 0 or > 1)
        {
            yield return $"SampledPosterShare must be between 0 and 1 (got {SampledPosterShare})";
        }

        if (double.IsNaN(ViralShare) || ViralShare is < 0 or > 1)
        {
            yield return $"ViralShare must be between 0 and 1 (got {ViralShare})";
        }

        if (MaxEngagementsPerPost < 0)
        {
            yield return $"MaxEngagementsPerPost must not be negative (got {MaxEngagementsPerPost})";
        }
    }
}
