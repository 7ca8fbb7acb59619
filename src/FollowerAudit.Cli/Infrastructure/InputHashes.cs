using FollowerAudit.IO;
using FollowerAudit.Reporting;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>SHA-256 of every input file, for run.json: what exactly was audited.</summary>
internal static class InputHashes
{
    /// <summary>The dataset's files with their hashes (<see cref="DatasetHashes.Compute"/>), as run.json records them.</summary>
    public static IReadOnlyList<InputFileInfo> Compute(string folder) =>
        [.. DatasetHashes.Compute(folder).Select(f => new InputFileInfo(f.RelativePath, f.Bytes, f.Sha256))];
}
