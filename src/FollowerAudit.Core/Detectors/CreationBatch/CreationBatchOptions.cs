namespace FollowerAudit.Core.Detectors.CreationBatch;

/// <summary>Options of the <c>creation-batch</c> detector. Immutable; see <see cref="Default"/>.</summary>
public sealed record CreationBatchOptions
{
    /// <summary>Default of <see cref="WindowSize"/>.</summary>
    public const int DefaultWindowSize = 50;

    /// <summary>Default of <see cref="MinWindowSize"/>.</summary>
    public const int DefaultMinWindowSize = 12;

    /// <summary>Default of <see cref="HalfWidth"/>, in days.</summary>
    public const int DefaultHalfWidthDays = 10;

    /// <summary>Default of <see cref="MinShare"/>.</summary>
    public const double DefaultMinShare = 0.5;

    /// <summary>Default of <see cref="FalseAlarmRate"/>.</summary>
    public const double DefaultFalseAlarmRate = 0.01;

    /// <summary>Default of <see cref="FreshWindow"/>, in days.</summary>
    public const int DefaultFreshDays = 60;

    /// <summary>Default of <see cref="ContextWindows"/>.</summary>
    public const int DefaultContextWindows = 8;

    /// <summary>Default of <see cref="BandMinShare"/>.</summary>
    public const double DefaultBandMinShare = 0.05;

    /// <summary>Default of <see cref="BandMaxGap"/>, in days.</summary>
    public const int DefaultBandMaxGapDays = 1;

    /// <summary>The defaults.</summary>
    public static CreationBatchOptions Default { get; } = new();

    /// <summary>
    /// Number of consecutive followers (in follow order) in the largest scan window; default
    /// <see cref="DefaultWindowSize"/>. Smaller scales follow from <see cref="MinShare"/> and <see cref="MinWindowSize"/>
    /// (see <see cref="ScanWindowSizes"/>).
    /// </summary>
    public int WindowSize { get; init; } = DefaultWindowSize;

    /// <summary>
    /// Smallest scan window, in followers; default <see cref="DefaultMinWindowSize"/>. Equal to
    /// <see cref="WindowSize"/> for a single-scale scan.
    /// </summary>
    /// <remarks>
    /// A window of w followers can only be significant when its batch members are rare among the other followers:
    /// with all w created in the same date window and a null share p, the tail is p^w, and a window passing the
    /// <see cref="MinShare"/> gate with half its followers in the batch has tail about C(w, w/2)·p^(w/2). At w = 12
    /// and a per-window threshold near 1e-6 (0.01 over ~8,000 windows of a 10,000-follower account) a full window is
    /// significant up to p ≈ 0.3 and a half-full one up to p ≈ 0.03; at w = 6 a full window needs p below ≈ 0.09,
    /// which the sign-up diagonal's local baseline rarely offers, so windows below 12 would mostly add tests.
    /// </remarks>
    public int MinWindowSize { get; init; } = DefaultMinWindowSize;

    /// <summary>
    /// Half-width of the creation-date window around a scan window's median creation date; default
    /// <see cref="DefaultHalfWidthDays"/> days.
    /// </summary>
    public TimeSpan HalfWidth { get; init; } = TimeSpan.FromDays(DefaultHalfWidthDays);

    /// <summary>
    /// Minimum share of a scan window's followers inside its creation-date window before it is tested at all, in
    /// (0, 1]; default <see cref="DefaultMinShare"/>.
    /// </summary>
    public double MinShare { get; init; } = DefaultMinShare;

    /// <summary>
    /// Wanted probability that an account without any batch gets a finding, in (0, 1); it is split evenly over the
    /// scan windows of all scales together (Bonferroni). Default <see cref="DefaultFalseAlarmRate"/>.
    /// </summary>
    public double FalseAlarmRate { get; init; } = DefaultFalseAlarmRate;

    /// <summary>
    /// A scan window whose median creation date is within this time before the follow time is "fresh" (new
    /// accounts following right after sign-up, the organic diagonal) and is compared with its neighbours rather than
    /// with all followers; default <see cref="DefaultFreshDays"/> days.
    /// </summary>
    public TimeSpan FreshWindow { get; init; } = TimeSpan.FromDays(DefaultFreshDays);

    /// <summary>
    /// Number of scan windows (of the fresh window's own scale) on each side whose followers form the local baseline
    /// of a fresh window; default <see cref="DefaultContextWindows"/>.
    /// </summary>
    public int ContextWindows { get; init; } = DefaultContextWindows;

    /// <summary>
    /// Whether runs of different creation windows that are adjacent or overlapping in follow order are reported as one
    /// band (one purchase of stock from several batches, issue 11); default <see langword="true"/>. <see langword="false"/>
    /// reports one finding per creation window and run, as before bands.
    /// </summary>
    public bool MergeBands { get; init; } = true;

