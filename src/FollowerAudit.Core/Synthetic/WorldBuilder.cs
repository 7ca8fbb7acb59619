using FollowerAudit.Core.Model;

namespace FollowerAudit.Core.Synthetic;

/// <summary>
/// Builds one world. Accounts live in internal rows: genuine <c>[0, N)</c>, audited <c>[N, N + A)</c>, then one block of
/// fakes per vendor batch. Only at the end are rows given snowflake-like ids (time-ordered, as on real platforms) and
/// sorted by id, so neither row order nor id reveals a label beyond what the creation time does.
/// </summary>
internal sealed partial class WorldBuilder
{
    private const int StreamPlan = 1;
    private const int StreamText = 2;
    private const int StreamGenuine = 3;
    private const int StreamGraph = 4;
    private const int StreamAudited = 5;
    private const int StreamFakes = 6;
    private const int StreamCounts = 7;
    private const int StreamPosts = 8;
    private const int StreamIds = 9;

    private static readonly long Epoch2006 = new DateTime(2006, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long FirstGenuine = new DateTime(2007, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long FirstAudited = new DateTime(2008, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long FirstFake = new DateTime(2007, 6, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private readonly WorldOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly long _now;
    private readonly long _windowStart;
    private readonly int _genuine;
    private readonly int _audited;
    private readonly ProfileText _text;

    private int _total;
    private long[] _created = [];
    private string?[] _handle = [];
    private string?[] _displayName = [];
    private string?[] _bio = [];
    private string?[] _location = [];
    private string?[] _url = [];
    private string?[] _lang = [];
    private long[] _followers = [];
    private long[] _following = [];
    private long[] _posts = [];
    private long[] _likesGiven = [];
    private long[] _listed = [];
    private bool[] _hasAvatar = [];
    private bool[] _verified = [];
    private bool[] _protected = [];
    private bool[] _defaultProfile = [];
    private long[] _lastPost = [];
    private AccountLabel[] _label = [];

    private AuditedPlan[] _auditedPlans = [];
    private readonly List<FakeBlock> _blocks = [];
    private readonly List<PurchasePlan> _purchases = [];
    private EdgeBuffer _edges = new(0);
    private int[] _endpoints = [];
    private int _endpointCount;
    private readonly PostBuffer _postBuffer = new();
    private readonly EngagementBuffer _engagementBuffer = new();

    public WorldBuilder(WorldOptions options, CancellationToken cancellationToken)
    {
        _options = options;
        _cancellationToken = cancellationToken;
        _now = options.ReferenceTime.Ticks;
        _windowStart = (_now - (_now % TimeSpan.TicksPerDay)) - (options.SnapshotDays * TimeSpan.TicksPerDay);
        _genuine = options.GenuineAccounts;
        _audited = options.AuditedAccounts;
        _text = new ProfileText(Sampling.Stream(options.Seed, StreamText));
    }

    public SyntheticWorld Build()
    {
        Plan(Sampling.Stream(_options.Seed, StreamPlan));
        Allocate();
        _cancellationToken.ThrowIfCancellationRequested();
        GenerateGenuineProfiles(Sampling.Stream(_options.Seed, StreamGenuine));
        _cancellationToken.ThrowIfCancellationRequested();
        GenerateBackgroundGraph(Sampling.Stream(_options.Seed, StreamGraph));
        _cancellationToken.ThrowIfCancellationRequested();
        GenerateAudited(Sampling.Stream(_options.Seed, StreamAudited));
        _cancellationToken.ThrowIfCancellationRequested();
        GenerateFakes(Sampling.Stream(_options.Seed, StreamFakes));
        _cancellationToken.ThrowIfCancellationRequested();
        FinishCounts(Sampling.Stream(_options.Seed, StreamCounts));
        _cancellationToken.ThrowIfCancellationRequested();
        GeneratePosts(Sampling.Stream(_options.Seed, StreamPosts));
        _cancellationToken.ThrowIfCancellationRequested();
        return Assemble(Sampling.Stream(_options.Seed, StreamIds));
    }

    /// <summary>Decides who buys what and when, and lays out the rows.</summary>
    private void Plan(Random rng)
    {
        var options = _options;
        var order = Enumerable.Range(0, _audited).ToArray();
        rng.Shuffle(order);
        var clean = new HashSet<int>(order.Take(options.CleanAccounts));

        _auditedPlans = new AuditedPlan[_audited];
        for (var a = 0; a < _audited; a++)
        {
            _auditedPlans[a] = new AuditedPlan
            {
                Index = a,
                Row = _genuine + a,
                Bought = !clean.Contains(a),
                GenuineFollowers = (int)Math.Round(Sampling.LogUniform(rng, options.MinGenuineFollowers, options.MaxGenuineFollowers)),
            };
        }

        var buyers = _auditedPlans.Where(p => p.Bought).ToList();
        var mainVendor = new Dictionary<int, VendorKind>();
        for (var b = 0; b < buyers.Count; b++)
        {
            mainVendor[buyers[b].Index] = options.Vendors[b % options.Vendors.Length];
        }

        // The camouflaged pool is sold to every buyer whose main vendor is camouflaged and, if that is fewer than
        // CamouflageCustomers, to further buyers as a second purchase: that is what makes the dense block.
        var camouflageCustomers = buyers.Where(p => mainVendor[p.Index] == VendorKind.Camouflaged).Select(p => p.Index).ToList();
        foreach (var buyer in buyers)
        {
            if (camouflageCustomers.Count >= options.CamouflageCustomers)
            {
                break;
            }

            if (!camouflageCustomers.Contains(buyer.Index))
            {
                camouflageCustomers.Add(buyer.Index);
            }
        }

        var row = _genuine + _audited;
        foreach (var buyer in buyers)
        {
            var vendor = mainVendor[buyer.Index];
            if (vendor != VendorKind.Camouflaged)
            {
                var purchase = PlanPurchase(rng, buyer, vendor);
                var block = PlanBlock(rng, vendor, purchase.Count, purchase.DeliveryStart, ref row);
                purchase.Block = block;
                _purchases.Add(purchase);
            }
        }

        if (camouflageCustomers.Count > 0)
        {
            var pooled = camouflageCustomers.Select(i => PlanPurchase(rng, _auditedPlans[i], VendorKind.Camouflaged)).ToList();

            // Each customer receives a large random part of one pool (at least 80% of the pool for the biggest order).
            var poolSize = (int)Math.Ceiling(pooled.Max(p => p.Count) / 0.8);

            // A vendor that fills every order from the same pool: each order is at least this part of it.
            if (options.CamouflageMinOrderShare > 0)
            {
                foreach (var purchase in pooled)
                {
                    var share = Sampling.Uniform(rng, options.CamouflageMinOrderShare, Math.Max(options.CamouflageMinOrderShare, 0.8));
                    purchase.Count = Math.Max(purchase.Count, (int)Math.Round(share * poolSize));
                }
            }

            var block = PlanBlock(rng, VendorKind.Camouflaged, poolSize, pooled.Min(p => p.DeliveryStart), ref row);
            foreach (var purchase in pooled)
            {
                purchase.Block = block;
                purchase.Pool = 0;
                _purchases.Add(purchase);
            }
        }

        _total = row;
    }

    private PurchasePlan PlanPurchase(Random rng, AuditedPlan buyer, VendorKind vendor)
    {
        var genuine = buyer.GenuineFollowers;
        var minimum = (int)Math.Ceiling(WorldOptions.MinimumPurchaseShare * genuine);
        var count = vendor == VendorKind.EngagementPod
            ? Math.Max(_options.PodSize, minimum)
            : Math.Max(minimum, (int)Math.Round(Sampling.LogUniform(rng, _options.MinPurchaseShare, _options.MaxPurchaseShare) * genuine));
        if (vendor == VendorKind.MixedStock)
        {
            count = Math.Max(count, WorldOptions.MinMixedStockPurchase);
        }

        var duration = vendor switch
        {
            VendorKind.Cheap => Sampling.Uniform(rng, 3, 48) * TimeSpan.TicksPerHour,
            VendorKind.Premium => Sampling.Uniform(rng, 12, 60) * TimeSpan.TicksPerHour,
            VendorKind.Camouflaged => Sampling.Uniform(rng, 6, 48) * TimeSpan.TicksPerHour,
            VendorKind.SlowDrip => Sampling.Uniform(rng, 21, 56) * TimeSpan.TicksPerDay,
            VendorKind.MixedStock => Sampling.Uniform(rng, 12, 72) * TimeSpan.TicksPerHour,
            _ => Sampling.Uniform(rng, 2, 24) * TimeSpan.TicksPerHour,
        };

        // Deliveries fall in the snapshot period, late enough that there are posts before them and early enough to
        // finish two weeks before the crawl.
        var span = _now - _windowStart;
        var earliest = _windowStart + (long)(0.3 * span);
        var latest = Math.Max(earliest, _now - (14 * TimeSpan.TicksPerDay) - (long)duration);
        var start = Sampling.Ticks(rng, earliest, latest);
        return new PurchasePlan
        {
            Buyer = buyer.Index,
            Vendor = vendor,
            Count = count,
            DeliveryStart = start,
            DeliveryEnd = start + (long)duration,
        };
    }

    private FakeBlock PlanBlock(Random rng, VendorKind vendor, int count, long firstDelivery, ref int row)
    {
        if (vendor == VendorKind.MixedStock)
        {
            return PlanMixedStockBlock(rng, count, firstDelivery, ref row);
        }

        // How many creation windows, how wide, and how long before the first delivery the vendor made its accounts.
        var (windows, minWidthHours, maxWidthHours, minAgeDays, maxAgeDays) = vendor switch
        {
            VendorKind.Cheap => (1, 2.0, 72.0, 20.0, 700.0),
            VendorKind.Premium => (rng.Next(2, 4), 24.0, 120.0, 180.0, 2000.0),
            VendorKind.Camouflaged => (2, 24.0, 96.0, 90.0, 1200.0),
            VendorKind.SlowDrip => (rng.Next(2, 5), 24.0, 240.0, 60.0, 1500.0),
            _ => (1, 240.0, 1440.0, 365.0, 2500.0),
        };

        var block = new FakeBlock
        {
            Vendor = vendor,
            FirstRow = row,
            Count = count,
            WindowStart = new long[windows],
            WindowEnd = new long[windows],
        };
        for (var w = 0; w < windows; w++)
        {
            var width = (long)(Sampling.Uniform(rng, minWidthHours, maxWidthHours) * TimeSpan.TicksPerHour);
            var age = (long)(Sampling.Uniform(rng, minAgeDays, maxAgeDays) * TimeSpan.TicksPerDay);
            var start = Math.Max(FirstFake, firstDelivery - age - width);
            block.WindowStart[w] = start;
            block.WindowEnd[w] = Math.Min(start + width, firstDelivery - TimeSpan.TicksPerHour);
        }

        Array.Sort(block.WindowStart, block.WindowEnd);
        row += count;
        _blocks.Add(block);
        return block;
    }

    /// <summary>
    /// Aged stock from 2–4 batches: narrow creation windows (6–72 h, like a cheap vendor's), the newest 90–720 days before
    /// the delivery and each older one 21–240 days before the next; each batch supplies a random share of the order
    /// (weights uniform in [0.5, 1.5]). The block's rows are laid out batch after batch, so that a sub-block delivery
    /// can follow row order.
    /// </summary>
    private FakeBlock PlanMixedStockBlock(Random rng, int count, long firstDelivery, ref int row)
    {
        var windows = rng.Next(2, 5);
        var starts = new long[windows];
        var ends = new long[windows];
        var newest = firstDelivery - (long)(Sampling.Uniform(rng, 90, 720) * TimeSpan.TicksPerDay);
        for (var w = windows - 1; w >= 0; w--)
        {
            var width = (long)(Sampling.Uniform(rng, 6, 72) * TimeSpan.TicksPerHour);
            var start = Math.Max(FirstFake, newest - width);
            starts[w] = start;
            ends[w] = Math.Max(start, newest);
            newest = start - (long)(Sampling.Uniform(rng, 21, 240) * TimeSpan.TicksPerDay);
        }

        var weights = new double[windows];
        for (var w = 0; w < windows; w++)
        {
            weights[w] = Sampling.Uniform(rng, 0.5, 1.5);
        }

        // Rows per batch in proportion to the weights (every batch at least one account), batch after batch.
        var total = weights.Sum();
        var rowWindow = new int[count];
        var next = 0;
        var cumulative = 0.0;
        for (var w = 0; w < windows; w++)
        {
            cumulative += weights[w];
            var end = w == windows - 1 ? count : Math.Clamp((int)Math.Round(cumulative / total * count), next + 1, count - (windows - 1 - w));
            for (; next < end; next++)
            {
                rowWindow[next] = w;
            }
        }

        var block = new FakeBlock
        {
            Vendor = VendorKind.MixedStock,
            FirstRow = row,
            Count = count,
            WindowStart = starts,
            WindowEnd = ends,
            RowWindow = rowWindow,
            Interleaved = Sampling.Chance(rng, _options.MixedStockInterleavedShare),
        };
        row += count;
        _blocks.Add(block);
        return block;
    }

    private void Allocate()
    {
        var n = _total;
        _created = new long[n];
        _handle = new string?[n];
        _displayName = new string?[n];
        _bio = new string?[n];
        _location = new string?[n];
        _url = new string?[n];
        _lang = new string?[n];
        _followers = new long[n];
        _following = new long[n];
        _posts = new long[n];
        _likesGiven = new long[n];
        _listed = new long[n];
        _hasAvatar = new bool[n];
        _verified = new bool[n];
        _protected = new bool[n];
        _defaultProfile = new bool[n];
        _lastPost = new long[n];
        _label = new AccountLabel[n];
        _lurker = new bool[_genuine];

        var plannedEdges = (long)(_genuine * (_options.BackgroundFollowsPerAccount + 0.5))
            + _auditedPlans.Sum(p => (long)p.GenuineFollowers + 1000)
            + (8L * (n - _genuine - _audited));
        _edges = new EdgeBuffer((int)Math.Min(plannedEdges, int.MaxValue / 2));
    }

    /// <summary>The audited account at an internal row, or null.</summary>
    private AuditedPlan? AuditedAt(int row) => row >= _genuine && row < _genuine + _audited ? _auditedPlans[row - _genuine] : null;

    /// <summary>A popular genuine row: preferential (by in-degree in the background graph), or uniform.</summary>
    private int PickPopular(Random rng) =>
        _endpointCount > 0 && Sampling.Chance(rng, 0.85) ? _endpoints[rng.Next(_endpointCount)] : rng.Next(_genuine);

    /// <summary>An organic time between <paramref name="from"/> and the crawl.</summary>
    private static long OrganicBetween(Random rng, long from, long to)
    {
        var t = Sampling.Ticks(rng, from, to);
        return ActivityClock.Organic(rng, t, from, to);
    }

    private sealed class AuditedPlan
    {
        public int Index { get; init; }

        public int Row { get; init; }

        public bool Bought { get; init; }

        public int GenuineFollowers { get; init; }

        /// <summary>Genuine follower rows, sorted by follow time.</summary>
        public int[] GenuineRows { get; set; } = [];

        /// <summary>Follow times of <see cref="GenuineRows"/>, ascending.</summary>
        public long[] GenuineTicks { get; set; } = [];

        /// <summary>Bought (non-pod) follower rows, sorted by follow time.</summary>
        public int[] FakeRows { get; set; } = [];

        /// <summary>Follow times of <see cref="FakeRows"/>, ascending.</summary>
        public long[] FakeTicks { get; set; } = [];

        public PurchasePlan? Pod { get; set; }

        /// <summary>Time of the viral post, or 0.</summary>
        public long ViralTicks { get; set; }

        /// <summary>Genuine followers drawn by the viral post.</summary>
        public int ViralFollowers { get; set; }
    }

    private sealed class PurchasePlan
    {
        public int Buyer { get; init; }

        public VendorKind Vendor { get; init; }

        public int Count { get; set; }

        public long DeliveryStart { get; init; }

        public long DeliveryEnd { get; init; }

        public FakeBlock Block { get; set; } = null!;

        public int? Pool { get; set; }

        public int[] FollowerRows { get; set; } = [];

        public long[] FollowTicks { get; set; } = [];
    }

    private sealed class FakeBlock
    {
        public VendorKind Vendor { get; init; }

        public int FirstRow { get; init; }

        public int Count { get; init; }

        public long[] WindowStart { get; init; } = [];

        public long[] WindowEnd { get; init; } = [];

        /// <summary>Mixed stock only: the creation window of each of the block's rows (by offset from <see cref="FirstRow"/>), batch after batch.</summary>
        public int[] RowWindow { get; init; } = [];

        /// <summary>Mixed stock only: delivered interleaved rather than one batch after another.</summary>
        public bool Interleaved { get; init; }
    }
}
