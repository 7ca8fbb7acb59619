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
[GenerateSerializer, Immutable]
public sealed record AuditCall(
    [property: Id(0)] DatasetRef Dataset,
    [property: Id(1)] PipelineSpec Pipeline,
    [property: Id(2)] long AccountId,
    [property: Id(3)] byte[] DatasetResults);

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
[GenerateSerializer, Immutable]
public sealed record AuditReply(
    [property: Id(0)] string Silo,
    [property: Id(5)] AuditStatus Status,
    [property: Id(1)] byte[]? Audit,
    [property: Id(2)] string? Error,
    [property: Id(3)] double SiloMilliseconds,
    [property: Id(4)] int SiloWorkers);

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