    /// <summary>
    /// Whether the detector also tests creation-date windows regardless of follow order (<see cref="CreationWindowScan"/>,
    /// findings of kind <c>creation-window</c>): a drip-fed order spread between organic arrivals; default
    /// <see langword="true"/>.
    /// </summary>
    public bool ScanCreationWindows { get; init; } = true;

    /// <summary>
    /// Share of followers, in (0, 1), that a batch must still supply for its run to grow along follow order into a band;
    /// default <see cref="DefaultBandMinShare"/>. A band's stretch ends after about <see cref="WindowSize"/> followers with
    /// none from the batch. Runs grow only when their creation window's share among the other followers is below half
    /// of this. Unused when <see cref="MergeBands"/> is off.
    /// </summary>
    /// <remarks>
    /// Four interleaved batches of unequal size (the generator's <c>MixedStock</c> vendor) each supply 10–40% of their
    /// band, so the threshold must be below 10%; an aged batch's creation window (days wide) holds well under 1% of
    /// organic followers on the synthetic worlds, so 5% leaves a wide margin on both sides.
    /// </remarks>
    public double BandMinShare { get; init; } = DefaultBandMinShare;

    /// <summary>
    /// Longest follow-time gap inside one band; default <see cref="DefaultBandMaxGapDays"/> days. Runs further apart in
    /// follow time are separate deliveries even when few followers came in between, and a run stops growing at such a
    /// gap. Only applies where follow times (<c>followed_at</c>) are known.
    /// </summary>
    public TimeSpan BandMaxGap { get; init; } = TimeSpan.FromDays(DefaultBandMaxGapDays);

    /// <summary>
    /// The scan's window sizes, largest first: <see cref="WindowSize"/>, then each next scale is
    /// ⌊<see cref="MinShare"/> × previous⌋ (at least one smaller) while it is at least <see cref="MinWindowSize"/>.
    /// </summary>
    /// <returns>The window sizes in followers, largest first (50, 25, 12 with the defaults).</returns>
    /// <remarks>
    /// Why this ladder: a batch of b consecutive followers is tested at a window of size w only when
    /// b ≥ <see cref="MinShare"/> × w. A batch too small for scale w (b &lt; MinShare × w = next scale) fits whole into a
    /// window of the next scale and fills at least MinShare of it when b ≥ MinShare × next, so the scales leave no gap
    /// in batch sizes down to MinShare × <see cref="MinWindowSize"/>, with as few scales (hence as small a Bonferroni
    /// penalty) as that allows.
    /// </remarks>
    public IReadOnlyList<int> ScanWindowSizes()
    {
        var sizes = new List<int> { WindowSize };
        var w = WindowSize;
        while (true)
        {
            var next = Math.Min(w - 1, (int)Math.Floor(MinShare * w));
            if (next < MinWindowSize || next < 1)
            {
                return sizes;
            }

            sizes.Add(next);
            w = next;
        }
    }

    /// <summary>Checks the values.</summary>
    /// <returns>One message per problem; empty when valid.</returns>
    public IEnumerable<string> Validate()
    {
        if (WindowSize < 5)
        {
            yield return $"creation-batch: window size must be at least 5 followers (got {WindowSize})";
        }

        if (MinWindowSize < 5 || MinWindowSize > WindowSize)
        {
            yield return $"creation-batch: min window size must be at least 5 followers and at most the window size {WindowSize} (got {MinWindowSize})";
        }

        if (HalfWidth <= TimeSpan.Zero)
        {
            yield return $"creation-batch: half width must be positive (got {HalfWidth})";
        }

        if (!(MinShare is > 0 and <= 1))
        {
            yield return $"creation-batch: min share must be in (0, 1] (got {MinShare})";
        }

        if (!(FalseAlarmRate is > 0 and < 1))
        {
            yield return $"creation-batch: false-alarm rate must be in (0, 1) (got {FalseAlarmRate})";
        }

        if (FreshWindow < TimeSpan.Zero)
        {
            yield return $"creation-batch: fresh window must be non-negative (got {FreshWindow})";
        }

        if (!(BandMinShare is > 0 and < 1))
        {
            yield return $"creation-batch: band min share must be in (0, 1) (got {BandMinShare})";
        }

        if (BandMaxGap <= TimeSpan.Zero)
        {
            yield return $"creation-batch: band max gap must be positive (got {BandMaxGap})";
        }

        if (ContextWindows < 1)
        {
            yield return $"creation-batch: context windows must be at least 1 (got {ContextWindows})";
        }
    }
}
