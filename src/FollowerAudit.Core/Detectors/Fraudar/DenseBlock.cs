namespace FollowerAudit.Core.Detectors.Fraudar;

/// <summary>A dense block of a bipartite graph found by <see cref="FraudarAlgorithm"/>.</summary>
/// <param name="Rows">Row ids in the block, ascending.</param>
/// <param name="Cols">Column ids in the block, ascending.</param>
/// <param name="Score">
/// FRAUDAR's objective for the block: total camouflage-resistant edge weight inside it plus the priors of its nodes,
/// divided by its node count (rows + cols).
/// </param>
/// <param name="EdgeCount">Number of (distinct) edges inside the block.</param>
public sealed record DenseBlock(IReadOnlyList<int> Rows, IReadOnlyList<int> Cols, double Score, long EdgeCount)
{
    /// <summary>Edges / (rows × cols), in [0, 1].</summary>
    public double Density => Rows.Count == 0 || Cols.Count == 0 ? 0 : (double)EdgeCount / ((double)Rows.Count * Cols.Count);
}
