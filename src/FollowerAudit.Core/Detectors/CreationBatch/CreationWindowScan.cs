using MathNet.Numerics;

namespace FollowerAudit.Core.Detectors.CreationBatch;

/// <summary>
/// The follow-order-free half of the <c>creation-batch</c> detector: narrow creation-date windows holding far more of
/// the account's aged followers than the followers' own creation dates around them predict. A vendor that drip-feeds
/// an order over weeks, between organic arrivals, never fills half of a run of consecutive followers, so the follow-order
/// scan misses it; its accounts were still registered in a few narrow windows, which this scan sees wherever they fall
/// in the follow order.
/// </summary>
/// <remarks>
/// <para><b>Test.</b> Only aged followers count: those created at least <see cref="CreationBatchOptions.FreshWindow"/>
/// before they followed (follow time known, else bounded below by the latest creation date so far in follow order).
/// Fresh ones are left out because new accounts follow the accounts suggested at sign-up together, a cohort that is
/// organic. For each width of <see cref="WidthsDays"/>, windows [s, s + w) start every w / 2 days across the aged
/// followers' creation dates, so a batch at most w / 2 wide falls whole into one. The window's count k is compared
/// with the followers created on each side of it over max(<see cref="BackgroundWidths"/> × w,
/// <see cref="MinimumBackgroundDays"/>) days, beyond a guard of w / 2 (so a batch cut by the window does not feed its
/// own baseline), taking the denser side: organic sign-ups change rate in steps (a launch
/// wave, a platform's growth), and a window just inside a step is dense only against the side outside it. With b
/// followers over that side's length L, under a locally flat creation density k given k + b is
/// Binomial(k + b, w / (w + L)), an exact conditional test that carries the uncertainty of the estimated density. A window is significant when its tail is below
/// <see cref="CreationBatchOptions.FalseAlarmRate"/> divided by the number of windows of all widths (Bonferroni, so the
/// rate is per account), and it holds at least <see cref="MinimumMembers"/> followers and <see cref="MinimumRatio"/>
/// times the count its surroundings predict (an effect size, so that a weekly sign-up cycle is not a batch). Significant windows are taken
/// most significant first, dropping those that overlap one already taken.</para>
/// <para><b>What it does not say.</b> Significance says that the account's followers cluster at these creation dates,
/// not that this account bought them: camouflage bots created together follow many popular accounts, and a platform's
/// sign-up surge shows on every big account. Which windows are this account's own order is decided against the whole
/// dataset (<c>BatchConcentration.OfWindow</c>, in the verdict). Members include the organic followers that happen to be
/// created in the window, so findings do not mark their followers as fake; the excess over the local rate is their size.</para>
/// <para><b>Cost.</b> One sort of the aged followers' creation dates, then a few binary searches per window:
/// about 4 × (creation-date range in days) windows in all, whatever the number of followers.</para>
/// </remarks>
internal sealed class CreationWindowScan
{
    /// <summary>
    /// Window widths in days: sign-up batches take hours to days (vendors' batches on the synthetic worlds 1–10 days; a
    /// wider one is still seen by the 8-day windows inside it). Wider windows would take a platform's launch wave of a
    /// few weeks for a batch.
    /// </summary>
    internal static readonly IReadOnlyList<double> WidthsDays = [1, 2, 4, 8];

    /// <summary>Length of the background on each side of a window, in window widths (at least <see cref="MinimumBackgroundDays"/>).</summary>
    internal const double BackgroundWidths = 4;

    /// <summary>Shortest background on each side of a window, in days, so that narrow windows have a few followers to compare with.</summary>
    internal const double MinimumBackgroundDays = 16;

    /// <summary>Fewest followers in a significant window: below it, a window is a coincidence of a handful.</summary>
    internal const int MinimumMembers = 6;

    /// <summary>
    /// Fewest followers in a window as a multiple of the count its surroundings predict. Sign-ups follow a weekly cycle
    /// (weekdays about a third above weekends on the synthetic worlds, and on real platforms), which a locally flat
    /// density does not model: with millions of followers a weekday's third is as significant as a batch (1,477 windows
    /// of 1.2–1.5× at 10M followers, 121 at 3M, 2 at 1M, none a purchase). Vendors' windows hold 15–90× the local rate
    /// (mixed-stock world). A batch smaller than its days' organic sign-ups is not told from the cycle by counts alone.
    /// </summary>
    internal const double MinimumRatio = 2;

    private readonly double _falseAlarmRate;
    private readonly double[] _dates;
    private readonly int[] _index;

