namespace FollowerAudit.Core.Detectors.Lockstep;

/// <summary>Options of the <c>lockstep</c> detector. Immutable; see <see cref="Default"/>.</summary>
public sealed record LockstepOptions
{
    /// <summary>Default of <see cref="MinFollowers"/>.</summary>
    public const int DefaultMinFollowers = 20;

    /// <summary>Default of <see cref="MinAccounts"/>.</summary>
    public const int DefaultMinAccounts = 3;

    /// <summary>
    /// Default of <see cref="Window"/>, in minutes: 24 hours, so a delivery spread over up to two days (as vendors
    /// pace orders to look less abrupt) fits within ± the window of its centre.
    /// </summary>
    public const int DefaultWindowMinutes = 24 * 60;

    /// <summary>
    /// Default of <see cref="MinShare"/>: a member of a three-account group needs two of them, since a pool's
    /// customers each receive a random part of it.
    /// </summary>
    public const double DefaultMinShare = 0.6;

    /// <summary>Default of <see cref="MaxBucketFollows"/>.</summary>
    public const int DefaultMaxBucketFollows = 10_000;

    /// <summary>The defaults.</summary>
    public static LockstepOptions Default { get; } = new();

    /// <summary>Minimum followers in a group (CopyCatch's m); default <see cref="DefaultMinFollowers"/>.</summary>
    public int MinFollowers { get; init; } = DefaultMinFollowers;

    /// <summary>Minimum accounts the group followed together (CopyCatch's n); default <see cref="DefaultMinAccounts"/>.</summary>
    public int MinAccounts { get; init; } = DefaultMinAccounts;

    /// <summary>
    /// Half-width of each account's window (CopyCatch's Δt): a member's follow of an account must be within this of the
    /// group's centre time for that account. Default <see cref="DefaultWindowMinutes"/> minutes.
    /// </summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(DefaultWindowMinutes);

    /// <summary>
    /// Share of the group's accounts each member must have followed in the window (CopyCatch's ρ), in (0, 1];
    /// default <see cref="DefaultMinShare"/>.
    /// </summary>
    public double MinShare { get; init; } = DefaultMinShare;

    /// <summary>
    /// Most follows of one account within one search bucket (4 × <see cref="Window"/> wide) for the bucket to seed or
    /// hold a group; default <see cref="DefaultMaxBucketFollows"/>. Busier buckets are skipped: at ±24 h, an account
    /// followed tens of thousands of times in four days makes every follower a candidate and the search quadratic
    /// (10M organic follows: 69 s and 1.7 GB unbounded, docs/performance.md), and a group there cannot be told from
    /// chance co-occurrence anyway. Groups on such accounts are missed; lower <see cref="Window"/> for data that busy.
    /// </summary>
    public int MaxBucketFollows { get; init; } = DefaultMaxBucketFollows;

    /// <summary>Checks the values.</summary>
    /// <returns>One message per problem; empty when valid.</returns>
    public IEnumerable<string> Validate()
    {
        if (MinFollowers < 2)
        {
            yield return $"lockstep: min followers must be at least 2 (got {MinFollowers})";
        }

        if (MinAccounts < 2)
        {
            yield return $"lockstep: min accounts must be at least 2 (got {MinAccounts})";
        }

        if (Window <= TimeSpan.Zero)
        {
            yield return $"lockstep: window must be positive (got {Window})";
        }

        if (MaxBucketFollows < MinFollowers)
        {
            yield return $"lockstep: max bucket follows must be at least min followers ({MinFollowers}) (got {MaxBucketFollows})";
        }

        if (!(MinShare is > 0 and <= 1))
        {
            yield return $"lockstep: min share must be in (0, 1] (got {MinShare})";
        }
    }
}
