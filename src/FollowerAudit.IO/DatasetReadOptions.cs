namespace FollowerAudit.IO;

/// <summary>Options of <see cref="DatasetReader.ReadAsync"/>. Immutable.</summary>
public sealed record DatasetReadOptions
{
    /// <summary>The defaults: the system clock and an inferred reference time.</summary>
    public static DatasetReadOptions Default { get; } = new();

    /// <summary>
    /// The clock that defines "now" for the future-timestamp check: a timestamp more than
    /// <see cref="DataContract.FutureTolerance"/> after it is rejected. The CLI passes <see cref="TimeProvider.System"/>;
    /// tests pass a fixed clock.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// The dataset's "now" (UTC) handed to <see cref="Core.Model.AuditDataset"/>, e.g. the crawl time;
    /// <see langword="null"/> infers it from the latest timestamp in the data.
    /// </summary>
    public DateTime? ReferenceTime { get; init; }

    /// <summary>
    /// How many row groups are decoded at once, each on its own core and file stream (at least 1);
    /// <see langword="null"/> for one per core (at most 4). The rows, their order and the rejections are the same for
    /// any number: only the time changes.
    /// </summary>
    public int? DecodeWorkers { get; init; }

    /// <summary>Lists what is wrong with these options.</summary>
    /// <returns>One message per problem; empty when the options are usable.</returns>
    public IEnumerable<string> Validate()
    {
        if (Clock is null)
        {
            yield return "Clock must not be null; pass TimeProvider.System.";
        }

        if (ReferenceTime is { Kind: not DateTimeKind.Utc } reference)
        {
            yield return $"ReferenceTime must be UTC (got Kind {reference.Kind}).";
        }

        if (DecodeWorkers is < 1 and var workers)
        {
            yield return $"DecodeWorkers must be at least 1 (got {workers}).";
        }
    }
}
