using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FollowerAudit.IO;

/// <summary>One file of a dataset with its size and SHA-256.</summary>
/// <param name="RelativePath">Path relative to the dataset folder, with '/' separators.</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
public sealed record DatasetFileHash(string RelativePath, long Bytes, string Sha256);

/// <summary>SHA-256 of the files of a dataset: what exactly was audited (run.json), and whether two copies are the same.</summary>
public static class DatasetHashes
{
    /// <summary>
    /// Hashes exactly the files the dataset reader reads (regular files inside the dataset, see
    /// <see cref="DatasetReader.ListFiles"/>), never anything else under the folder: a pipe or a link to a device
    /// elsewhere in it would never end.
    /// </summary>
    /// <param name="folder">The dataset folder.</param>
    /// <returns>One entry per file, by relative path (ordinal); empty when the folder does not exist.</returns>
    public static IReadOnlyList<DatasetFileHash> Compute(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var result = new List<DatasetFileHash>();
        foreach (var file in DatasetReader.ListFiles(folder).OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            result.Add(new DatasetFileHash(file.RelativePath, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream))));
        }

        return result;
    }

    /// <summary>One SHA-256 over every file's path, size and hash: equal for two copies with the same content.</summary>
    /// <param name="files">The files, as <see cref="Compute"/> returns them.</param>
    /// <returns>Lower-case hex.</returns>
    public static string Combined(IReadOnlyList<DatasetFileHash> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var text = new StringBuilder();
        foreach (var f in files)
        {
            text.Append(CultureInfo.InvariantCulture, $"{f.RelativePath}\t{f.Bytes}\t{f.Sha256}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
