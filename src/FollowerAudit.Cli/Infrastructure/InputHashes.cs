using System.Security.Cryptography;
using FollowerAudit.IO;
using FollowerAudit.Reporting;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>SHA-256 of every input file, for run.json: what exactly was audited.</summary>
internal static class InputHashes
{
    /// <summary>
    /// Hashes exactly the files the dataset reader reads (regular files inside the dataset, see
    /// <see cref="DatasetReader.ListFiles"/>), never anything else under the folder: a pipe or a link to a device
    /// elsewhere in it would never end.
    /// </summary>
    public static IReadOnlyList<InputFileInfo> Compute(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var result = new List<InputFileInfo>();
        foreach (var file in DatasetReader.ListFiles(folder).OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            result.Add(new InputFileInfo(file.RelativePath, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream))));
        }

        return result;
    }
}
