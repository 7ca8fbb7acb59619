using System.Diagnostics;
using System.Globalization;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Reporting;
using Orleans.Runtime.Placement;

namespace FollowerAudit.Cluster;

/// <summary>One account to audit on the cluster.</summary>
/// <param name="Index">Its place in the output.</param>
/// <param name="AccountId">The account's id.</param>
/// <param name="DatasetResults">The dataset-wide detectors' results that concern it (<see cref="AuditJson"/>).</param>
/// <param name="Report">Where a silo that sees it writes the account's report folder (<see cref="ReportTarget.Staging"/> is the account's folder name; each attempt adds its own suffix); null to have the audit returned.</param>
public sealed record AccountWork(int Index, long AccountId, byte[] DatasetResults, ReportTarget? Report = null);

/// <summary>An account whose audit failed on the cluster.</summary>
/// <param name="Index">Its place in the output.</param>
/// <param name="AccountId">The account's id.</param>
/// <param name="Silo">Where it last ran.</param>
/// <param name="Error">Why it failed.</param>
public sealed record AccountFailure(int Index, long AccountId, string Silo, string Error);

/// <summary>What the cluster returned.</summary>
/// <param name="Audits">One audit per account, in output order; null where it failed or a silo wrote its report folder.</param>
/// <param name="Written">Per account, in output order: the folder a silo wrote in the staged report folder and the account's summary; null where the audit was returned or failed.</param>
/// <param name="Failures">The accounts that failed.</param>
/// <param name="CoordinationMilliseconds">Per audited account: the client's round trip minus the time on the silo (messaging, placement, transfer).</param>
/// <param name="DeserializeMilliseconds">Per audited account: the client's time to read the returned audit.</param>
/// <param name="SiloMilliseconds">Per audited account: the time on the silo (waiting for a worker, reading the slice, auditing, serialising).</param>
public sealed record ClusterAuditResult(IReadOnlyList<AccountAudit?> Audits, IReadOnlyList<(string Folder, AccountSummary Summary)?> Written, IReadOnlyList<AccountFailure> Failures, IReadOnlyList<double> CoordinationMilliseconds, IReadOnlyList<double> DeserializeMilliseconds, IReadOnlyList<double> SiloMilliseconds);

/// <summary>
/// The client's side of a cluster audit: hands each account to a silo that has capacity (a placement hint names the
/// silo), keeps every silo busy with as many audits as it has workers, and re-runs the accounts of a silo that leaves
/// the cluster (killed, crashed, partitioned) on the others. Each account's result is kept once, in its place.
/// </summary>
/// <remarks>
/// No call waits longer than the client's response timeout: an audit is started, then asked for every
/// <see cref="PollWait"/> until it is done (<see cref="IAccountAuditGrain"/>). A question or answer lost with a dying
/// gateway is asked again; an activation that never got its audit says so and the account is re-run.
/// </remarks>
/// <param name="client">The Orleans client.</param>
public sealed class ClusterAuditor(IClusterClient client)
{
    /// <summary>Accounts whose slices a silo reads ahead (<see cref="PrefetchAsync"/>): their first attempt goes to that silo.</summary>
    private readonly Dictionary<long, SiloAddress> _preferred = [];

    /// <summary>Most times an account is tried on silos that then vanished before it counts as failed.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>How often the client reads the cluster's membership.</summary>
    public TimeSpan MembershipInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for a first usable silo (in the cluster, with the dataset loaded) before giving up.</summary>
    public TimeSpan NoSiloTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a silo holds each question about a running audit or a loading dataset before answering "not yet".</summary>
    public TimeSpan PollWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Questions about one audit that may fail in a row (timeouts, a dead gateway) before the account is re-run elsewhere.</summary>
    public int MaxPollFailures { get; init; } = 6;

