using System.Globalization;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.Fraudar;

/// <summary>
/// Runs FRAUDAR (<see cref="FraudarAlgorithm"/>) twice: on the whole dataset's follower → followed-account graph,
/// reporting its dense blocks (kind <c>dense-block</c>), and on the followers × audited accounts graph, reporting the
/// follower pools the audited accounts share (kind <c>shared-pool</c>).
/// </summary>
/// <remarks>
/// <para><b>Pattern.</b> A follower seller serves many customers from one pool of fake accounts, so the pool and its
/// customers form a dense bipartite block. The sellers' accounts add "camouflage" follows of popular accounts to look
/// normal; FRAUDAR's column weighting 1 / ln(followers + 5) makes such follows count little, so the block stays
/// visible.</para>
/// <para><b>Dense blocks.</b> Found by greedy peeling (see <see cref="FraudarAlgorithm"/>), one after another, and
/// reported while they have at least <see cref="FraudarOptions.MinRows"/> followers,
/// <see cref="FraudarOptions.MinCols"/> accounts and density <see cref="FraudarOptions.MinDensity"/>: the search stops
/// at the first block that fails this (the rest of the graph is background), or after
/// <see cref="FraudarOptions.BlockCount"/> blocks. This finds blocks whose members each follow much of the block
/// (engagement pods, the paper's fraud block: F1 ≥ 0.97 on the fakes, docs/accuracy.md).</para>
/// <para><b>Shared pools.</b> A pool sold in parts is thinner: each member follows only the customers whose orders it
/// was used for, so on the whole graph the genuine popular core outscores it, and even among the customers alone
/// FRAUDAR's densest block is only the members with the most orders (precision 1.0, recall 0.1–0.2). FRAUDAR's block
/// among the audited accounts still names the customers, so it is completed (<see cref="BlockCompletion"/>): the
/// accounts a large share of the members follow beyond chance are the customers, and every follower of more of them
/// than chance and its own activity explain (Bonferroni over all followers, <see cref="FraudarOptions.PoolAlpha"/>) is a
/// member, alternately until stable. A block that completes to nothing, or whose accounts are themselves members (a
/// circle following each other, such as a platform's early adopters), is not a pool; its edges are deleted and the
/// search goes on, for at most <see cref="FraudarOptions.BlockCount"/> rounds. Later rounds that find mostly the same
/// customers are merged into one pool. On a seller's 26 customers among 36 or ~220 audited accounts: precision 1.000,
/// recall 0.97–0.99 (docs/accuracy.md).</para>
/// <para>Each audited account in a block or pool gets a finding listing its followers in it; they are marked as fake,
/// since membership is itself evidence.</para>
/// <para><b>False positives.</b> Genuine tight communities (a classroom, a company's staff all following each
/// other's accounts, fan clubs following a band's members, fans of one niche following many of its accounts) are
/// dense too. Reading the block's accounts usually tells them apart; fake pools are large and their members have
/// little else in common. Misses: members who got too few of a pool's orders to stand out from chance (a pool sold in
/// small random parts: recall 0.03), and every shared pool when the run audits a single account.</para>
/// <para><b>Data.</b> The follows table of a dataset with several followed accounts (the more audited accounts, the
/// stronger the signal). No timestamps or profiles are needed. Not applicable with fewer followed accounts than
/// <see cref="FraudarOptions.MinCols"/>; shared pools need at least that many audited accounts.</para>
/// </remarks>
public sealed class FraudarDetector : IDatasetDetector
{
    /// <summary>The detector's stable name.</summary>
    public const string DetectorName = "fraudar";

    private readonly FraudarOptions _options;

