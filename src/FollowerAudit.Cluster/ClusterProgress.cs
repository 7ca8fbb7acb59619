using System.Globalization;

namespace FollowerAudit.Cluster;

/// <summary>Accounts running, done, failed and re-run elsewhere, per silo. Thread-safe.</summary>
public sealed class ClusterProgress
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Counts> _silos = new(StringComparer.Ordinal);

    /// <summary>Called when an account is done or has failed (from any thread); may be null.</summary>
    public Action? AccountFinished { get; set; }

    /// <summary>Per silo: running, done, failed, lost (accounts re-run elsewhere because the silo left or the request was lost), and whether it left the cluster.</summary>
    /// <returns>A snapshot, by silo address.</returns>
    public IReadOnlyList<(string Silo, int Running, int Done, int Failed, int Lost, bool Left)> Snapshot()
    {
        lock (_gate)
        {
            return [.. _silos.Select(s => (s.Key, s.Value.Running, s.Value.Done, s.Value.Failed, s.Value.Lost, s.Value.Left))];
        }
    }

    /// <summary>One line: <c>silo A: 2 running, 10 done, 0 failed; …</c>.</summary>
    /// <returns>The line.</returns>
    public string Describe() => string.Join("; ", Snapshot().Select(s =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Silo}{(s.Left ? " (left)" : "")}: {s.Running} running, {s.Done} done, {s.Failed} failed{(s.Lost > 0 ? $", {s.Lost} re-run elsewhere" : "")}")));

    internal void Joined(string silo) => Update(silo, c => c with { Left = false });

    internal void Started(string silo) => Update(silo, c => c with { Running = c.Running + 1 });

    internal void Done(string silo)
    {
        Update(silo, c => c with { Running = Math.Max(0, c.Running - 1), Done = c.Done + 1 });
        AccountFinished?.Invoke();
    }

    internal void Failed(string silo)
    {
        Update(silo, c => c with { Running = Math.Max(0, c.Running - 1), Failed = c.Failed + 1 });
        AccountFinished?.Invoke();
    }

    internal void Left(string silo) => Update(silo, c => c with { Left = true });

    internal void Lost(string silo) => Update(silo, c => c with { Running = Math.Max(0, c.Running - 1), Lost = c.Lost + 1 });

    private void Update(string silo, Func<Counts, Counts> change)
    {
        lock (_gate)
        {
            _silos[silo] = change(_silos.TryGetValue(silo, out var c) ? c : new Counts(0, 0, 0, 0, false));
        }
    }

    private sealed record Counts(int Running, int Done, int Failed, int Lost, bool Left);
}
