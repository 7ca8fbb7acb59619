using System.Diagnostics;

namespace FollowerAudit.Core.Pipeline;

/// <summary>Time and memory of one stage of a run.</summary>
/// <param name="Stage">Stage name, e.g. <c>load</c>, <c>dataset-detectors</c>, <c>audit/scorer/isolation-forest</c>.</param>
/// <param name="Duration">Time spent in it; summed over accounts for per-account stages (which may overlap on several cores).</param>
/// <param name="PeakWorkingSetBytes">The process's peak working set when the stage last ended (it never decreases).</param>
/// <param name="Runs">How many times it ran (once per account for per-account stages).</param>
/// <param name="Cpu">
/// The process's CPU time (all threads) while it ran: about <paramref name="Duration"/> × the cores it kept busy. When
/// accounts are audited in parallel, a per-account stage's figure also counts the other account's work at the time.
/// </param>
public sealed record StageTiming(string Stage, TimeSpan Duration, long PeakWorkingSetBytes = 0, int Runs = 1, TimeSpan Cpu = default);

/// <summary>
/// The stages of a run as they happen: what runs now (for progress on the console) and, per stage, the time spent and
/// the peak memory so far (for <c>run.json</c>). Thread-safe: accounts may be audited in parallel.
/// </summary>
/// <remarks>Durations come from a <see cref="Stopwatch"/>, never the clock, and are kept out of reproducible outputs.</remarks>
public sealed class AuditStages
{
    private readonly Lock _gate = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, (TimeSpan Duration, long Peak, int Runs, TimeSpan Cpu)> _totals = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string _current = "starting";
    private int _accountsDone;
    private int _accountsTotal;

    /// <summary>A sink that records nothing the caller reads: for runs nobody watches.</summary>
    public static AuditStages None => new();

    /// <summary>Called with a description whenever a stage starts (from any thread); may be <see langword="null"/>.</summary>
    public Action<string>? StageStarted { get; set; }

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The stage that started last, in words.</summary>
    public string Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Accounts audited so far and in all.</summary>
    public (int Done, int Total) Accounts
    {
        get
        {
            lock (_gate)
            {
                return (_accountsDone, _accountsTotal);
            }
        }
    }

    /// <summary>Starts timing a stage; dispose the result when it ends.</summary>
    /// <param name="stage">Stable stage name (summed across accounts).</param>
    /// <param name="description">What to show while it runs; the stage name when <see langword="null"/>.</param>
    /// <returns>The running stage.</returns>
    public Running Begin(string stage, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(stage);
        lock (_gate)
        {
            _current = description ?? stage;
        }

        StageStarted?.Invoke(description ?? stage);
        return new Running(this, stage, _clock.Elapsed, ProcessorTime());
    }

    /// <summary>Sets the number of accounts the run audits.</summary>
    /// <param name="total">The number.</param>
    public void StartAccounts(int total)
    {
        lock (_gate)
        {
            _accountsTotal = total;
            _accountsDone = 0;
        }
    }

    /// <summary>Counts one more account audited.</summary>
    public void AccountDone()
    {
        lock (_gate)
        {
            _accountsDone++;
        }
    }

    /// <summary>Every stage so far, in the order each first started.</summary>
    /// <returns>The timings.</returns>
    public IReadOnlyList<StageTiming> Timings()
    {
        lock (_gate)
        {
            return [.. _order.Select(s => new StageTiming(s, _totals[s].Duration, _totals[s].Peak, _totals[s].Runs, _totals[s].Cpu))];
        }
    }

    // Process-wide, so a stage's CPU shows whether it kept both cores busy (the issue asks for that of every long stage).
    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private void End(string stage, TimeSpan started, TimeSpan cpuStarted)
    {
        var duration = _clock.Elapsed - started;
        using var process = Process.GetCurrentProcess();
        var peak = process.PeakWorkingSet64;
        var cpu = process.TotalProcessorTime - cpuStarted;
        lock (_gate)
        {
            if (!_totals.TryGetValue(stage, out var total))
            {
                _order.Add(stage);
                total = (TimeSpan.Zero, 0, 0, TimeSpan.Zero);
            }

            _totals[stage] = (total.Duration + duration, Math.Max(total.Peak, peak), total.Runs + 1, total.Cpu + cpu);
        }
    }

    /// <summary>A stage being timed.</summary>
    public readonly struct Running : IDisposable
    {
        private readonly AuditStages _owner;
        private readonly string _stage;
        private readonly TimeSpan _started;
        private readonly TimeSpan _cpuStarted;

        internal Running(AuditStages owner, string stage, TimeSpan started, TimeSpan cpuStarted)
        {
            _owner = owner;
            _stage = stage;
            _started = started;
            _cpuStarted = cpuStarted;
        }

        /// <summary>Ends the stage.</summary>
        public void Dispose() => _owner?.End(_stage, _started, _cpuStarted);
    }
}