    /// <summary>Asks every active silo to start loading the dataset now (while the client runs the dataset-wide detectors).</summary>
    /// <param name="dataset">The dataset.</param>
    /// <returns>A task that completes when the active silos were asked; failures are seen again when auditing.</returns>
    public async Task WarmUpAsync(DatasetRef dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        try
        {
            var silos = await ActiveSilosAsync().ConfigureAwait(false);
            var run = Guid.NewGuid().ToString("N");
            await Task.WhenAll(silos.Select(s => PrepareOnAsync(run, s, dataset, TimeSpan.Zero))).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Warming up is best effort: an error shows again, with its silo, when auditing.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// Asks the active silos to cut the largest accounts' slices now, one account per silo (the largest on the first
    /// silo by address, the next on the second, …), while the client still runs the dataset-wide detectors; the first
    /// attempt of each of these accounts then goes to the silo that read it (<see cref="RunAsync"/>).
    /// </summary>
    /// <param name="dataset">The dataset, with its reference time.</param>
    /// <param name="pipeline">The pipeline's options.</param>
    /// <param name="largestFirst">The accounts to audit, in the order they will be handed out.</param>
    /// <returns>A task that completes when the silos were asked; failures are seen again when auditing.</returns>
    public async Task PrefetchAsync(DatasetRef dataset, PipelineSpec pipeline, IReadOnlyList<long> largestFirst)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(largestFirst);
        try
        {
            var silos = (await ActiveSilosAsync().ConfigureAwait(false)).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToList();
            var run = Guid.NewGuid().ToString("N");
            var ahead = largestFirst.Take(silos.Count).Select((id, i) => (Id: id, Silo: silos[i])).ToList();
            foreach (var (id, silo) in ahead)
            {
                _preferred[id] = silo;
            }

            await Task.WhenAll(ahead.Select(a => OnSilo(a.Silo, () => client.GetGrain<IAccountAuditGrain>($"{run}/prefetch/{a.Silo}").PrefetchAsync(dataset, pipeline, [a.Id]))))
                .WaitAsync(PollWait).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Reading ahead is best effort: an error shows again, with its silo, when auditing.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Audits the accounts on the cluster.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="pipeline">The pipeline's options.</param>
    /// <param name="work">The accounts, in the order to start them (largest first keeps the cores busy at the end).</param>
    /// <param name="progress">Receives progress per silo.</param>
    /// <param name="cancellationToken">Cancels the run (calls in flight are abandoned).</param>
    /// <returns>The audits and failures.</returns>
    /// <exception cref="ClusterUnavailableException">No silo was usable for <see cref="NoSiloTimeout"/>.</exception>
    public async Task<ClusterAuditResult> RunAsync(DatasetRef dataset, PipelineSpec pipeline, IReadOnlyList<AccountWork> work, ClusterProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(progress);
        var run = Guid.NewGuid().ToString("N");
        var audits = new AccountAudit?[work.Count == 0 ? 0 : work.Max(w => w.Index) + 1];
        var written = new (string Folder, AccountSummary Summary)?[audits.Length];
        var failures = new List<AccountFailure>();
        var coordination = new List<double>();
        var deserialize = new List<double>();
        var onSilo = new List<double>();
        var pending = new LinkedList<(AccountWork Work, int Attempt)>(work.Select(w => (w, 1)));
        var inFlight = new Dictionary<Task<CallOutcome>, InFlightCall>();
        var preparing = new Dictionary<Task<SiloReady>, SiloAddress>();
        var capacity = new Dictionary<SiloAddress, int>();
        var refused = new Dictionary<SiloAddress, string>();
        var active = new HashSet<SiloAddress>();
        TimeSpan? lastMembership = null;
        var clock = Stopwatch.StartNew();
        var noSiloSince = TimeSpan.Zero;
        var remaining = work.Count;

        try
        {
            while (remaining > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (lastMembership is null || clock.Elapsed - lastMembership >= MembershipInterval)
                {
                    lastMembership = clock.Elapsed;
                    var now = await TryActiveSilosAsync().ConfigureAwait(false);
                    if (now is not null)
                    {
                        foreach (var gone in active.Where(s => !now.Contains(s)).ToList())
                        {
                            // A silo that left: its calls will never answer; run their accounts elsewhere.
                            active.Remove(gone);
                            capacity.Remove(gone);
                            progress.Left(gone.ToString());
                            foreach (var (task, call) in inFlight.Where(p => p.Value.Silo == gone).ToList())
                            {
                                Abandon(task, call);
                                progress.Lost(gone.ToString());
                                Retry(call.Work, call.Attempt, gone, "the silo left the cluster");
                            }
                        }

                        foreach (var added in now.Where(s => !active.Contains(s) && !refused.ContainsKey(s)))
                        {
                            active.Add(added);
                            progress.Joined(added.ToString());
                            preparing.Add(PrepareOnAsync(run, added, dataset, PollWait), added);
                        }
                    }
                }

                // Hand out accounts to silos with free workers, the least busy first; an account read ahead on a silo
                // waits for that one (while it is in the cluster and not yet full).
                while (pending.Count > 0)
                {
                    var free = capacity.Where(c => active.Contains(c.Key))
                        .Select(c => (Silo: c.Key, Free: c.Value - inFlight.Values.Count(v => v.Silo == c.Key), c.Value))
                        .Where(c => c.Free > 0)
                        .OrderByDescending(c => c.Free / (double)c.Value).ThenBy(c => c.Silo.ToString(), StringComparer.Ordinal)
                        .Select(c => c.Silo).ToList();
                    var (silo, node) = free.Select(s => (Silo: s, Node: FirstFor(s))).FirstOrDefault(c => c.Node is not null);
                    if (node is null)
                    {
                        break;
                    }

                    var next = node.Value;
                    pending.Remove(node);
                    progress.Started(silo.ToString());
                    var stop = new CancellationTokenSource();
                    inFlight.Add(CallAsync(run, silo, dataset, pipeline, next.Work, next.Attempt, stop.Token), new InFlightCall(next.Work, next.Attempt, silo, stop));
                }

                if (!capacity.Keys.Any(active.Contains))
                {
                    if (clock.Elapsed - noSiloSince > NoSiloTimeout)
                    {
                        var why = refused.Count == 0 ? "" : " Silos that refused the dataset: " + string.Join("; ", refused.Select(r => $"{r.Key}: {r.Value}"));
                        throw new ClusterUnavailableException($"no silo with the dataset loaded has been in the cluster for {NoSiloTimeout.TotalSeconds:0} s; {remaining} account(s) were not audited. Start 'followeraudit silo' processes that have the dataset under their --dataset-root, then run again.{why}");
                    }
                }
                else
                {
                    noSiloSince = clock.Elapsed;
                }

                var waitFor = inFlight.Keys.Cast<Task>().Concat(preparing.Keys).Append(Task.Delay(MembershipInterval, cancellationToken)).ToArray();
                await Task.WhenAny(waitFor).ConfigureAwait(false);

                foreach (var (task, silo) in preparing.Where(p => p.Key.IsCompleted).ToList())
                {
                    preparing.Remove(task);
                    if (!active.Contains(silo))
                    {
                        continue;
                    }

                    if (task.IsCompletedSuccessfully && task.Result.Ready)
                    {
                        capacity[silo] = Math.Max(1, task.Result.Workers);
                    }
                    else if (task.IsCompletedSuccessfully || IsTransient(task.Exception?.GetBaseException()))
                    {
                        // Still loading, or the question was lost: ask again.
                        preparing.Add(PrepareOnAsync(run, silo, dataset, PollWait), silo);
                    }
                    else
                    {
                        // The dataset failed to load there (missing, another copy): no work for that silo in this run.
                        var error = task.Exception?.GetBaseException();
                        active.Remove(silo);
                        refused[silo] = error?.Message ?? "unknown error";
                    }
                }

                foreach (var (task, call) in inFlight.Where(p => p.Key.IsCompleted).ToList())
                {
                    inFlight.Remove(task);
                    call.Stop.Dispose();
                    var silo = call.Silo.ToString();
                    if (task.IsCompletedSuccessfully && (task.Result.Audit is not null || task.Result.Written is not null))
                    {
                        if (audits[call.Work.Index] is null && written[call.Work.Index] is null)
                        {
                            audits[call.Work.Index] = task.Result.Audit;
                            written[call.Work.Index] = task.Result.Written;
                        }

                        coordination.Add(task.Result.CoordinationMilliseconds);
                        deserialize.Add(task.Result.DeserializeMilliseconds);
                        onSilo.Add(task.Result.SiloMilliseconds);
                        progress.Done(task.Result.Silo);
                        remaining--;
                    }
                    else if (task.IsCompletedSuccessfully && task.Result.Error is { } failed)
                    {
                        failures.Add(new AccountFailure(call.Work.Index, call.Work.AccountId, task.Result.Silo, failed));
                        progress.Failed(task.Result.Silo);
                        remaining--;
                    }
                    else if (task.IsCompletedSuccessfully)
                    {
                        // The activation never got the audit (its request was lost): run it again.
                        progress.Lost(silo);
                        Retry(call.Work, call.Attempt, call.Silo, "the audit's request was lost");
                    }
                    else
                    {
                        var error = task.Exception?.GetBaseException() ?? new OperationCanceledException();
                        if (IsTransient(error))
                        {
                            progress.Lost(silo);
                            Retry(call.Work, call.Attempt, call.Silo, error.Message);
                        }
                        else
                        {
                            failures.Add(new AccountFailure(call.Work.Index, call.Work.AccountId, silo, $"{error.GetType().Name}: {error.Message}"));
                            progress.Failed(silo);
                            remaining--;
                        }
                    }
                }
            }
        }
        finally
        {
            foreach (var (task, call) in inFlight.ToList())
            {
                Abandon(task, call);
            }
        }

        return new ClusterAuditResult(audits, written, [.. failures.OrderBy(f => f.Index)], coordination, deserialize, onSilo);

        LinkedListNode<(AccountWork Work, int Attempt)>? FirstFor(SiloAddress silo)
        {
            for (var node = pending.First; node is not null; node = node.Next)
            {
                if (node.Value.Attempt > 1 || !_preferred.TryGetValue(node.Value.Work.AccountId, out var ahead) || ahead.Equals(silo) || !active.Contains(ahead)
                    || (capacity.TryGetValue(ahead, out var workers) && inFlight.Values.Count(v => v.Silo.Equals(ahead)) >= workers))
                {
                    return node;
                }
            }

            return null;
        }

        void Abandon(Task<CallOutcome> task, InFlightCall call)
        {
            inFlight.Remove(task);
            call.Stop.Cancel();
            call.Stop.Dispose();
            _ = task.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }

        void Retry(AccountWork account, int attempt, SiloAddress silo, string why)
        {
            if (attempt >= MaxAttempts)
            {
                failures.Add(new AccountFailure(account.Index, account.AccountId, silo.ToString(), $"tried on {attempt} silos that left the cluster or lost it; last: {why}"));
                progress.Failed(silo.ToString());
                remaining--;
            }
            else
            {
                // First in line: a re-run should not wait behind the small accounts.
                pending.AddFirst((account, attempt + 1));
            }
        }
    }

    private static bool IsTransient(Exception? error) =>
        error is OrleansException or TimeoutException or System.Net.Sockets.SocketException or IOException or OperationCanceledException;

    private async Task<HashSet<SiloAddress>> ActiveSilosAsync()
    {
        // Bounded: the management grain may live on the silo that just died, and calls to it wait for a new activation.
        var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        return [.. hosts.Keys];
    }

    private async Task<HashSet<SiloAddress>?> TryActiveSilosAsync()
    {
        try
        {
            return await ActiveSilosAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            // The silo that answered membership questions may be the one that just died: keep the last view.
            return null;
        }
    }

    private Task<SiloReady> PrepareOnAsync(string run, SiloAddress silo, DatasetRef dataset, TimeSpan wait) =>
        OnSilo(silo, () => client.GetGrain<IAccountAuditGrain>($"{run}/prepare/{silo}").PrepareAsync(dataset, wait));

    private static TTask OnSilo<TTask>(SiloAddress silo, Func<TTask> call)
        where TTask : Task
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return call();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    private async Task<CallOutcome> CallAsync(string run, SiloAddress silo, DatasetRef dataset, PipelineSpec pipeline, AccountWork work, int attempt, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var grain = client.GetGrain<IAccountAuditGrain>($"{run}/{work.AccountId}/{attempt}");
        // Each attempt writes its own folder: one lost with its silo, or finished after it was given up, is removed at the end.
        var report = work.Report is { } target ? target with { Staging = string.Create(CultureInfo.InvariantCulture, $"{target.Staging}.attempt-{attempt}") } : null;
        var request = new AuditCall(dataset, pipeline, work.AccountId, work.DatasetResults, report);
        var asked = false;
        var failed = 0;
        AuditReply reply;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                reply = await OnSilo(silo, () => asked ? grain.ResultAsync(PollWait) : grain.AuditAsync(request, PollWait)).WaitAsync(cancellationToken).ConfigureAwait(false);
                asked = true;
                failed = 0;
                if (reply.Status != AuditStatus.Running)
                {
                    break;
                }
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested && ++failed < MaxPollFailures)
            {
                // The question or its answer was lost (a gateway died, the silo is busy): ask where the audit stands.
                // An activation that never got the audit answers Unknown, and the account is re-run.
                asked = true;
                await Task.Delay(MembershipInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        var roundTrip = clock.Elapsed.TotalMilliseconds;
        if (reply.Status != AuditStatus.Done || reply.Audit is null)
        {
            return new CallOutcome(reply.Silo, null, null, reply.Status == AuditStatus.Failed ? reply.Error ?? "unknown error" : null, 0, 0, 0);
        }

        var read = Stopwatch.StartNew();
        if (reply.ReportWritten && report is not null)
        {
            var summary = AuditJson.DeserializeSummary(reply.Audit);
            return new CallOutcome(reply.Silo, null, (report.Staging, summary), null, roundTrip - reply.SiloMilliseconds, read.Elapsed.TotalMilliseconds, reply.SiloMilliseconds);
        }

        var audit = await Task.Run(() => AuditJson.DeserializeAudit(reply.Audit), cancellationToken).ConfigureAwait(false);
        return new CallOutcome(reply.Silo, audit, null, null, roundTrip - reply.SiloMilliseconds, read.Elapsed.TotalMilliseconds, reply.SiloMilliseconds);
    }

    private sealed record CallOutcome(string Silo, AccountAudit? Audit, (string Folder, AccountSummary Summary)? Written, string? Error, double CoordinationMilliseconds, double DeserializeMilliseconds, double SiloMilliseconds);

    private sealed record InFlightCall(AccountWork Work, int Attempt, SiloAddress Silo, CancellationTokenSource Stop);
}
