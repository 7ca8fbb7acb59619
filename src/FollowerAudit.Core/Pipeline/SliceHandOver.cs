namespace FollowerAudit.Core.Pipeline;

/// <summary>
/// A slice handed to <see cref="AuditPipeline.AuditAccount(SliceHandOver, IReadOnlyList{DatasetDetectorResult}, CancellationToken, AuditStages?)"/>,
/// which takes it out, so that nothing but the audit holds the followers' whole rows.
/// </summary>
/// <remarks>
/// Why: the audit lets go of the profile text after feature extraction (<see cref="AccountSlice.WithoutProfileText"/>),
/// but a caller's frame that passed the slice directly kept it reachable for the whole audit (a parallel loop's stack
/// slot held a million followers' bios, names and URLs through every scorer: ≈ 0.3 GB at 1M followers). A hand-over
/// made from a factory never holds the slice outside the audit.
/// </remarks>
public sealed class SliceHandOver
{
    private Func<AccountSlice>? _cut;

    /// <summary>A hand-over of a slice already cut (the caller must not keep its own reference).</summary>
    /// <param name="slice">The slice.</param>
    public SliceHandOver(AccountSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        _cut = () => slice;
    }

    /// <summary>A hand-over that cuts the slice when the audit takes it.</summary>
    /// <param name="cut">Cuts (or fetches) the slice; called once.</param>
    public SliceHandOver(Func<AccountSlice> cut)
    {
        ArgumentNullException.ThrowIfNull(cut);
        _cut = cut;
    }

    /// <summary>Takes the slice out (the hand-over no longer refers to it); a second take is an error.</summary>
    /// <returns>The slice.</returns>
    /// <exception cref="InvalidOperationException">The slice was taken already.</exception>
    public AccountSlice Take() =>
        (Interlocked.Exchange(ref _cut, null) ?? throw new InvalidOperationException("This slice was handed to an audit already."))();
}
