namespace FollowerAudit.Core.Detectors.CreationBatch;

/// <summary>Options of the <c>creation-batch</c> detector. Immutable; see <see cref="Default"/>.</summary>
public sealed record CreationBatchOptions
{
    /// <summary>Default of <see cref="WindowSize"/>.</summary>
    public const int DefaultWindowSize = 50;

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

    /// <summary>The defaults.</summary>
    public static CreationBatchOptions Default { get; } = new();

    /// <summary>Number of consecutive followers (in follow order) in one scan window; default <see cref="DefaultWindowSize"/>.</summary>
    public int WindowSize { get; init; } = DefaultWindowSize;

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
    /// scan windows (Bonferroni). Default <see cref="DefaultFalseAlarmRate"/>.
    /// </summary>
    public double FalseAlarmRate { get; init; } = DefaultFalseAlarmRate;

    /// <summary>
    /// A scan window whose median creation date is within this time before the follow time is "fresh" (new
    /// accounts following right after sign-up, the organic diagonal) and is compared with its neighbours rather than
    /// with all followers; default <see cref="DefaultFreshDays"/> days.
    /// </summary>
    public TimeSpan FreshWindow { get; init; } = TimeSpan.FromDays(DefaultFreshDays);

    /// <summary>Number of scan windows on each side whose followers form the local baseline of a fresh window; default <see cref="DefaultContextWindows"/>.</summary>
    public int ContextWindows { get; init; } = DefaultContextWindows;

    /// <summary>Checks the values.</summary>
    /// <returns>One message per problem; empty when valid.</returns>
    public IEnumerable<string> Validate()
    {
        if (WindowSize < 5)
        {
            yield return $"creation-batch: window size must be at least 5 followers (got {WindowSize})";
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

        if (ContextWindows < 1)
        {
            yield return $"creation-batch: context windows must be at least 1 (got {ContextWindows})";
        }
    }
}