    /// <summary>Creates the detector.</summary>
    /// <param name="options">Options (validated by the extension).</param>
    public FraudarDetector(FraudarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <inheritdoc />
    public DatasetDetectorResult Run(AuditDataset dataset, IReadOnlyList<int> auditedRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(auditedRows);
        var whole = FollowGraph.Build(dataset, null);
        if (whole.ColAccount.Length < _options.MinCols)
        {
            return new DatasetDetectorResult(
                DetectorResult.NotApplicable(Name, string.Create(CultureInfo.InvariantCulture, $"Only {whole.ColAccount.Length} followed account(s) in the data; dense blocks need at least {_options.MinCols}.")),
                new Dictionary<long, IReadOnlyList<Finding>>());
        }

        var report = new BlockReport(dataset);
        var blocks = FraudarAlgorithm.FindBlocks(whole.RowAccount.Length, whole.ColAccount.Length, whole.Rows, whole.Cols, _options, cancellationToken: cancellationToken);
        foreach (var block in blocks)
        {
            var followees = block.Cols.Select(c => whole.ColAccount[c]).ToArray();
            var handles = report.Handles(followees);
            var number = report.Count + 1;
            report.Add(
                "dense-block",
                [.. block.Rows.Select(r => whole.RowAccount[r])],
                followees,
                Math.Clamp(block.Density, 0, 1),
                new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["block"] = number,
                    ["followers"] = block.Rows.Count,
                    ["accounts"] = block.Cols.Count,
                    ["edges"] = block.EdgeCount,
                    ["density"] = block.Density,
                    ["score"] = block.Score,
                },
                string.Create(CultureInfo.InvariantCulture, $"Dense block {number}: {block.Rows.Count:N0} followers x {block.Cols.Count:N0} accounts"),
                string.Create(CultureInfo.InvariantCulture, $"{block.Rows.Count:N0} followers share {block.EdgeCount:N0} follows among the same {block.Cols.Count:N0} accounts ({handles}), {block.Density:P0} of all possible pairs. A pool of accounts serving the same customers is how follower sellers work."),
                members => string.Create(CultureInfo.InvariantCulture, $"{members:N0} followers in a dense block with {block.Cols.Count - 1:N0} other accounts"),
                members => string.Create(CultureInfo.InvariantCulture, $"{members:N0} of this account's followers belong to a block of {block.Rows.Count:N0} accounts that follow the same {block.Cols.Count:N0} accounts ({handles}); {block.Density:P0} of the possible follows in the block exist. FRAUDAR discounts follows of popular accounts, so the block is not explained by everyone following celebrities."));
        }

        var denseBlocks = report.Count;
        var audited = auditedRows.Distinct().Order().ToArray();
        if (_options.SharedPools && audited.Length >= _options.MinCols)
        {
            FindSharedPools(dataset, audited, report, cancellationToken);
        }

        var pools = report.Count - denseBlocks;
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Searched the graph of {whole.RowAccount.Length:N0} followers and {whole.ColAccount.Length:N0} followed accounts ({whole.Rows.Length:N0} follows) for dense blocks; {denseBlocks} reported.");
        if (_options.SharedPools)
        {
            summary += audited.Length >= _options.MinCols
                ? string.Create(CultureInfo.InvariantCulture, $" Among the {audited.Length:N0} audited accounts, {pools} shared follower pool(s).")
                : string.Create(CultureInfo.InvariantCulture, $" Shared follower pools need at least {_options.MinCols} audited accounts; this run audits {audited.Length}.");
        }

        var result = new DetectorResult(Name, DetectorOutcome.Ran, report.Overall, summary)
        {
            Metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["rows"] = whole.RowAccount.Length,
                ["cols"] = whole.ColAccount.Length,
                ["edges"] = whole.Rows.Length,
                ["blocks"] = denseBlocks,
                ["pools"] = pools,
            },
        };
        return new DatasetDetectorResult(result, report.ByAccount);
    }

    /// <summary>
    /// FRAUDAR on the followers × audited accounts graph, each block completed by <see cref="BlockCompletion"/>: its
    /// columns name the customers, and every follower of significantly many of them is a member.
    /// </summary>
    private void FindSharedPools(AuditDataset dataset, int[] audited, BlockReport report, CancellationToken cancellationToken)
    {
        var graph = FollowGraph.Build(dataset, audited);
        var csr = BipartiteCsr.Build(graph.RowAccount.Length, graph.ColAccount.Length, graph.Rows, graph.Cols);
        int[] allCols = [.. Enumerable.Range(0, graph.ColAccount.Length)];
        var pools = new List<Pool>();
        for (var round = 0; round < _options.BlockCount; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // No density filter here: the completion's significance test is the filter.
            if (FraudarAlgorithm.DensestBlock(csr, cancellationToken) is not { } block || block.Rows.Count < _options.MinRows || block.Cols.Count < _options.MinCols)
            {
                break;
            }

            var (memberRows, customers, shared) = BlockCompletion.Complete(csr, block, _options.PoolAlpha, Math.Max(2, _options.MinCols), _options.PoolMinShare);
            var members = memberRows.Select(r => graph.RowAccount[r]).ToArray();
            var followees = customers.Select(c => graph.ColAccount[c]).ToArray();

            // Not a pool: too small, not beyond chance, or a circle whose accounts follow each other (early adopters,
            // a scene; a seller's customers are not in its pool). Delete the block's internal edges, as FRAUDAR's own
            // repeat does, and look further.
            if (members.Length < _options.MinRows || followees.Length < _options.MinCols || followees.Intersect(members).Any())
            {
                csr = csr.WithoutBlock(block.Rows, block.Cols);
                continue;
            }

            // A later round that finds mostly the same customers found the rest of the same pool (its members with
            // fewer orders, which the first round's rates put below the bar): one seller, one finding.
            var same = pools.Find(p => Jaccard(p.Customers, customers) >= 0.5);
            if (same is null)
            {
                pools.Add(new Pool([.. memberRows], [.. customers], shared, block.Rows.Count));
            }
            else
            {
                same.Members.UnionWith(memberRows);
                same.Customers.UnionWith(customers);
                same.MinShared = Math.Min(same.MinShared, shared);
            }

            // Remove the pool's members and search again: the rest of this pool, or a second seller's.
            csr = csr.WithoutBlock(memberRows, allCols);
        }

        foreach (var pool in pools)
        {
            ReportPool(graph, pool, report);
        }
    }

    private void ReportPool(FollowGraph graph, Pool pool, BlockReport report)
    {
        var members = pool.Members.Select(r => graph.RowAccount[r]).ToArray();
        var followees = pool.Customers.Select(c => graph.ColAccount[c]).ToArray();
        var edges = 0L;
        for (var e = 0; e < graph.Rows.Length; e++)
        {
            edges += pool.Members.Contains(graph.Rows[e]) && pool.Customers.Contains(graph.Cols[e]) ? 1 : 0;
        }

        var density = (double)edges / ((double)members.Length * followees.Length);
        var handles = report.Handles(followees);
        var number = report.Count + 1;
        var shared = pool.MinShared;
        report.Add(
            "shared-pool",
            members,
            followees,
            Math.Clamp(density, 0, 1),
            new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["block"] = number,
                ["followers"] = members.Length,
                ["accounts"] = followees.Length,
                ["edges"] = edges,
                ["density"] = density,
                ["min_shared"] = shared,
                ["fraudar_core_followers"] = pool.FraudarCore,
            },
            string.Create(CultureInfo.InvariantCulture, $"Shared pool (block {number}): {members.Length:N0} followers each follow at least {shared} of the same {followees.Length:N0} audited accounts"),
            string.Create(CultureInfo.InvariantCulture, $"{members.Length:N0} followers each follow at least {shared} of the same {followees.Length:N0} audited accounts ({handles}); {density:P0} of the possible follows between them exist. FRAUDAR's densest block among the audited accounts held {pool.FraudarCore:N0} of them; the others follow fewer of the accounts, but still far more than chance: if followers picked accounts independently, each account at the rate the rest of the data follows it and each follower as active as its follows of the other audited accounts show, the chance that even one of the {graph.RowAccount.Length:N0} followers would follow this many of them is below {_options.PoolAlpha:0.###}. One seller's pool serving many of its customers looks like this."),
            memberCount => string.Create(CultureInfo.InvariantCulture, $"{memberCount:N0} followers from a pool shared with {followees.Length - 1:N0} other audited accounts"),
            memberCount => string.Create(CultureInfo.InvariantCulture, $"{memberCount:N0} of this account's followers belong to a pool of {members.Length:N0} accounts that each follow at least {shared} of the same {followees.Length:N0} audited accounts ({handles}); by chance, not one follower in this data would. Genuine fans of a niche can follow many of its accounts, so read the accounts named: a pool across unrelated accounts is a seller's."));
    }

    private static double Jaccard(HashSet<int> a, int[] b)
    {
        var common = b.Count(a.Contains);
        return (double)common / (a.Count + b.Length - common);
    }

    /// <summary>A shared pool being assembled: compact row and column ids of the follow graph among the audited accounts.</summary>
    private sealed class Pool(HashSet<int> members, HashSet<int> customers, int minShared, int fraudarCore)
    {
        public HashSet<int> Members { get; } = members;

        public HashSet<int> Customers { get; } = customers;

        public int MinShared { get; set; } = minShared;

        public int FraudarCore { get; } = fraudarCore;
    }

    /// <summary>A follow graph with compact ids: rows = accounts that follow someone, cols = accounts that are followed.</summary>
    private sealed record FollowGraph(int[] RowAccount, int[] ColAccount, int[] Rows, int[] Cols)
    {
        // followed: dataset rows of the followed accounts to include, or null for every account.
        // The edge arrays are allocated once, sized from the index (an upper bound: followers missing from the accounts
        // table are left out), and trimmed only if some were: growing lists and copying them out held about twice the
        // graph at once (10M follows: ≈ 0.3 GB more at the dataset-wide detectors' peak).
        public static FollowGraph Build(AuditDataset dataset, int[]? followed)
        {
            var index = dataset.FollowerIndex;
            var count = followed?.Length ?? dataset.Accounts.Count;
            var bound = 0;
            for (var i = 0; i < count; i++)
            {
                var a = followed?[i] ?? i;
                bound += index.Offsets[a + 1] - index.Offsets[a];
            }

            var rowOf = new int[dataset.Accounts.Count];
            Array.Fill(rowOf, -1);
            var rowCount = 0;
            var colAccount = new List<int>();
            var rows = new int[bound];
            var cols = new int[bound];
            var e = 0;
            for (var i = 0; i < count; i++)
            {
                var a = followed?[i] ?? i;
                var before = e;
                for (var k = index.Offsets[a]; k < index.Offsets[a + 1]; k++)
                {
                    var f = index.FollowerRows[k];
                    if (f < 0)
                    {
                        continue;
                    }

                    if (rowOf[f] < 0)
                    {
                        rowOf[f] = rowCount++;
                    }

                    rows[e] = rowOf[f];
                    cols[e] = colAccount.Count;
                    e++;
                }

                if (e > before)
                {
                    colAccount.Add(a);
                }
            }

            if (e < bound)
            {
                Array.Resize(ref rows, e);
                Array.Resize(ref cols, e);
            }

            // Compact row ids were given in order of first appearance.
            var rowAccount = new int[rowCount];
            for (var f = 0; f < rowOf.Length; f++)
            {
                if (rowOf[f] >= 0)
                {
                    rowAccount[rowOf[f]] = f;
                }
            }

            return new FollowGraph(rowAccount, [.. colAccount], rows, cols);
        }
    }

    /// <summary>Collects the detector's findings: one per block, and one per followed account of a block.</summary>
    private sealed class BlockReport(AuditDataset dataset)
    {
        private readonly bool[] _inBlock = new bool[dataset.Accounts.Count];
        private readonly Dictionary<long, List<Finding>> _byAccount = [];

        public List<Finding> Overall { get; } = [];

        public int Count => Overall.Count;

        public IReadOnlyDictionary<long, IReadOnlyList<Finding>> ByAccount => _byAccount.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Finding>)kv.Value);

        public string Handles(int[] followees) =>
            string.Join(", ", followees.Take(5).Select(dataset.Accounts.DisplayHandle)) + (followees.Length > 5 ? ", …" : string.Empty);

        // members and followees are dataset rows; the two functions word the finding of one followed account from
        // the number of its followers in the block.
        public void Add(
            string kind,
            IReadOnlyList<int> members,
            IReadOnlyList<int> followees,
            double strength,
            Dictionary<string, double> metrics,
            string title,
            string explanation,
            Func<int, string> accountTitle,
            Func<int, string> accountExplanation)
        {
            var ids = dataset.Accounts.AccountId;
            var index = dataset.FollowerIndex;
            Overall.Add(new Finding(DetectorName, kind, title, explanation, strength, [.. members.Select(r => ids[r])])
            {
                Metrics = metrics,
                MarksFollowersAsFake = true,
            });
            foreach (var r in members)
            {
                _inBlock[r] = true;
            }

            foreach (var a in followees)
            {
                var followers = new List<long>();
                for (var k = index.Offsets[a]; k < index.Offsets[a + 1]; k++)
                {
                    var f = index.FollowerRows[k];
                    if (f >= 0 && _inBlock[f])
                    {
                        followers.Add(ids[f]);
                    }
                }

                if (!_byAccount.TryGetValue(ids[a], out var list))
                {
                    _byAccount[ids[a]] = list = [];
                }

                list.Add(new Finding(DetectorName, kind, accountTitle(followers.Count), accountExplanation(followers.Count), strength, followers)
                {
                    Metrics = metrics,
                    MarksFollowersAsFake = true,
                });
            }

            foreach (var r in members)
            {
                _inBlock[r] = false;
            }
        }
    }
}
