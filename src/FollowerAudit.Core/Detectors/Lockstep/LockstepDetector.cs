using System.Globalization;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Detectors.Lockstep;

/// <summary>
/// Finds groups of followers who followed the same several accounts, each within the same short time window: the
/// lockstep behaviour of CopyCatch (Beutel et al., WWW 2013).
/// </summary>
/// <remarks>
/// <para><b>Pattern.</b> A follower seller delivers an order by having its pool of accounts follow the customer in a
/// short time, and serves several customers with the same pool, so the same ≥ <see cref="LockstepOptions.MinFollowers"/>
/// followers follow the same ≥ <see cref="LockstepOptions.MinAccounts"/> accounts, each account within
/// ±<see cref="LockstepOptions.Window"/> of a centre time of its own (one per delivery, as in CopyCatch; each member in
/// at least <see cref="LockstepOptions.MinShare"/> of the accounts). Members who received only one of the pool's orders
/// cannot be told apart from other followers by timing across accounts and are not in the group. Search: a near-linear approximation of CopyCatch
/// (bucketed seeds, then CopyCatch's alternating centre/member verification), see the internal LockstepSearch.
/// Runs once per dataset; each followed account of a group gets a finding with the group's members who followed it in
/// the window, marked as fake: timing this tight across several accounts is itself evidence.</para>
/// <para><b>False positives.</b> Coordinated but genuine follows: a viral "follow these three accounts" post, a
/// conference announcing its speakers' accounts, follow trains. They show up as a group; the accounts named usually
/// tell the story. Groups smaller than the options ask for are missed by design.</para>
/// <para><b>Data.</b> Follow times (<c>followed_at</c>) and a dataset with several followed accounts. Not applicable
/// without follow times or with fewer followed accounts than <see cref="LockstepOptions.MinAccounts"/>.</para>
/// </remarks>
public sealed class LockstepDetector : IDatasetDetector
{
    /// <summary>The detector's stable name.</summary>
    public const string DetectorName = "lockstep";

    private readonly LockstepOptions _options;

