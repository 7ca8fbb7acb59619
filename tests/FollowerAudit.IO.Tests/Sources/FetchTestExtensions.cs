using FollowerAudit.Core.Model;
using FollowerAudit.IO.Sources;
using FollowerAudit.Testing;

namespace FollowerAudit.IO.Tests.Sources;

internal static class FetchTestExtensions
{
    /// <summary>Fetches into the checkpoint, streams the dataset from it into a new folder, and reads that folder back, as the CLI does.</summary>
    public static async Task<AuditDataset> FetchDatasetAsync(this FollowerSource source, FetchCheckpoint checkpoint, FetchLimits limits, IProgress<FetchProgress>? progress, CancellationToken cancellationToken)
    {
        await source.FetchAsync(checkpoint, limits, progress, cancellationToken);
        var folder = TestTemp.NewFolder("fetched");
        await source.WriteDatasetAsync(checkpoint, limits, folder, progress, cancellationToken);
        return await DatasetReader.ReadAsync(folder, cancellationToken: cancellationToken);
    }
}
