using System.Globalization;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using MathNet.Numerics;

namespace FollowerAudit.Core.Detectors.CreationBatch;

/// <summary>
/// Finds runs of consecutive followers (in follow order) whose accounts were created within a few days of each other
/// far more often than the account's follower creation dates predict: accounts registered in one batch and
/// delivered together.
/// </summary>
/// <remarks>
/// <para><b>Pattern.</b> The method of The New York Times' "The Follower Factory" (2018): plot each follower's
/// creation date against its follow position; bought followers show up as a horizontal band, a long run of
/// consecutive followers created in the same narrow window. The scan slides windows of several sizes over follow
/// order (<see cref="CreationBatchOptions.ScanWindowSizes"/>: <see cref="CreationBatchOptions.WindowSize"/> followers,
/// then smaller scales down to <see cref="CreationBatchOptions.MinWindowSize"/>, so that a batch smaller than
/// <see cref="CreationBatchOptions.MinShare"/> × the largest window is still tested in a window it can fill; stride
/// a fifth of a window); for each window it counts the followers created within
/// ±<see cref="CreationBatchOptions.HalfWidth"/> of the window's median creation date and compares the count with a
/// binomial whose rate is the share of the other followers created in that same date window (beta-binomial, since
/// that rate is estimated). A window is flagged when
/// the binomial tail is below <see cref="CreationBatchOptions.FalseAlarmRate"/> divided by the number of windows of
/// all scales together (Bonferroni, conservative for overlapping windows, so the rate is per account); overlapping
/// flagged windows with close medians, of any scale, merge into one run. Cost per scale: O(w log w) per window over
/// n / (w/5) windows, i.e. O(n log w), plus one sort of the creation dates; the exact tail is only computed for
/// windows that pass <see cref="CreationBatchOptions.MinShare"/>.</para>
/// <para><b>Bands: one purchase, one finding.</b> Vendors sell aged stock from several batches: one delivery is a
/// contiguous band of follows whose accounts come from 2–4 narrow creation windows, interleaved or one batch after
/// another, and the scan alone sees each batch only where it fills half a window, as a swarm of small runs. With
/// <see cref="CreationBatchOptions.MergeBands"/> (default) each run that is not fresh grows along follow order while its
/// creation window (the span of its members' creation dates, isolated extremes dropped, padded by a tenth of
/// <see cref="CreationBatchOptions.HalfWidth"/>) still supplies more than
/// <see cref="CreationBatchOptions.BandMinShare"/> of the followers, stopping after about
/// <see cref="CreationBatchOptions.WindowSize"/> followers without one and at a follow-time gap above
/// <see cref="CreationBatchOptions.BandMaxGap"/>; grown runs that overlap, or are fewer than
/// <see cref="CreationBatchOptions.MinWindowSize"/> followers and at most <see cref="CreationBatchOptions.BandMaxGap"/>
/// apart, become one band whatever their creation windows. Batches of the band that never filled a window are looked
/// for among its other followers (densest 2 × HalfWidth creation interval, significant at the scan's threshold). A
/// band's followers are only those created in its windows, so organic followers delivered in between are not marked;
/// its significance is recomputed against the share of the other followers created in those windows; a band left with
/// fewer followers than the smallest testable batch is dropped. Findings come
/// out largest first, then most significant (<c>log10_p_value</c>), then in follow order; the windows are listed in
/// the explanation and counted in <c>creation_windows</c>.</para>
/// <para><b>False positives.</b> Genuine sign-ups cluster too: new accounts often follow popular accounts within
/// days of registering (the "diagonal"), and platforms have launch waves. Launch waves are in the baseline rate. A
/// window whose median creation date is within <see cref="CreationBatchOptions.FreshWindow"/> of its follow time
/// (known from <c>followed_at</c>, else bounded by the latest creation date seen so far) is compared only with its
/// neighbours (<see cref="CreationBatchOptions.ContextWindows"/> windows of the same scale on each side), whose followers
/// share the diagonal, matched by age at follow rather than by calendar date (a neighbour counts for a window follower
/// when it would have been created in the window's date range had it followed at that follower's time). Consequence: a batch of freshly created accounts much longer than the context is found only at its
/// edges. Findings mark their followers as fake, since membership in such a batch is itself evidence. A band also marks
/// organic followers inside its rank range that happen to be created in one of its windows (genuine followers were
/// 0.02–0.4% of the marked followers on the synthetic worlds, 0.02–0.7% before bands; docs/accuracy.md). Without follow times, two purchases delivered next to each other in follow order
/// are one band; with them, deliveries more than <see cref="CreationBatchOptions.BandMaxGap"/> apart stay apart, but two
/// purchases delivered in the same hours are one band. Fresh runs are not grown or merged.</para>
/// <para><b>Data.</b> Followers' <c>created_at</c> and follow order (<c>follow_rank</c>, <c>followed_at</c> or
/// table order); follow times are optional. Not applicable without creation dates.</para>
/// </remarks>
public sealed class CreationBatchDetector : IDetector
{
    /// <summary>The detector's stable name.</summary>
    public const string DetectorName = "creation-batch";

