using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Estimation;

/// <summary>
/// Tells an account's own purchase from camouflage. A vendor delivers an order by making (or taking) a batch of
/// accounts and having nearly all of them follow the buyer; the same bots also follow popular accounts they were not
/// bought for, a few each, so a popular account that bought nothing still shows small batches of fakes created
/// together. The difference is concentration: of all accounts in the dataset created at the batch members' creation
/// times, a buyer is followed by most, a camouflage target by a few. It needs a dataset holding more than one
/// account's followers; with one follower list the accounts created then all follow the audited account, and the
/// test cannot tell (<see cref="CanTell"/> is then false).
/// </summary>
/// <param name="Share">Of the dataset's accounts created within <see cref="Tolerance"/> of a member's creation, the share that follow the audited account.</param>
/// <param name="Others">How many of those accounts do not follow it.</param>
/// <param name="CreatedThen">How many accounts of the dataset were created then, in all.</param>
/// <param name="NonFollowers">How many accounts of the dataset do not follow the audited account at all.</param>
public sealed record BatchConcentration(double Share, int Others, int CreatedThen, long NonFollowers)
{
    /// <summary>How close in creation time an account must be to a batch member to count as created with it.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromHours(12);

    /// <summary>Fewest accounts created then, in all, for the share to mean anything.</summary>
    public const int MinimumCreatedThen = 20;

    /// <summary>
    /// Fewest accounts in the dataset that do not follow the audited account: with fewer, the data is essentially
    /// this account's follower list, every account created then follows it, and the share cannot compare anything.
    /// </summary>
    public const int MinimumNonFollowers = 100;

    /// <summary>Share at or above which a batch is the account's own purchase: most of the accounts created with it follow this account.</summary>
    public const double PurchaseShare = 0.5;

    /// <summary>Whether the comparison could be made.</summary>
    public bool CanTell => NonFollowers >= MinimumNonFollowers && CreatedThen >= MinimumCreatedThen;

    /// <summary>Measures one batch finding of one audit, or returns <see langword="null"/> without creation dates.</summary>
    /// <param name="slice">The audited account's followers.</param>
    /// <param name="finding">A finding whose followers are batch members.</param>
    /// <returns>The concentration.</returns>
    public static BatchConcentration? Of(AccountSlice slice, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(finding);
        var accounts = slice.Followers;
        if (accounts.CreatedAt is not { } created)
        {
            return null;
        }

        // Union of [t − tolerance, t + tolerance] around the members' creation times.
        var members = finding.FollowerIds.Select(id => accounts.TryGetRow(id, out var r) ? created[r] : null)
            .Where(t => t is not null).Select(t => t!.Value.Ticks).Order().ToArray();
        if (members.Length == 0)
        {
            return null;
        }

        var tolerance = Tolerance.Ticks;
        var intervals = new List<(long From, long To)>();
        foreach (var t in members)
        {
            if (intervals.Count > 0 && t - tolerance <= intervals[^1].To)
            {
                intervals[^1] = (intervals[^1].From, t + tolerance);
            }
            else
            {
                intervals.Add((t - tolerance, t + tolerance));
            }
        }

        if (slice.Population is not { } population)
        {
            return null;
        }

        // The intervals are disjoint, so both counts are sums over them of a range of sorted creation times.
        var all = population.CreationTicksSorted;
        var followers = slice.FollowerCreationTicksSorted;
        var inDataset = intervals.Sum(i => UpperBound(all, i.To) - LowerBound(all, i.From));
        var following = intervals.Sum(i => UpperBound(followers, i.To) - LowerBound(followers, i.From));

        var others = Math.Max(0, inDataset - following);
        var nonFollowers = population.AccountsInData - 1 - slice.TotalFollowersInData;
        return new BatchConcentration(inDataset == 0 ? 1 : following / (double)inDataset, others, inDataset, nonFollowers);
    }