    /// <summary>Creates the detector.</summary>
    /// <param name="options">Options (validated by the extension).</param>
    public LockstepDetector(LockstepOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <inheritdoc />
    public DatasetDetectorResult Run(AuditDataset dataset, IReadOnlyList<int> auditedRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var empty = new Dictionary<long, IReadOnlyList<Finding>>();
        if (dataset.Follows.FollowedAt is not { } followedAt)
        {
            return new DatasetDetectorResult(DetectorResult.NotApplicable(Name, "The follows table has no follow times (followed_at), so lockstep timing cannot be seen."), empty);
        }

        var index = dataset.FollowerIndex;
        var accountCount = dataset.Accounts.Count;

        // Counted first, so the edge arrays are allocated once at their size (growing lists and copying them out held
        // about twice these arrays at once: ≈ 0.4 GB at 10M follows).
        var edges = 0;
        var followed = 0;
        for (var a = 0; a < accountCount; a++)
        {
            var before = edges;
            for (var k = index.Offsets[a]; k < index.Offsets[a + 1]; k++)
            {
                edges += index.FollowerRows[k] >= 0 && followedAt[index.EdgeRows[k]] is not null ? 1 : 0;
            }

            followed += edges > before ? 1 : 0;
        }

        if (followed < _options.MinAccounts)
        {
            return new DatasetDetectorResult(
                DetectorResult.NotApplicable(Name, string.Create(CultureInfo.InvariantCulture, $"Only {followed} followed account(s) with follow times; lockstep needs at least {_options.MinAccounts}.")),
                empty);
        }

        var follower = new int[edges];
        var followee = new int[edges];
        var ticks = new long[edges];
        var e = 0;
        for (var a = 0; a < accountCount; a++)
        {
            for (var k = index.Offsets[a]; k < index.Offsets[a + 1]; k++)
            {
                if (index.FollowerRows[k] >= 0 && followedAt[index.EdgeRows[k]] is { } t)
                {
                    follower[e] = index.FollowerRows[k];
                    followee[e] = a;
                    ticks[e] = t.Ticks;
                    e++;
                }
            }
        }

        var groups = LockstepSearch.Find(accountCount, follower, followee, ticks, _options, cancellationToken);
        var ids = dataset.Accounts.AccountId;
        var overall = new List<Finding>();
        var byAccount = new Dictionary<long, List<Finding>>();
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var names = string.Join(", ", group.Accounts.Take(5).Select(w => dataset.Accounts.DisplayHandle(w.Followee))) + (group.Accounts.Length > 5 ? ", …" : string.Empty);
            var windowMinutes = 2 * _options.Window.TotalMinutes;
            var windowText = Duration(2 * _options.Window);
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["group"] = g + 1,
                ["followers"] = group.Members.Length,
                ["accounts"] = group.Accounts.Length,
                ["window_minutes"] = windowMinutes,
            };
            var start = new DateTime(group.Accounts.Min(w => w.FirstTicks), DateTimeKind.Utc);
            var end = new DateTime(group.Accounts.Max(w => w.LastTicks) + 1, DateTimeKind.Utc);
            overall.Add(new Finding(
                Name,
                "lockstep-group",
                string.Create(CultureInfo.InvariantCulture, $"Lockstep group {g + 1}: {group.Members.Length:N0} followers x {group.Accounts.Length} accounts"),
                string.Create(CultureInfo.InvariantCulture, $"{group.Members.Length:N0} followers each followed at least {_options.MinShare:P0} of the same {group.Accounts.Length} accounts ({names}), each account within its own {windowText} window (the windows of different accounts differ: one per delivery). Independent people do not move in step like this; a pool of accounts delivering orders does."),
                1.0,
                [.. group.Members.Select(u => ids[u])])
            {
                Start = start,
                End = end,
                Metrics = metrics,
                MarksFollowersAsFake = true,
            });

            foreach (var window in group.Accounts)
            {
                var from = new DateTime(window.FirstTicks, DateTimeKind.Utc);
                var to = new DateTime(window.LastTicks, DateTimeKind.Utc);
                var accountMetrics = new Dictionary<string, double>(metrics, StringComparer.Ordinal)
                {
                    ["members_here"] = window.Members.Length,
                    ["window_span_minutes"] = (to - from).TotalMinutes,
                };
                var finding = new Finding(
                    Name,
                    "lockstep-group",
                    string.Create(CultureInfo.InvariantCulture, $"{window.Members.Length:N0} followers arrived in lockstep on {from:yyyy-MM-dd HH:mm}"),
                    string.Create(CultureInfo.InvariantCulture, $"{window.Members.Length:N0} followers followed this account between {from:yyyy-MM-dd HH:mm} and {to:yyyy-MM-dd HH:mm} UTC, and the same group followed {group.Accounts.Length - 1} other accounts ({names}) in the same way, each within a {windowText} window."),
                    1.0,
                    [.. window.Members.Select(u => ids[u])])
                {
                    Start = from,
                    End = to.AddTicks(1),
                    Metrics = accountMetrics,
                    MarksFollowersAsFake = true,
                };
                var key = ids[window.Followee];
                if (!byAccount.TryGetValue(key, out var list))
                {
                    byAccount[key] = list = [];
                }

                list.Add(finding);
            }
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Searched {edges:N0} timed follows of {followed:N0} accounts for groups of at least {_options.MinFollowers} followers moving in step across at least {_options.MinAccounts} accounts; {groups.Count} group(s) found.");
        var result = new DetectorResult(Name, DetectorOutcome.Ran, overall, summary)
        {
            Metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["edges"] = edges,
                ["accounts"] = followed,
                ["groups"] = groups.Count,
            },
        };
        return new DatasetDetectorResult(result, byAccount.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Finding>)kv.Value));
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 2 && span.Ticks % TimeSpan.TicksPerHour == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0}-hour")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0}-minute");
}