    // Share of a creation window's followers already in follow-order batches above which the window is not reported.
    private const double FollowersShareInBatches = 0.5;

    private readonly CreationBatchOptions _options;

    /// <summary>Creates the detector.</summary>
    /// <param name="options">Options (validated by the extension).</param>
    public CreationBatchDetector(CreationBatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <inheritdoc />
    public DetectorResult Run(AuditContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slice = context.Slice;
        if (slice.Followers.CreatedAt is not { } createdAt)
        {
            return DetectorResult.NotApplicable(Name, "The accounts table has no creation dates (created_at), so creation batches cannot be seen.");
        }

        var positions = new List<int>(slice.Count);
        var created = new List<double>(slice.Count);
        var followed = new List<double>(slice.Count);
        for (var i = 0; i < slice.Count; i++)
        {
            if (createdAt[i] is { } c)
            {
                positions.Add(i);
                created.Add(ToDays(c));
                followed.Add(slice.FollowedAt?[i] is { } f ? ToDays(f) : double.NaN);
            }
        }

        if (positions.Count == 0)
        {
            return DetectorResult.NotApplicable(Name, "None of the account's followers has a creation date.");
        }

        var scan = new CreationBatchScan(_options, created.ToArray(), followed.ToArray());
        var runs = scan.Run(cancellationToken);
        var findings = runs.Select(r => ToFinding(slice, r, positions, scan)).ToList();
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Scanned {scan.WindowCount:N0} windows of {string.Join(", ", scan.WindowSizes)} consecutive followers for shared creation dates (±{_options.HalfWidth.TotalDays:0.#} days); {findings.Count} batch(es) found.");
        var windowCount = 0;
        if (_options.ScanCreationWindows)
        {
            // Windows whose followers are mostly in a batch already found are that batch again, seen without follow order.
            var windows = new CreationWindowScan(_options, created, scan.Frontier);
            var inBatches = runs.SelectMany(r => r.Members).ToHashSet();
            var found = windows.Run(cancellationToken).Where(w => w.Members.Count(inBatches.Contains) < FollowersShareInBatches * w.Members.Count).ToList();
            findings.AddRange(found.Select(w => ToFinding(slice, w, positions, windows)));
            windowCount = found.Count;
            summary += string.Create(
                CultureInfo.InvariantCulture,
                $" Tested {windows.WindowCount:N0} creation-date windows of {string.Join(", ", CreationWindowScan.WidthsDays)} days over {windows.AgedFollowers:N0} aged followers, whatever their follow order; {windowCount} window(s) hold far more of them than the dates around predict.");
        }

        var warnings = new List<string>();
        if (positions.Count < slice.Count)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{slice.Count - positions.Count:N0} followers have no creation date and were skipped."));
        }

        if (positions.Count < scan.WindowSizes[^1])
        {
            warnings.Add("Fewer followers with creation dates than one scan window; nothing was tested.");
        }

        return new DetectorResult(Name, DetectorOutcome.Ran, findings, summary)
        {
            Metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["windows"] = scan.WindowCount,
                ["window_threshold"] = scan.Threshold,
                ["batches"] = findings.Count - windowCount,
                ["batch_followers"] = findings.Where(f => f.Kind == "creation-batch").Sum(f => f.FollowerIds.Count),
                ["creation_windows"] = windowCount,
            },
            Warnings = warnings,
        };
    }

    private Finding ToFinding(AccountSlice slice, CreationBatchScan.BatchRun run, List<int> positions, CreationBatchScan scan)
    {
        var accounts = slice.Followers;
        var ids = run.Members.Select(j => accounts.AccountId[positions[j]]).ToList();
        var first = positions[run.Members[0]];
        var last = positions[run.Members[^1]];
        var from = FromDays(run.CreatedFrom);
        var to = FromDays(run.CreatedTo);
        var (start, end) = FollowTimes(slice, run.Members, positions);

        var span = last - first + 1;
        var strength = Math.Clamp((double)ids.Count / span, 0.0, 1.0);
        string title, explanation;
        if (run.Windows.Count > 1)
        {
            var windows = string.Join("; ", run.Windows.Select(w => string.Create(CultureInfo.InvariantCulture, $"{FromDays(w.From):yyyy-MM-dd} to {FromDays(w.To):yyyy-MM-dd} ({w.Count:N0})")));
            title = string.Create(CultureInfo.InvariantCulture, $"Band of {ids.Count:N0} followers from {run.Windows.Count} creation batches, {from:yyyy-MM-dd} to {to:yyyy-MM-dd}");
            explanation =
                string.Create(CultureInfo.InvariantCulture, $"{ids.Count:N0} of {span:N0} consecutive followers (positions {first:N0} to {last:N0} in follow order) had accounts created in {run.Windows.Count} narrow windows: {windows}. ") +
                string.Create(CultureInfo.InvariantCulture, $"Among the other followers only {run.BandNullShare:P1} were created in those windows, so a band like this arises by chance with probability about {FormatLog10(run.Log10PValue)} ") +
                string.Create(CultureInfo.InvariantCulture, $"(each batch was found by windows below the threshold {scan.Threshold:E1} after {scan.WindowCount:N0} windows). ") +
                "Accounts registered in several batches and delivered together as one band are the signature of a vendor selling aged stock.";
        }
        else
        {
            title = string.Create(CultureInfo.InvariantCulture, $"Batch of {ids.Count:N0} followers created {from:yyyy-MM-dd} to {to:yyyy-MM-dd}");
            explanation =
                string.Create(CultureInfo.InvariantCulture, $"{ids.Count:N0} of {span:N0} consecutive followers (positions {first:N0} to {last:N0} in follow order) had accounts created between {from:yyyy-MM-dd} and {to:yyyy-MM-dd}. ") +
                string.Create(CultureInfo.InvariantCulture, $"Among {(run.Fresh ? "the neighbouring followers" : "the other followers")} only {run.NullShare:P1} were created within {_options.HalfWidth.TotalDays:0.#} days of that date, ") +
                string.Create(CultureInfo.InvariantCulture, $"so a window like this arises by chance with probability about {run.PValue:E1} (threshold {scan.Threshold:E1} after {scan.WindowCount:N0} windows). ") +
                "Accounts registered together and delivered together are the signature of a follower factory.";
        }

        return new Finding(Name, "creation-batch", title, explanation, strength, ids)
        {
            Start = start,
            End = end,
            FirstPosition = first,
            LastPosition = last,
            MarksFollowersAsFake = true,
            Metrics = new Dictionary<string, double>(WindowMetrics(run), StringComparer.Ordinal)
            {
                ["count"] = ids.Count,
                ["span"] = span,
                ["created_window_days"] = run.CreatedTo - run.CreatedFrom,
                ["null_share"] = run.NullShare,
                ["expected_in_window"] = run.NullShare * run.WindowSize,
                ["window_size"] = run.WindowSize,
                ["p_value"] = run.PValue,
                ["fresh"] = run.Fresh ? 1 : 0,
                ["creation_windows"] = run.Windows.Count,
                ["merged_runs"] = run.Parts,
                ["band_null_share"] = run.BandNullShare,
                ["log10_p_value"] = run.Log10PValue,
            },
        };
    }

    // First and last follow time (end exclusive) of the members, where follow times are known.
    private static (DateTime? Start, DateTime? End) FollowTimes(AccountSlice slice, IReadOnlyList<int> members, List<int> positions)
    {
        DateTime? start = null, end = null;
        if (slice.FollowedAt is { } followedAt)
        {
            foreach (var j in members)
            {
                if (followedAt[positions[j]] is { } t)
                {
                    start = start is null || t < start ? t : start;
                    end = end is null || t >= end ? t.AddTicks(1) : end;
                }
            }
        }

        return (start, end);
    }

    // A creation window's finding: its aged followers created then, the excess over the local rate as its size.
    private Finding ToFinding(AccountSlice slice, CreationWindowScan.WindowRun run, List<int> positions, CreationWindowScan scan)
    {
        var accounts = slice.Followers;
        var ids = run.Members.Select(j => accounts.AccountId[positions[j]]).ToList();
        var from = FromDays(run.From);
        var to = FromDays(run.To);
        var excess = Math.Max(0, ids.Count - run.Expected);
        var (start, end) = FollowTimes(slice, run.Members, positions);

        var title = string.Create(CultureInfo.InvariantCulture, $"{ids.Count:N0} followers created {from:yyyy-MM-dd} to {to:yyyy-MM-dd}, where {run.Expected:0.#} were expected");
        var explanation =
            string.Create(CultureInfo.InvariantCulture, $"{ids.Count:N0} followers that followed long after they were created have accounts created between {from:yyyy-MM-dd} and {to:yyyy-MM-dd}, wherever they are in the follow order; ") +
            string.Create(CultureInfo.InvariantCulture, $"the creation dates of the other followers in the days around predict {run.Expected:0.#}, ") +
            string.Create(CultureInfo.InvariantCulture, $"so a window like this arises by chance with probability about {FormatLog10(run.Log10PValue)} (threshold {scan.Threshold:E1} after {scan.WindowCount:N0} windows). ") +
            "Accounts registered together reach an account together when they were sold to it, even when a vendor drip-feeds them over weeks; camouflage bots registered together follow many accounts.";
        var unixEpoch = ToDays(DateTime.UnixEpoch);
        return new Finding(Name, "creation-window", title, explanation, Math.Clamp(excess / ids.Count, 0.0, 1.0), ids)
        {
            Start = start,
            End = end,
            MarksFollowersAsFake = false,
            Metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["count"] = ids.Count,
                ["expected"] = run.Expected,
                ["excess"] = excess,
                ["created_window_days"] = run.To - run.From,
                ["created_from_unix_days_1"] = run.From - unixEpoch,
                ["created_to_unix_days_1"] = run.To - unixEpoch,
                ["p_value"] = run.PValue,
                ["log10_p_value"] = run.Log10PValue,
                ["fresh"] = 0,
            },
        };
    }

