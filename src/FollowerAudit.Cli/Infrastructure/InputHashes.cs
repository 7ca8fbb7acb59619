using System.Security.Cryptography;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>SHA-256 of every input file, for run.json: what exactly was audited.</summary>
internal static class InputHashes
{
    public static IReadOnlyDictionary<string, string> Compute(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return result;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            result[Path.GetRelativePath(folder, file).Replace('\\', '/')] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        return result;
    }
}