    /// <summary>
    /// Measures a <c>creation-window</c> finding (a narrow creation-date window, whatever the follow order) against the
    /// whole dataset, or returns <see langword="null"/> without creation dates, the dataset's creation times, or the
    /// finding's window.
    /// </summary>
    /// <param name="slice">The audited account's followers.</param>
    /// <param name="finding">A finding with <c>created_from_unix_days_1</c> and <c>created_to_unix_days_1</c> metrics.</param>
    /// <returns>The concentration of the window's excess accounts on this account.</returns>
    public static WindowConcentration? OfWindow(AccountSlice slice, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(finding);
        if (slice.Followers.CreatedAt is null || slice.Population is not { } population
            || !finding.Metrics.TryGetValue("created_from_unix_days_1", out var fromDays) || !finding.Metrics.TryGetValue("created_to_unix_days_1", out var toDays))
        {
            return null;
        }

        // The window, a guard of its width (at least a day) on each side so that a batch cut by it does not feed its own
        // baseline, and WindowConcentration.BackgroundDays beyond the guard on each side as the local baseline.
        var from = DateTime.UnixEpoch.Ticks + (long)(fromDays * TimeSpan.TicksPerDay);
        var to = DateTime.UnixEpoch.Ticks + (long)(toDays * TimeSpan.TicksPerDay);
        var guard = Math.Max(TimeSpan.TicksPerDay, to - from);
        var background = (long)(WindowConcentration.BackgroundDays * TimeSpan.TicksPerDay);
        (long From, long To) window = (from, to), left = (from - guard - background, from - guard - 1), right = (to + guard + 1, to + guard + background);
        var all = population.CreationTicksSorted;
        long Count(long[] sorted, (long From, long To) r) => UpperBound(sorted, r.To) - LowerBound(sorted, r.From);
        var followerTicks = slice.FollowerCreationTicksSorted;

        // A sample of the followers stands for all of them.
        var scale = slice.Count == 0 ? 1 : slice.TotalFollowersInData / (double)slice.Count;
        double accountsIn = Count(all, window), accountsAround = Count(all, left) + Count(all, right);
        double followersIn = scale * Count(followerTicks, window), followersAround = scale * Count(followerTicks, right) + (scale * Count(followerTicks, left));

        // Accounts expected in the window at the local creation rate, and of those the share this account's followers
        // hold around the window: what follows it organically.
        var expectedAccounts = accountsAround * Math.Max(1, to - from) / (2.0 * background);
        var baseShare = accountsAround == 0 ? 0 : followersAround / accountsAround;
        var excessAccounts = accountsIn - expectedAccounts;
        var excessFollowers = followersIn - (baseShare * expectedAccounts);
        var share = excessAccounts <= 0 ? 0 : Math.Clamp(excessFollowers / excessAccounts, 0, 1);
        var nonFollowers = population.AccountsInData - 1 - slice.TotalFollowersInData;
        return new WindowConcentration(share, excessFollowers, excessAccounts, baseShare, nonFollowers);
    }

    internal static int LowerBound(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    internal static int UpperBound(long[] sorted, long value) => LowerBound(sorted, value == long.MaxValue ? value : value + 1);
}

/// <summary>
/// How much a narrow creation window's excess accounts concentrate on one account: of the accounts in the dataset created
/// in the window beyond the local creation rate (the <see cref="BackgroundDays"/> on each side), the share that follow it
/// beyond what its followers' share of the accounts created around the window predicts. A buyer is followed by nearly
/// all of the accounts its vendor registered then; a camouflage target by the few that picked it; a platform's sign-up
/// surge follows a big account no more than the accounts created around it do.
/// </summary>
/// <param name="Share">Share of the window's excess accounts that follow this account beyond its base share, in [0, 1].</param>
/// <param name="ExcessFollowers">This account's followers created in the window, less those its base share predicts.</param>
/// <param name="ExcessAccounts">Accounts of the dataset created in the window, less those the local creation rate predicts.</param>
/// <param name="BaseShare">Share of the accounts created around the window that follow this account.</param>
/// <param name="NonFollowers">How many accounts of the dataset do not follow the audited account at all.</param>
public sealed record WindowConcentration(double Share, double ExcessFollowers, double ExcessAccounts, double BaseShare, long NonFollowers)
{
    /// <summary>Days on each side of the window (beyond a guard of its width) whose accounts give the local rates.</summary>
    public const double BackgroundDays = 60;

    /// <summary>Fewest excess accounts for the share to mean anything (the verdict's smallest evidence).</summary>
    public const double MinimumExcessAccounts = Verdict.MinimumEvidenceFollowers;

    /// <summary>
    /// How far <see cref="Share"/> goes from <see cref="BaseShare"/> towards all: (Share − BaseShare) / (1 − BaseShare), in
    /// [0, 1]. A window of accounts that follow this account no more often than the accounts created around it (a
    /// sign-up surge on an account most of the platform follows) has a share near the base share and a lift near 0; a
    /// vendor's batch sold to it has a lift near 1 whatever its base share.
    /// </summary>
    public double Lift => BaseShare >= 1 ? 0 : Math.Clamp((Share - BaseShare) / (1 - BaseShare), 0, 1);

    /// <summary>Whether the comparison could be made: other audiences in the data, and an excess of accounts to share out.</summary>
    public bool CanTell => NonFollowers >= BatchConcentration.MinimumNonFollowers && ExcessAccounts >= MinimumExcessAccounts;
}