    /// <summary>
    /// The batch's own creation windows as metrics <c>created_from_unix_days_K</c> and <c>created_to_unix_days_K</c>
    /// (K = 1, 2, …; days since 1970-01-01 UTC), so a chart can draw the batch where its accounts were created rather
    /// than over the creation dates of every follower in its follow-order range.
    /// </summary>
    private static Dictionary<string, double> WindowMetrics(CreationBatchScan.BatchRun run)
    {
        IReadOnlyList<(double From, double To)> windows = run.Windows.Count > 0
            ? [.. run.Windows.Select(w => (w.From, w.To))]
            : [(run.CreatedFrom, run.CreatedTo)];
        var unixEpoch = ToDays(DateTime.UnixEpoch);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var k = 0; k < windows.Count; k++)
        {
            var n = (k + 1).ToString(CultureInfo.InvariantCulture);
            metrics["created_from_unix_days_" + n] = windows[k].From - unixEpoch;
            metrics["created_to_unix_days_" + n] = windows[k].To - unixEpoch;
        }

        return metrics;
    }

    // A probability given as log10, e.g. -412.3 -> "5.0E-413" (a band's tail is often below the smallest double).
    private static string FormatLog10(double log10)
    {
        var exponent = (int)Math.Floor(log10);
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Pow(10, log10 - exponent):0.0}E{exponent:+000;-000}");
    }

    private static double ToDays(DateTime t) => (double)t.Ticks / TimeSpan.TicksPerDay;

    private static DateTime FromDays(double days) => new((long)(days * TimeSpan.TicksPerDay), DateTimeKind.Utc);
}

