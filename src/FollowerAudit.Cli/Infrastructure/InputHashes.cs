using System.Security.Cryptography;
using FollowerAudit.Reporting;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>SHA-256 of every input file, for run.json: what exactly was audited.</summary>
internal static class InputHashes
{
    public static IReadOnlyList<InputFileInfo> Compute(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var result = new List<InputFileInfo>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            result.Add(new InputFileInfo(Path.GetRelativePath(folder, file).Replace('\\', '/'), stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream))));
        }

        return result;
    }
}
