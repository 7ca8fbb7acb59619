using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Cluster;

/// <summary>
/// What a silo needs to build the same pipeline as the client: the options of <c>followeraudit audit</c> that change
/// an account's audit. Labels are not among them: labelled audits run locally.
/// </summary>
/// <param name="Model">The <c>--model</c> (a built-in name, or a file path every silo can read); null for the default.</param>
/// <param name="ModelSha256">SHA-256 of the model file when <see cref="Model"/> is a file, so a silo with another copy refuses it.</param>
/// <param name="Detectors">The <c>--detectors</c> list, or null for all.</param>
/// <param name="Seed">The <c>--seed</c>.</param>
/// <param name="Sample">The <c>--sample</c> size, or null.</param>
[GenerateSerializer, Immutable]
public sealed record PipelineSpec(
    [property: Id(0)] string? Model,
    [property: Id(1)] string? ModelSha256,
    [property: Id(2)] string? Detectors,
    [property: Id(3)] int Seed,
    [property: Id(4)] int? Sample);

/// <summary>A dataset as the client and the silos both know it: its folder name under the silos' dataset root, its content hash and its reference time.</summary>
/// <param name="Name">The dataset folder's name (one path segment), resolved under each silo's <c>--dataset-root</c>.</param>
/// <param name="Sha256">The combined hash of its files (<see cref="IO.DatasetHashes.Combined"/>).</param>
/// <param name="ReferenceTime">
/// The dataset's "now" from the client's full read, so a silo's slices audit exactly as the client's would without the
/// silo reading the whole dataset; null until the client has read it (a warm-up only checks the hash).
/// </param>
[GenerateSerializer, Immutable]
public sealed record DatasetRef([property: Id(0)] string Name, [property: Id(1)] string Sha256, [property: Id(2)] DateTime? ReferenceTime = null);

/// <summary>One account's audit, as the client asks for it.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Pipeline">The pipeline's options.</param>
/// <param name="AccountId">The audited account's id.</param>
/// <param name="DatasetResults">The dataset-wide detectors' results that concern this account only (<see cref="AuditJson"/>).</param>
/// <param name="Report">Where the silo writes the account's report folder; null to return the whole audit instead.</param>
[GenerateSerializer, Immutable]
public sealed record AuditCall(
    [property: Id(0)] DatasetRef Dataset,
    [property: Id(1)] PipelineSpec Pipeline,
    [property: Id(2)] long AccountId,
    [property: Id(3)] byte[] DatasetResults,
    [property: Id(4)] ReportTarget? Report = null);

/// <summary>
/// Where a silo writes an account's report folder: into the client's staged report folder, seen by the silo at the same
/// absolute path (a shared folder). The silo writes <c>FOLDER/STAGING.part</c>, then renames it to <c>FOLDER/STAGING</c>;
/// the client renames the first finished attempt to the account's folder name and removes any other.
/// </summary>
/// <param name="Folder">The client's staged report folder (<see cref="Reporting.StagedOutput.TempPath"/>), absolute.</param>
/// <param name="Token">A random token the client wrote to <see cref="ReportTarget.TokenFileName"/> in <paramref name="Folder"/>: a silo that reads it there sees the client's folder, not another machine's folder of the same path.</param>
/// <param name="Staging">This attempt's folder name, e.g. <c>account-123.attempt-1</c> (plain segment; the client names it from the account id only).</param>
/// <param name="Page">The report options and rejection counts every account page shows (<see cref="AuditJson"/>).</param>
[GenerateSerializer, Immutable]
public sealed record ReportTarget(
    [property: Id(0)] string Folder,
    [property: Id(1)] string Token,
    [property: Id(2)] string Staging,
    [property: Id(3)] byte[] Page)
{
    /// <summary>The file in the staged report folder that holds <see cref="Token"/> while the silos write (removed before the report is moved into place).</summary>
    public const string TokenFileName = ".followeraudit-cluster-run";
}

/// <summary>What each account page of a run shows besides the account's own audit.</summary>
/// <param name="Run">The run facts (tool version, seed, start, inputs).</param>
/// <param name="Title">The report title, or null.</param>
/// <param name="Rejections">The run's rejected rows, counted.</param>
public sealed record AccountPage(Reporting.RunInfo Run, string? Title, Reporting.RejectionSummary Rejections);

/// <summary>Where an account's audit stands on the activation that was asked.</summary>
[GenerateSerializer]
public enum AuditStatus
{
    /// <summary>Done: the reply carries the audit.</summary>
    Done,

    /// <summary>The audit threw: the reply carries the error; the account is failed (exit 4), as locally.</summary>
    Failed,

    /// <summary>Still running; ask again.</summary>
    Running,

