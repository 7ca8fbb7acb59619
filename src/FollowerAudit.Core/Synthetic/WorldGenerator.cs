using System.Globalization;

namespace FollowerAudit.Core.Synthetic;

/// <summary>
/// Generates synthetic worlds with ground truth: a genuine population with a preferential-attachment follow graph and
/// organic timing, audited accounts that grow smoothly, and purchases of fake followers from several kinds of vendors
/// (see <see cref="VendorKind"/>), with posts, engagements and daily snapshots consistent with it all.
/// </summary>
/// <remarks>
/// Deterministic: the same <see cref="WorldOptions"/> give byte-identical tables and truth on the same .NET version
/// (only seeded <see cref="Random"/> instances are used, one per stage). Memory and time are linear in the number of
/// accounts, edges and engagements; no per-row objects are created.
/// </remarks>
public static class WorldGenerator
{
    /// <summary>Generates a world.</summary>
    /// <param name="options">The options; see <see cref="WorldOptions.Default"/> and <see cref="WorldOptions.Demo"/>.</param>
    /// <param name="cancellationToken">Cancels a long generation.</param>
    /// <returns>The dataset and its ground truth.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static SyntheticWorld Generate(WorldOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"invalid world options: {string.Join("; ", problems)}."),
                nameof(options));
        }

        return new WorldBuilder(options, cancellationToken).Build();
    }
}