    /// <summary>Prepares the scan.</summary>
    /// <param name="options">The detector's options (fresh window, false-alarm rate).</param>
    /// <param name="created">Creation dates in days, in follow order.</param>
    /// <param name="followed">Follow times in days (known, or lower bounds), same order.</param>
    internal CreationWindowScan(CreationBatchOptions options, IReadOnlyList<double> created, IReadOnlyList<double> followed)
    {
        _falseAlarmRate = options.FalseAlarmRate;
        var fresh = options.FreshWindow.TotalDays;
        var aged = Enumerable.Range(0, created.Count).Where(j => followed[j] - created[j] >= fresh).ToArray();
        _dates = aged.Select(j => created[j]).ToArray();
        _index = aged;
        Array.Sort(_dates, _index);
        WindowCount = _dates.Length == 0 ? 0 : WidthsDays.Sum(w => StartCount(w));
        Threshold = WindowCount == 0 ? 0 : _falseAlarmRate / WindowCount;
    }

    /// <summary>Number of windows tested, all widths together.</summary>
    internal int WindowCount { get; }

    /// <summary>Per-window significance threshold (Bonferroni).</summary>
    internal double Threshold { get; }

    /// <summary>Number of aged followers scanned.</summary>
    internal int AgedFollowers => _dates.Length;

    /// <summary>The significant windows, most significant first, none overlapping another.</summary>
    internal IReadOnlyList<WindowRun> Run(CancellationToken cancellationToken)
    {
        var significant = new List<WindowRun>();
        foreach (var w in WidthsDays)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var starts = StartCount(w);
            for (var k = 0; k < starts; k++)
            {
                if (Test(_dates[0] - (w / 2) + (k * w / 2), w) is { } run)
                {
                    significant.Add(run);
                }
            }
        }

        significant.Sort((a, b) => a.Log10PValue != b.Log10PValue ? a.Log10PValue.CompareTo(b.Log10PValue)
            : a.Members.Count != b.Members.Count ? b.Members.Count.CompareTo(a.Members.Count) : a.From.CompareTo(b.From));
        var taken = new List<WindowRun>();
        foreach (var run in significant.Where(run => !taken.Exists(t => run.From <= t.To && t.From <= run.To)))
        {
            taken.Add(run);
        }

        return taken;
    }

    // Windows of width w starting every w / 2 days from half a width before the first aged creation date to the last.
    private int StartCount(double w) => (int)Math.Floor((_dates[^1] - _dates[0] + (w / 2)) / (w / 2)) + 1;

    private WindowRun? Test(double s, double w)
    {
        var lo = LowerBound(s);
        var hi = LowerBound(s + w);
        var k = hi - lo;
        if (k < MinimumMembers)
        {
            return null;
        }

        // Background: on each side, beyond a guard of w / 2 (so that a batch cut by the window does not feed its own
        // baseline), max(BackgroundWidths × w, MinimumBackgroundDays) days, clipped to the range of creation dates seen;
        // the denser side is the baseline. Organic sign-ups change rate in steps (a launch wave, a platform's growth),
        // and a window just inside a step is dense only against the side outside it; a background a few widths long
        // keeps a wave several widths wide from looking like a batch.
        double first = _dates[0], last = _dates[^1];
        var reach = Math.Max(BackgroundWidths * w, MinimumBackgroundDays);
        var leftTo = Math.Max(first, s - (w / 2));
        var leftFrom = Math.Max(first, s - (w / 2) - reach);
        var rightFrom = Math.Min(last, s + w + (w / 2));
        var rightTo = Math.Min(last, s + w + (w / 2) + reach);
        var sides = new (int Count, double Length)[]
        {
            (LowerBound(leftTo) - LowerBound(leftFrom), leftTo - leftFrom),
            (UpperBound(rightTo) - LowerBound(rightFrom), rightTo - rightFrom),
        };

        // A side shorter than half its reach (the window is near the edge of the dates seen) is too short to know the
        // density; with neither side long enough the window is not tested.
        var usable = sides.Where(side => side.Length >= reach / 2).ToList();
        if (usable.Count == 0)
        {
            return null;
        }

        var (b, length) = usable.MaxBy(side => side.Count / side.Length);
        var expected = b * w / length;
        if (k < MinimumRatio * expected)
        {
            return null;
        }

        var p0 = w / (w + length);
        var n = k + b;

        // P(X >= k) for X ~ Binomial(n, p0) is the regularized incomplete beta I_p0(k, n − k + 1).
        var tail = SpecialFunctions.BetaRegularized(k, n - k + 1, p0);
        if (tail > Threshold)
        {
            return null;
        }

        var members = new int[k];
        for (var j = 0; j < k; j++)
        {
            members[j] = _index[lo + j];
        }

        Array.Sort(members);
        return new WindowRun(members, _dates[lo], _dates[hi - 1], expected, tail, Math.Log10(Math.Max(tail, double.Epsilon)));
    }

    private int LowerBound(double value) => CreationBatchScan.LowerBound(_dates, value);

    private int UpperBound(double value) => CreationBatchScan.UpperBound(_dates, value);

    /// <summary>
    /// One significant window: member indices (into the scanned arrays, ascending), the members' creation range in
    /// days, the count the local density predicts, and the tail probability (also as log10).
    /// </summary>
    internal sealed record WindowRun(IReadOnlyList<int> Members, double From, double To, double Expected, double PValue, double Log10PValue);
}
