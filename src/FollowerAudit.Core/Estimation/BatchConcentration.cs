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

        var all = population.CreationTicksSorted;
        var inDataset = intervals.Sum(i => UpperBound(all, i.To) - LowerBound(all, i.From));
        var following = 0;
        for (var row = 0; row < slice.Count; row++)
        {
            if (created[row] is { } c && Contains(intervals, c.Ticks))
            {
                following++;
            }
        }

        var others = Math.Max(0, inDataset - following);
        var nonFollowers = population.AccountsInData - 1 - slice.TotalFollowersInData;
        return new BatchConcentration(inDataset == 0 ? 1 : following / (double)inDataset, others, inDataset, nonFollowers);
    }

    private static bool Contains(List<(long From, long To)> intervals, long t)
    {
        int lo = 0, hi = intervals.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (t < intervals[mid].From)
            {
                hi = mid - 1;
            }
            else if (t > intervals[mid].To)
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    private static int LowerBound(long[] sorted, long value)
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

    private static int UpperBound(long[] sorted, long value) => LowerBound(sorted, value == long.MaxValue ? value : value + 1);
}
