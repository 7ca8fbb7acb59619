using System.Globalization;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.Fraudar;

/// <summary>
/// Runs FRAUDAR (<see cref="FraudarAlgorithm"/>) on the whole dataset's follower → followed-account graph and
/// reports its dense blocks: groups of followers who all follow the same group of accounts.
/// </summary>
/// <remarks>
/// <para><b>Pattern.</b> A follower seller serves many customers from one pool of fake accounts, so the pool and its
/// customers form a dense bipartite block. The sellers' accounts add "camouflage" follows of popular accounts to look
/// normal; FRAUDAR's column weighting 1 / ln(followers + 5) makes such follows count little, so the block stays
/// visible. The blocks are found by greedy peeling (see <see cref="FraudarAlgorithm"/>), one after another, and
/// reported while they have at least <see cref="FraudarOptions.MinRows"/> followers,
/// <see cref="FraudarOptions.MinCols"/> accounts and density <see cref="FraudarOptions.MinDensity"/>: the search stops
/// at the first block that fails this (the rest of the graph is background), or after
/// <see cref="FraudarOptions.BlockCount"/> blocks. Each followed account in a block gets a finding listing its followers
/// in the block; they are marked as fake, since membership in such a block is itself evidence.</para>
/// <para><b>False positives.</b> Genuine tight communities (a classroom, a company's staff all following each
/// other's accounts, fan clubs following a band's members) are dense too. Reading the block's accounts usually tells
/// them apart; fake pools are large and their members have little else in common. Misses: a pool sold in random parts
/// (each member following a few of its customers) is thinner than the genuine graph's popular core, which its members'
/// camouflage follows tie them into, so it is not found; even on the customers alone FRAUDAR's densest block is only
/// the members who received the most orders (docs/accuracy.md: precision 1.0, recall 0.12 on such a pool). A pool
/// whose members each follow many of its customers (the paper's fraud block) is found (F1 ≥ 0.97 on the fakes).</para>
/// <para><b>Data.</b> The follows table of a dataset with several followed accounts (the more audited accounts, the
/// stronger the signal). No timestamps or profiles are needed. Not applicable with fewer followed accounts than
/// <see cref="FraudarOptions.MinCols"/>.</para>
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
    public DatasetDetectorResult Run(AuditDataset dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var index = dataset.FollowerIndex;
        var accountCount = dataset.Accounts.Count;

        // Compact ids: rows = accounts that follow someone, cols = accounts that are followed.
        var rowOf = new int[accountCount];
        var colOf = new int[accountCount];
        Array.Fill(rowOf, -1);
        Array.Fill(colOf, -1);
        var rowAccount = new List<int>();
        var colAccount = new List<int>();
        var edgeCount = 0;
        for (var a = 0; a < accountCount; a++)
        {
            var count = 0;
            for (var k = index.Offsets[a]; k < index.Offsets[a + 1]; k++)
            {
                var f = index.FollowerRows[k];
                if (f < 0)
                {
                    continue;
                }

                if (rowOf[f] < 0)
                {
                    rowOf[f] = rowAccount.Count;
                    rowAccount.Add(f);
                }

                count++;
            }

            if (count > 0)
            {
                colOf[a] = colAccount.Count;
                colAccount.Add(a);
                edgeCount += count;
            }
        }

        if (colAccount.Count < _options.MinCols)
        {
            return new DatasetDetectorResult(
                DetectorResult.NotApplicable(Name, string.Create(CultureInfo.InvariantCulture, $"Only {colAccount.Count} followed account(s) in the data; dense blocks need at least {_options.MinCols}.")),
                new Dictionary<long, IReadOnlyList<Finding>>());
        }

        var rows = new int[edgeCount];
        var cols = new int[edgeCount];
        var e = 0;
        foreach (var a in colAccount)
        {
            for (var k = index.Offsets[a]; k < index.Offsets[a + 1]; k++)
            {
                if (index.FollowerRows[k] >= 0)
                {
                    rows[e] = rowOf[index.FollowerRows[k]];
                    cols[e] = colOf[a];
                    e++;
                }
            }
        }

        var blocks = FraudarAlgorithm.FindBlocks(rowAccount.Count, colAccount.Count, rows, cols, _options, cancellationToken: cancellationToken);
        var ids = dataset.Accounts.AccountId;
        var overall = new List<Finding>();
        var byAccount = new Dictionary<long, List<Finding>>();
        var inBlock = new bool[accountCount];
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            foreach (var r in block.Rows)
            {
                inBlock[rowAccount[r]] = true;
            }

            var followees = block.Cols.Select(c => colAccount[c]).ToArray();
            var handles = string.Join(", ", followees.Take(5).Select(dataset.Accounts.DisplayHandle)) + (followees.Length > 5 ? ", …" : string.Empty);
            var strength = Math.Clamp(block.Density, 0, 1);
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["block"] = b + 1,
                ["followers"] = block.Rows.Count,
                ["accounts"] = block.Cols.Count,
                ["edges"] = block.EdgeCount,
                ["density"] = block.Density,
                ["score"] = block.Score,
            };
            overall.Add(new Finding(
                Name,
                "dense-block",
                string.Create(CultureInfo.InvariantCulture, $"Dense block {b + 1}: {block.Rows.Count:N0} followers x {block.Cols.Count:N0} accounts"),
                string.Create(CultureInfo.InvariantCulture, $"{block.Rows.Count:N0} followers share {block.EdgeCount:N0} follows among the same {block.Cols.Count:N0} accounts ({handles}), {block.Density:P0} of all possible pairs. A pool of accounts serving the same customers is how follower sellers work."),
                strength,
                [.. block.Rows.Select(r => ids[rowAccount[r]])])
            {
                Metrics = metrics,
                MarksFollowersAsFake = true,
            });

            foreach (var a in followees)
            {
                var members = new List<long>();
                for (var k = index.Offsets[a]; k < index.Offsets[a + 1]; k++)
                {
                    var f = index.FollowerRows[k];
                    if (f >= 0 && inBlock[f])
                    {
                        members.Add(ids[f]);
                    }
                }

                var finding = new Finding(
                    Name,
                    "dense-block",
                    string.Create(CultureInfo.InvariantCulture, $"{members.Count:N0} followers in a dense block with {block.Cols.Count - 1:N0} other accounts"),
                    string.Create(CultureInfo.InvariantCulture, $"{members.Count:N0} of this account's followers belong to a block of {block.Rows.Count:N0} accounts that follow the same {block.Cols.Count:N0} accounts ({handles}); {block.Density:P0} of the possible follows in the block exist. FRAUDAR discounts follows of popular accounts, so the block is not explained by everyone following celebrities."),
                    strength,
                    members)
                {
                    Metrics = metrics,
                    MarksFollowersAsFake = true,
                };
                var key = ids[a];
                if (!byAccount.TryGetValue(key, out var list))
                {
                    byAccount[key] = list = [];
                }

                list.Add(finding);
            }

            foreach (var r in block.Rows)
            {
                inBlock[rowAccount[r]] = false;
            }
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Searched the graph of {rowAccount.Count:N0} followers and {colAccount.Count:N0} followed accounts ({edgeCount:N0} follows) for dense blocks; {blocks.Count} reported.");
        var result = new DetectorResult(Name, DetectorOutcome.Ran, overall, summary)
        {
            Metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["rows"] = rowAccount.Count,
                ["cols"] = colAccount.Count,
                ["edges"] = edgeCount,
                ["blocks"] = blocks.Count,
            },
        };
        return new DatasetDetectorResult(result, byAccount.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Finding>)kv.Value));
    }
}