/// <summary>The scan of <see cref="CreationBatchDetector"/> over creation dates in follow order (only followers with a date).</summary>
internal sealed class CreationBatchScan
{
    private readonly CreationBatchOptions _options;
    // Most batches looked for among a band's other followers (a vendor mixing more than a handful is not modelled).
    private const int MaxMissedBatches = 6;

    private readonly double[] _created;
    private readonly double[] _frontier;
    private readonly double[] _followed;
    private readonly double[] _sorted;

    internal CreationBatchScan(CreationBatchOptions options, double[] created, double[] followed)
    {
        _options = options;
        _created = created;
        var n = created.Length;

        // Follow time of each follower: known, else bounded below by the latest creation date seen so far
        // (a follower cannot follow before it exists, and follow order is time order).
        _followed = followed;
        _frontier = new double[n];
        var running = double.MinValue;
        for (var j = 0; j < n; j++)
        {
            running = Math.Max(running, double.IsNaN(followed[j]) ? created[j] : followed[j]);
            _frontier[j] = double.IsNaN(followed[j]) ? running : followed[j];
        }

        _sorted = (double[])created.Clone();
        Array.Sort(_sorted);
        WindowSizes = options.ScanWindowSizes();
        WindowCount = WindowSizes.Sum(w => CountWindows(n, w));

        // Bonferroni over every window of every scale: the per-account false-alarm rate holds for the whole scan.
        Threshold = WindowCount == 0 ? 0 : options.FalseAlarmRate / WindowCount;
    }

    internal IReadOnlyList<int> WindowSizes { get; }

    /// <summary>Follow time of each follower in days: known, else the latest creation date so far in follow order (a lower bound).</summary>
    internal IReadOnlyList<double> Frontier => _frontier;

    internal int WindowCount { get; }

    internal double Threshold { get; }

    internal IReadOnlyList<BatchRun> Run(CancellationToken cancellationToken)
    {
        var flagged = new List<Window>();
        foreach (var w in WindowSizes)
        {
            ScanScale(w, flagged, cancellationToken);
        }

        // Windows of all scales in follow order, so that overlapping windows of one batch merge into one run.
        flagged.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Size.CompareTo(a.Size));
        var runs = Merge(flagged);
        var result = _options.MergeBands ? Bands(runs, cancellationToken) : runs;

