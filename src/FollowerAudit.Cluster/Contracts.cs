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

/// <summary>A dataset as the client and the silos both know it: its folder name under the silos' dataset root, and its content hash.</summary>
/// <param name="Name">The dataset folder's name (one path segment), resolved under each silo's <c>--dataset-root</c>.</param>
/// <param name="Sha256">The combined hash of its files (<see cref="IO.DatasetHashes.Combined"/>).</param>
[GenerateSerializer, Immutable]
public sealed record DatasetRef([property: Id(0)] string Name, [property: Id(1)] string Sha256);

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

/// <summary>The answer of a silo: the audit, or why it failed.</summary>
/// <param name="Silo">The silo that ran it (its address).</param>
/// <param name="Audit">The audit (<see cref="AuditJson"/>), or null when it failed.</param>
/// <param name="Error">Why the audit failed, or null.</param>
/// <param name="SiloMilliseconds">Time spent on the silo: slice, audit and serialisation.</param>
/// <param name="SiloWorkers">How many audits the silo runs at once (its cores).</param>
[GenerateSerializer, Immutable]
public sealed record AuditReply(
    [property: Id(0)] string Silo,
    [property: Id(1)] byte[]? Audit,
    [property: Id(2)] string? Error,
    [property: Id(3)] double SiloMilliseconds,
    [property: Id(4)] int SiloWorkers);

/// <summary>A silo that has the dataset loaded.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="Workers">How many audits it runs at once (its cores).</param>
[GenerateSerializer, Immutable]
public sealed record SiloReady([property: Id(0)] string Silo, [property: Id(1)] int Workers);

/// <summary>
/// Audits one account on the silo it is placed on. One activation per (run, account, attempt): the client places it on
/// a chosen silo with a placement hint, and a retry after a silo's death is a new activation elsewhere.
/// </summary>
public interface IAccountAuditGrain : IGrainWithStringKey
{
    /// <summary>Loads the dataset on this silo if it is not loaded yet (so silos load while the client runs the dataset-wide detectors).</summary>
    /// <param name="dataset">The dataset.</param>
    /// <returns>The silo's address and how many audits it runs at once.</returns>
    Task<SiloReady> PrepareAsync(DatasetRef dataset);

    /// <summary>Audits the account; an exception of the audit itself is returned as <see cref="AuditReply.Error"/>.</summary>
    /// <param name="request">What to audit.</param>
    /// <returns>The reply.</returns>
    Task<AuditReply> AuditAsync(AuditCall request);
}

/// <summary>Builds the audit pipeline a <see cref="PipelineSpec"/> describes (the composition root, given by the host).</summary>
public interface IPipelineFactory
{
    /// <summary>Builds the pipeline.</summary>
    /// <param name="spec">The options.</param>
    /// <returns>The pipeline.</returns>
    AuditPipeline Create(PipelineSpec spec);
}
