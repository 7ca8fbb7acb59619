using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Scoring;

/// <summary>
/// Builds an <see cref="AuditContext"/> over an arbitrary set of account rows instead of one account's followers,
/// so extractors and scorers can run over all labeled accounts (evaluation, training).
/// </summary>
public static class ScoringContext
{
    /// <summary>
    /// Creates a context whose "followers" are exactly <paramref name="rows"/>, in that order, with no follow times
    /// (<see cref="AccountSlice.OfAccounts"/>).
    /// </summary>
    /// <param name="dataset">The dataset; its accounts and reference time are used.</param>
    /// <param name="rows">Account rows to score; must be distinct and non-empty.</param>
    /// <param name="options">Run options (seed); <see cref="AuditOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>A context with an empty feature table of <c>rows.Count</c> rows.</returns>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is empty or out of range.</exception>
    public static AuditContext ForAccountRows(AuditDataset dataset, IReadOnlyList<int> rows, AuditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("At least one account row is needed.", nameof(rows));
        }

        var count = dataset.Accounts.Count;
        foreach (var row in rows)
        {
            if ((uint)row >= (uint)count)
            {
                throw new ArgumentException($"Row {row} is outside the accounts table ({count} rows).", nameof(rows));
            }
        }

        return new AuditContext(AccountSlice.OfAccounts(dataset, rows), options ?? AuditOptions.Default);
    }

    /// <summary>
    /// Appends a scorer's output to <see cref="AuditContext.ScorerOutputs"/>, as the pipeline does after each scorer, so
    /// scorers that combine earlier ones (<c>unsupervised</c>) can read it.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <param name="scores">The output.</param>
    public static void Record(AuditContext context, FollowerScores scores)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scores);
        context.ScorerOutputs = [.. context.ScorerOutputs, scores];
    }

    /// <summary>All rows of the dataset whose label is known (genuine or fake), in table order.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <returns>The rows; empty when there is no label column.</returns>
    public static int[] LabeledRows(AuditDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var labels = dataset.Accounts.Label;
        return labels is null ? [] : [.. Enumerable.Range(0, labels.Length).Where(i => labels[i] != AccountLabel.Unknown)];
    }
}