        // Largest first, then the most significant, then follow order: the first finding is the strongest evidence.
        result.Sort((a, b) =>
            a.Members.Count != b.Members.Count ? b.Members.Count.CompareTo(a.Members.Count)
            : a.Log10PValue != b.Log10PValue ? a.Log10PValue.CompareTo(b.Log10PValue)
            : a.Members[0].CompareTo(b.Members[0]));
        return result;
    }

    private static int Stride(int w) => Math.Max(1, w / 5);

    private static int CountWindows(int n, int w)
    {
        var stride = Stride(w);
        return n < w ? 0 : ((n - w) / stride) + 1 + ((n - w) % stride == 0 ? 0 : 1);
    }

    // Windows are independent: ranges of them run in parallel, and the flagged ones are appended in window order.
    private void ScanScale(int w, List<Window> flagged, CancellationToken cancellationToken)
    {
        var n = _created.Length;
        var windows = CountWindows(n, w);
        var parts = new List<Window>[RowRanges.Count(windows)];
        RowRanges.For(windows, (from, to) =>
        {
            var part = new List<Window>();
            var buffer = new double[w];
            for (var k = from; k < to; k++)
            {
                if ((k & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (TestWindow(w, k, buffer) is { } window)
                {
                    part.Add(window);
                }
            }

            parts[from / RowRanges.Size] = part;
        });
        foreach (var part in parts)
        {
            flagged.AddRange(part);
        }
    }

    // Window k of size w, flagged or null; buffer holds w values.
    private Window? TestWindow(int w, int k, double[] buffer)
    {
        var n = _created.Length;
        var d = _options.HalfWidth.TotalDays;
        var minCount = (int)Math.Ceiling(_options.MinShare * w);
        var start = Math.Min(k * Stride(w), n - w);
        Array.Copy(_created, start, buffer, 0, w);
        Array.Sort(buffer);
        var median = (w % 2) == 1 ? buffer[w / 2] : 0.5 * (buffer[(w / 2) - 1] + buffer[w / 2]);
        var hits = CountInRange(buffer, median - d, median + d);
        if (hits < minCount)
        {
            return null;
        }

        // Null rate: share of the other followers created in the same date window. Fresh windows (created
        // right before the follow) are compared with their neighbours, who share the organic sign-up diagonal.
        var fresh = median >= _frontier[start] - _options.FreshWindow.TotalDays;
        double nullHits;
        int nullSize;
        if (fresh)
        {
            (nullHits, nullSize) = CountContext(start, w, median - d, median + d);
        }
        else
        {
            nullHits = CountInRange(_sorted, median - d, median + d) - hits;
            nullSize = n - w;
        }

        if (nullSize == 0)
        {
            return null;
        }

        var p = (nullHits + 1.0) / (nullSize + 2.0);
        var tail = BetaBinomialTail(hits, w, nullHits + 1.0, nullSize - nullHits + 1.0);
        return tail <= Threshold ? new Window(start, w, median, p, tail, fresh) : null;
    }

    private List<BatchRun> Merge(List<Window> flagged)
    {
        // Touching or overlapping windows (of any scale) whose medians are close describe the same batch. Several
        // batches can be delivered interleaved (a vendor mixing stock created on different dates), so a window joins
        // any open run with a close median, not only the previous window's run: one finding per batch.
        var d = _options.HalfWidth.TotalDays;
        var groups = new List<(List<Window> Windows, int End)>();
        var open = new List<int>();
        foreach (var window in flagged)
        {
            open.RemoveAll(g => groups[g].End < window.Start);
            var joined = false;
            foreach (var g in open)
            {
                if (Math.Abs(groups[g].Windows[^1].Median - window.Median) <= 2 * d)
                {
                    groups[g].Windows.Add(window);
                    groups[g] = (groups[g].Windows, Math.Max(groups[g].End, window.End));
                    joined = true;
                    break;
                }
            }

            if (!joined)
            {
                groups.Add((new List<Window> { window }, window.End));
                open.Add(groups.Count - 1);
            }
        }

        var runs = new List<BatchRun>(groups.Count);
        var member = new bool[_created.Length];
        foreach (var (group, end) in groups)
        {
            var from = group[0].Start;
            foreach (var window in group)
            {
                for (var j = window.Start; j < window.End; j++)
                {
                    if (Math.Abs(_created[j] - window.Median) <= d)
                    {
                        member[j] = true;
                    }
                }
            }

            var members = new List<int>();
            double lo = double.MaxValue, hi = double.MinValue;
            for (var j = from; j < end; j++)
            {
                if (member[j])
                {
                    members.Add(j);
                    lo = Math.Min(lo, _created[j]);
                    hi = Math.Max(hi, _created[j]);
                    member[j] = false;
                }
            }

            var best = group.MinBy(g => g.PValue);
            runs.Add(new BatchRun(members, lo, hi, best.NullShare, best.PValue, best.Fresh, best.Size)
            {
                MedianFrom = group.Min(g => g.Median),
                MedianTo = group.Max(g => g.Median),
                Windows = [new CreatedWindow(lo, hi, members.Count)],
                Parts = 1,
                BandNullShare = best.NullShare,
                Log10PValue = Log10(best.PValue),
            });
        }

        return runs;
    }

    // One purchase, one finding (issue 11): vendors sell aged stock from several batches, so one delivery is a
    // contiguous band of follows whose accounts come from several narrow creation windows, interleaved or one batch
    // after another. The scan sees each batch only where it fills MinShare of a window, i.e. in fragments. Here each
    // (non-fresh) run grows along follow order while its own creation window still supplies more than BandMinShare of
    // the followers (maximal-segment rule: +1 - t per follower from the window, -t per other, the segment ends where
    // the running sum peaks and is cut once it falls WindowSize x t below the peak, i.e. after about WindowSize followers
    // without one from the window). Grown runs that overlap or nearly touch in follow order, whatever their creation
    // windows, become one band; its members are the followers in its rank range created in one of its runs' windows,
    // so organic followers in between are not marked. Fresh runs (the sign-up diagonal) are judged locally and left
    // as they are. Cost: linear in the grown ranges, plus one sort of the runs.
    private List<BatchRun> Bands(List<BatchRun> runs, CancellationToken cancellationToken)
    {
        var n = _created.Length;
        var d = _options.HalfWidth.TotalDays;
        var t = _options.BandMinShare;
        var drop = t * _options.WindowSize;
        var result = new List<BatchRun>();
        var grown = new List<(BatchRun Run, int From, int To, double Lo, double Hi)>();
        foreach (var run in runs)
        {
            if (run.Fresh)
            {
                result.Add(run);
                continue;
            }

            // The run's creation window: the span of its members' creation dates (see Core), not the ±HalfWidth the
            // scan tested, which holds organic followers too and would mark them all through the band.
            var (lo, hi) = Core(run.Members.Select(j => _created[j]));
            int from = run.Members[0], to = run.Members[^1];

            var grownTo = Grow(to, +1, lo, hi, t, drop);
            var grownFrom = Grow(from, -1, lo, hi, t, drop);

            // Keep the growth only where the window is rare among the followers outside the grown range; otherwise
            // its followers are common anyway and cannot mark a band.
            var inside = 0;
            for (var j = grownFrom; j <= grownTo; j++)
            {
                inside += _created[j] >= lo && _created[j] <= hi ? 1 : 0;
            }

            var background = (CountInRange(_sorted, lo, hi) - inside) / (double)Math.Max(1, n - (grownTo - grownFrom + 1));
            grown.Add(background < t / 2 ? (run, grownFrom, grownTo, lo, hi) : (run, from, to, lo, hi));
        }

        cancellationToken.ThrowIfCancellationRequested();
        grown.Sort((a, b) => a.From != b.From ? a.From.CompareTo(b.From) : a.To.CompareTo(b.To));
        var gap = _options.MinWindowSize;
        var minCount = (int)Math.Ceiling(_options.MinShare * _options.MinWindowSize);
        for (var g = 0; g < grown.Count;)
        {
            var end = grown[g].To;
            var h = g + 1;
            while (h < grown.Count && (grown[h].From <= end || (grown[h].From <= end + gap && !TimeGapBetween(end, grown[h].From))))
            {
                end = Math.Max(end, grown[h].To);
                h++;
            }

            // A band left with fewer followers than the smallest batch the scan can test (its run was flagged mostly
            // by organic followers near the batch's date, not by the batch) is not reported.
            var band = Band(grown.GetRange(g, h - g), grown[g].From, end);
            if (band.Members.Count >= minCount)
            {
                result.Add(band);
            }

            g = h;
        }

        return result;
    }

    // Whether follow times are known at both positions and more than BandMaxGap apart: then they are separate
    // deliveries, however few followers came in between (a small account gains few followers in months).
    private bool TimeGapBetween(int a, int b) => Math.Abs(_followed[b] - _followed[a]) > _options.BandMaxGap.TotalDays;

    // The creation window of a batch from its members' dates: their range, less isolated extremes (more than a tenth
    // of HalfWidth from the next date: an organic follower created near the batch), widened by that tenth. A batch's
    // accounts are created hours apart, so its dates are dense; organic ones near it are sparse.
    private (double Lo, double Hi) Core(IEnumerable<double> dates)
    {
        var pad = _options.HalfWidth.TotalDays / 10;
        var sorted = dates.Order().ToList();
        int a = 0, b = sorted.Count - 1;
        while (b - a >= 2 && sorted[a + 1] - sorted[a] > pad)
        {
            a++;
        }

        while (b - a >= 2 && sorted[b] - sorted[b - 1] > pad)
        {
            b--;
        }

        return (sorted[a] - pad, sorted[b] + pad);
    }

    // Extends a rank range from `edge` in direction `step` (maximal segment with an X-drop cut, see Bands); it also
    // stops at a follow-time gap of more than BandMaxGap after the last follower from the window.
    private int Grow(int edge, int step, double lo, double hi, double t, double drop)
    {
        double sum = 0, peak = 0;
        var peakAt = edge;
        var lastHit = edge;
        for (var j = edge + step; j >= 0 && j < _created.Length; j += step)
        {
            if (TimeGapBetween(lastHit, j))
            {
                break;
            }

            var hit = _created[j] >= lo && _created[j] <= hi;
            lastHit = hit ? j : lastHit;
            sum += hit ? 1 - t : -t;
            if (sum > peak)
            {
                peak = sum;
                peakAt = j;
            }
            else if (sum < peak - drop)
            {
                break;
            }
        }

        return peakAt;
    }

    // One band from grown runs covering [from, to]: members, creation windows and the band's own significance.
    private BatchRun Band(List<(BatchRun Run, int From, int To, double Lo, double Hi)> parts, int from, int to)
    {
        // The runs' creation windows, overlapping ones joined (parts of one batch), oldest first.
        var intervals = parts.Select(p => (p.Lo, p.Hi)).OrderBy(w => w.Lo).ToList();
        var joined = new List<(double Lo, double Hi)>();
        foreach (var w in intervals)
        {
            if (joined.Count > 0 && w.Lo <= joined[^1].Hi)
            {
                joined[^1] = (joined[^1].Lo, Math.Max(joined[^1].Hi, w.Hi));
            }
            else
            {
                joined.Add(w);
            }
        }

        // The scan sees a batch only where it fills MinShare of a window; in a band interleaving three or four
        // batches some may never do so. Look for them among the band's other followers: the densest creation-date
        // interval of 2 x HalfWidth among them joins the band's windows when its count is significant against the
        // other followers at the scan's per-window threshold. Dates near the follow time (the sign-up diagonal) are
        // not looked at, since their rate is not the account-wide one.
        AddMissedBatches(joined, from, to);

        var members = new List<int>();
        var windowCount = new int[joined.Count];
        var windowLo = Enumerable.Repeat(double.MaxValue, joined.Count).ToArray();
        var windowHi = Enumerable.Repeat(double.MinValue, joined.Count).ToArray();
        for (var j = from; j <= to; j++)
        {
            var c = _created[j];
            for (var w = 0; w < joined.Count; w++)
            {
                if (c >= joined[w].Lo && c <= joined[w].Hi)
                {
                    members.Add(j);
                    windowCount[w]++;
                    windowLo[w] = Math.Min(windowLo[w], c);
                    windowHi[w] = Math.Max(windowHi[w], c);
                    break;
                }
            }
        }

        var windows = Enumerable.Range(0, joined.Count).Where(w => windowCount[w] > 0)
            .Select(w => new CreatedWindow(windowLo[w], windowHi[w], windowCount[w])).ToList();

        // Significance of the band as a whole: its members against the share of the other followers created in the
        // same windows (beta-binomial, as for a window; in logs, since a band of thousands underflows a double).
        var span = members[^1] - members[0] + 1;
        var inWindows = joined.Sum(w => CountInRange(_sorted, w.Lo, w.Hi));
        var nullHits = inWindows - members.Count;
        var nullSize = _created.Length - span;
        var log10P = nullSize <= 0 ? 0 : LogBetaBinomialTail(members.Count, span, nullHits + 1.0, nullSize - nullHits + 1.0) / Math.Log(10);
        var best = parts.Select(p => p.Run).MinBy(r => r.PValue)!;
        return new BatchRun(members, windows.Min(w => w.From), windows.Max(w => w.To), best.NullShare, best.PValue, false, best.WindowSize)
        {
            MedianFrom = parts.Min(p => p.Run.MedianFrom),
            MedianTo = parts.Max(p => p.Run.MedianTo),
            Windows = windows,
            Parts = parts.Count,
            BandNullShare = nullSize <= 0 ? 0 : (double)nullHits / nullSize,
            Log10PValue = Math.Min(log10P, Log10(best.PValue)),
        };
    }

    private void AddMissedBatches(List<(double Lo, double Hi)> joined, int from, int to)
    {
        var width = 2 * _options.HalfWidth.TotalDays;
        var minCount = (int)Math.Ceiling(_options.MinShare * _options.MinWindowSize);
        var span = to - from + 1;
        var nullSize = _created.Length - span;
        var freshFrom = _frontier[from] - _options.FreshWindow.TotalDays;
        for (var round = 0; round < MaxMissedBatches && nullSize > 0; round++)
        {
            var others = new List<double>();
            for (var j = from; j <= to; j++)
            {
                var c = _created[j];
                if (c < freshFrom && !joined.Exists(w => c >= w.Lo && c <= w.Hi))
                {
                    others.Add(c);
                }
            }

            others.Sort();
            int bestCount = 0, bestAt = 0;
            for (int a = 0, b = 0; a < others.Count; a++)
            {
                while (b < others.Count && others[b] <= others[a] + width)
                {
                    b++;
                }

                if (b - a > bestCount)
                {
                    bestCount = b - a;
                    bestAt = a;
                }
            }

            if (bestCount < minCount)
            {
                return;
            }

            var lo = others[bestAt];
            var hi = lo + width;
            var nullHits = CountInRange(_sorted, lo, hi) - bestCount;
            if (BetaBinomialTail(bestCount, span, nullHits + 1.0, nullSize - nullHits + 1.0) > Threshold)
            {
                return;
            }

            joined.Add(Core(others.Skip(bestAt).Take(bestCount)));
            joined.Sort((x, y) => x.Lo.CompareTo(y.Lo));
        }
    }

    // Baseline of a fresh window: its neighbours, ContextWindows windows of its own scale to each side. The share of
    // young followers changes within days (it rises towards the crawl, when only new accounts can have just followed),
    // so a short window gets a short, local baseline. The diagonal moves with follow time, so the
    // null rate of a window follower i is the share of neighbours whose age when they followed (follow time minus
    // creation date) would have put them in [lo, hi] had they followed when i did; the window's rate is the mean over
    // its followers. Comparing calendar dates instead would judge a few hours of sign-ups against weeks of them.
    // Cost: one sort of the neighbours' ages, only for windows that pass the MinShare gate.
    private (double Hits, int Size) CountContext(int start, int w, double lo, double hi)
    {
        var reach = _options.ContextWindows * w;
        var from = Math.Max(0, start - reach);
        var to = Math.Min(_created.Length, start + w + reach);
        var size = to - from - w;
        if (size == 0)
        {
            return (0, 0);
        }

        var ages = new double[size];
        var k = 0;
        for (var j = from; j < to; j++)
        {
            if (j < start || j >= start + w)
            {
                ages[k++] = _frontier[j] - _created[j];
            }
        }

        Array.Sort(ages);
        var hits = 0.0;
        for (var i = start; i < start + w; i++)
        {
            hits += CountInRange(ages, _frontier[i] - hi, _frontier[i] - lo);
        }

        return (hits / w, size);
    }

    // P(X >= k) for X ~ BetaBinomial(n, a, b): the window count when the null rate is itself only known from nullSize
    // followers (uniform prior, posterior Beta(a, b)). A plug-in binomial would ignore that uncertainty, which matters
    // for fresh windows judged against a few hundred neighbours: their rate estimate is noisy and the plug-in tail
    // too small. With a large baseline (the other n - w followers) it is the binomial tail.
    private static double BetaBinomialTail(int k, int n, double a, double b)
    {
        var logNorm = SpecialFunctions.BetaLn(a, b);
        var tail = 0.0;
        for (var x = k; x <= n; x++)
        {
            tail += Math.Exp(SpecialFunctions.BinomialLn(n, x) + SpecialFunctions.BetaLn(x + a, n - x + b) - logNorm);
        }

        return Math.Min(1.0, tail);
    }

    // ln P(X >= k) for X ~ BetaBinomial(n, a, b), summed in logs (log-sum-exp) so that tiny tails do not underflow.
    private static double LogBetaBinomialTail(int k, int n, double a, double b)
    {
        if (k <= 0)
        {
            return 0;
        }

        var logNorm = SpecialFunctions.BetaLn(a, b);
        var max = double.NegativeInfinity;
        var terms = new double[n - k + 1];
        for (var x = k; x <= n; x++)
        {
            terms[x - k] = SpecialFunctions.BinomialLn(n, x) + SpecialFunctions.BetaLn(x + a, n - x + b) - logNorm;
            max = Math.Max(max, terms[x - k]);
        }

        var sum = terms.Sum(v => Math.Exp(v - max));
        return Math.Min(0, max + Math.Log(sum));
    }

    // log10 of a probability, floored at the smallest double so that an underflowed tail stays finite.
    private static double Log10(double p) => Math.Log10(Math.Max(p, double.Epsilon));

    // Number of sorted values in [lo, hi].
    private static int CountInRange(double[] sorted, double lo, double hi) => UpperBound(sorted, hi) - LowerBound(sorted, lo);

    internal static int LowerBound(double[] sorted, double value)
    {
        int a = 0, b = sorted.Length;
        while (a < b)
        {
            var m = (a + b) >>> 1;
            if (sorted[m] < value)
            {
                a = m + 1;
            }
            else
            {
                b = m;
            }
        }

        return a;
    }

    internal static int UpperBound(double[] sorted, double value)
    {
        int a = 0, b = sorted.Length;
        while (a < b)
        {
            var m = (a + b) >>> 1;
            if (sorted[m] <= value)
            {
                a = m + 1;
            }
            else
            {
                b = m;
            }
        }

        return a;
    }

    private readonly record struct Window(int Start, int Size, double Median, double NullShare, double PValue, bool Fresh)
    {
        public int End => Start + Size;
    }

    /// <summary>
    /// One finding's worth: member indices (into the scanned arrays, ascending), creation range in days, and the most
    /// significant window's null share, tail, freshness and size; for a band, its creation windows and significance.
    /// </summary>
    internal sealed record BatchRun(IReadOnlyList<int> Members, double CreatedFrom, double CreatedTo, double NullShare, double PValue, bool Fresh, int WindowSize)
    {
        /// <summary>Smallest median creation date (days) of the flagged windows behind it.</summary>
        public double MedianFrom { get; init; }

        /// <summary>Largest median creation date (days) of the flagged windows behind it.</summary>
        public double MedianTo { get; init; }

        /// <summary>The creation windows its members come from, oldest first (one for a single batch).</summary>
        public IReadOnlyList<CreatedWindow> Windows { get; init; } = [];

        /// <summary>Number of runs merged into it (1 when nothing was merged).</summary>
        public int Parts { get; init; } = 1;

        /// <summary>Share of the other followers created in its windows (the band's null rate).</summary>
        public double BandNullShare { get; init; }

        /// <summary>log10 of its significance: the band's tail, or the best window's when that is smaller.</summary>
        public double Log10PValue { get; init; }
    }

    /// <summary>A creation window of a band: creation range of its members in days, and how many there are.</summary>
    internal sealed record CreatedWindow(double From, double To, int Count);
}