    /// <summary>This activation never received the audit (its request was lost, or the silo that ran it is gone): run it again.</summary>
    Unknown,
}

/// <summary>The answer of a silo: the audit, why it failed, or that it is still running.</summary>
/// <param name="Silo">The silo that answered (its address).</param>
/// <param name="Status">Where the audit stands.</param>
/// <param name="Audit">The audit (<see cref="AuditJson"/>) when <see cref="AuditStatus.Done"/>.</param>
/// <param name="Error">Why the audit failed, when <see cref="AuditStatus.Failed"/>.</param>
/// <param name="SiloMilliseconds">Time spent on the silo: waiting for a worker, slice, audit and serialisation.</param>
/// <param name="SiloWorkers">How many audits the silo runs at once (its cores).</param>
/// <param name="ReportWritten">
/// Whether the silo wrote the account's report folder (<see cref="AuditCall.Report"/>); <see cref="Audit"/> then holds the
/// account's <see cref="Reporting.AccountSummary"/>, not its audit.
/// </param>
[GenerateSerializer, Immutable]
public sealed record AuditReply(
    [property: Id(0)] string Silo,
    [property: Id(5)] AuditStatus Status,
    [property: Id(1)] byte[]? Audit,
    [property: Id(2)] string? Error,
    [property: Id(3)] double SiloMilliseconds,
    [property: Id(4)] int SiloWorkers,
    [property: Id(6)] bool ReportWritten = false);

/// <summary>A silo's answer to <see cref="IAccountAuditGrain.PrepareAsync"/>.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="Workers">How many audits it runs at once (its cores).</param>
/// <param name="Ready">Whether the dataset is ready; when false it is still loading: ask again.</param>
[GenerateSerializer, Immutable]
public sealed record SiloReady([property: Id(0)] string Silo, [property: Id(1)] int Workers, [property: Id(2)] bool Ready);

/// <summary>
/// Audits one account on the silo it is placed on. One activation per (run, account, attempt): the client places it on
/// a chosen silo with a placement hint, and a retry after a silo's death is a new activation elsewhere.
/// </summary>
/// <remarks>
/// Every call returns within about <c>wait</c>, whatever the audit's length: the client asks again until the audit is
/// done. A reply lost on the way (a gateway that died between the silo and the client) then costs one response
/// timeout and a repeated question, never a hang, and the client's response timeout can be short.
/// </remarks>
public interface IAccountAuditGrain : IGrainWithStringKey
{
    /// <summary>Starts loading the dataset on this silo if it is not loaded yet, and waits for it at most <paramref name="wait"/>.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="wait">How long to wait for the load before answering "not ready yet".</param>
    /// <returns>The silo's address, how many audits it runs at once, and whether the dataset is ready.</returns>
    Task<SiloReady> PrepareAsync(DatasetRef dataset, TimeSpan wait);

    /// <summary>
    /// Starts cutting these accounts' slices on this silo ahead of their audits (<see cref="ISliceSource.Prefetch"/>),
    /// with the pipeline's sample size and seed, while the client still runs the dataset-wide detectors; also builds
    /// the pipeline. Answers at once.
    /// </summary>
    /// <param name="dataset">The dataset, with its reference time.</param>
    /// <param name="pipeline">The pipeline's options (its sample size and seed cut the slices).</param>
    /// <param name="accountIds">The accounts this silo will be given first.</param>
    /// <returns>A task.</returns>
    Task PrefetchAsync(DatasetRef dataset, PipelineSpec pipeline, long[] accountIds);

    /// <summary>Starts the account's audit on this activation (once; a repeated call does not start it again) and waits for it at most <paramref name="wait"/>.</summary>
    /// <param name="request">What to audit.</param>
    /// <param name="wait">How long to wait before answering <see cref="AuditStatus.Running"/>.</param>
    /// <returns>The reply; an exception of the audit itself is <see cref="AuditStatus.Failed"/>.</returns>
    Task<AuditReply> AuditAsync(AuditCall request, TimeSpan wait);

    /// <summary>Waits at most <paramref name="wait"/> for the audit started by <see cref="AuditAsync"/>.</summary>
    /// <param name="wait">How long to wait before answering <see cref="AuditStatus.Running"/>.</param>
    /// <returns>The reply; <see cref="AuditStatus.Unknown"/> when no audit was started on this activation.</returns>
    Task<AuditReply> ResultAsync(TimeSpan wait);
}

/// <summary>Builds the audit pipeline a <see cref="PipelineSpec"/> describes (the composition root, given by the host).</summary>
public interface IPipelineFactory
{
    /// <summary>Builds the pipeline.</summary>
    /// <param name="spec">The options.</param>
    /// <returns>The pipeline.</returns>
    AuditPipeline Create(PipelineSpec spec);
}
