namespace FollowerAudit.Core.Detectors.Fraudar;

/// <summary>Options of FRAUDAR (<see cref="FraudarAlgorithm"/> and the <c>fraudar</c> detector). Immutable; see <see cref="Default"/>.</summary>
public sealed record FraudarOptions
{
    /// <summary>Default of <see cref="BlockCount"/>.</summary>
    public const int DefaultBlockCount = 10;

    /// <summary>Default of <see cref="MinRows"/>.</summary>
    public const int DefaultMinRows = 10;

    /// <summary>Default of <see cref="MinCols"/>.</summary>
    public const int DefaultMinCols = 2;

    /// <summary>
    /// Default of <see cref="MinDensity"/>. FRAUDAR's block keeps the popular accounts the fakes follow as camouflage,
    /// which dilutes the edge density of a block: a planted block of 2,000 fakes × 200 customers at density 0.5 with
    /// 100 camouflage follows per fake comes back as about 2,000 × 490 accounts at density 0.25–0.29 (docs/accuracy.md),
    /// so the former default 0.3 rejected it. The sparse genuine blocks measured on the synthetic worlds have density
    /// 0.001–0.09.
    /// </summary>
    public const double DefaultMinDensity = 0.2;

    /// <summary>Default of <see cref="PoolAlpha"/>.</summary>
    public const double DefaultPoolAlpha = 0.01;

    /// <summary>Default of <see cref="PoolMinShare"/>.</summary>
    public const double DefaultPoolMinShare = 0.2;

    /// <summary>The defaults.</summary>
    public static FraudarOptions Default { get; } = new();

    /// <summary>
    /// Most peeling rounds: after each block is found its internal edges are deleted and the search repeats (the
    /// reference's <c>detectMultiple</c>); default <see cref="DefaultBlockCount"/>. The detector stops earlier, at the
    /// first block that fails the report filters (see <see cref="FraudarAlgorithm.FindBlocks"/>).
    /// </summary>
    public int BlockCount { get; init; } = DefaultBlockCount;

    /// <summary>Minimum rows (followers) of a block to report it; default <see cref="DefaultMinRows"/>.</summary>
    public int MinRows { get; init; } = DefaultMinRows;

    /// <summary>Minimum columns (followed accounts) of a block to report it; default <see cref="DefaultMinCols"/>.</summary>
    public int MinCols { get; init; } = DefaultMinCols;

    /// <summary>
    /// Minimum edge density of a block (edges / (rows × cols), in (0, 1]) to report it; default
    /// <see cref="DefaultMinDensity"/>. FRAUDAR always returns its densest block; on a graph without fraud that block
    /// is sparse and is not reported.
    /// </summary>
    public double MinDensity { get; init; } = DefaultMinDensity;

    /// <summary>
    /// Whether the detector also looks for shared follower pools among the audited accounts (FRAUDAR on the followers ×
    /// audited accounts graph, each block completed by a significance test); default true. The <c>blocks</c> command
    /// runs plain FRAUDAR and ignores it.
    /// </summary>
    public bool SharedPools { get; init; } = true;

    /// <summary>
    /// Family-wise false-alarm rate of the shared-pool membership test: the chance that a follower who picked the
    /// audited accounts independently, each at its observed rate, is counted as a member; default
    /// <see cref="DefaultPoolAlpha"/>.
    /// </summary>
    public double PoolAlpha { get; init; } = DefaultPoolAlpha;

    /// <summary>
    /// Smallest share of a shared pool's members that must follow an audited account for it to count as one of the
    /// pool's customers; default <see cref="DefaultPoolMinShare"/>. Sellers' accounts also follow other accounts as
    /// camouflage, each by a few percent of the pool; an order reaches a large part of it.
    /// </summary>
    public double PoolMinShare { get; init; } = DefaultPoolMinShare;

    /// <summary>Checks the values.</summary>
    /// <returns>One message per problem; empty when valid.</returns>
    public IEnumerable<string> Validate()
    {
        if (BlockCount < 1)
        {
            yield return $"fraudar: block count must be at least 1 (got {BlockCount})";
        }

        if (MinRows < 1)
        {
            yield return $"fraudar: min rows must be at least 1 (got {MinRows})";
        }

        if (MinCols < 1)
        {
            yield return $"fraudar: min cols must be at least 1 (got {MinCols})";
        }

        if (!(PoolAlpha is > 0 and < 1))
        {
            yield return $"fraudar: pool alpha must be in (0, 1) (got {PoolAlpha})";
        }

        if (!(PoolMinShare is >= 0 and <= 1))
        {
            yield return $"fraudar: pool min share must be in [0, 1] (got {PoolMinShare})";
        }

        if (!(MinDensity is >= 0 and <= 1))
        {
            yield return $"fraudar: min density must be in [0, 1] (got {MinDensity})";
        }
    }
}
