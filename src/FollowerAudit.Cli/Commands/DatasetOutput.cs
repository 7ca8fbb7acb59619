using FollowerAudit.Core.Model;
using FollowerAudit.IO;

namespace FollowerAudit.Cli.Commands;

/// <summary>Writes a whole dataset folder atomically: into a sibling temp folder, then swapped into place.</summary>
internal static class DatasetOutput
{
    public static bool IsOccupied(string folder) => Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any();

    public static async Task WriteAsync(AuditDataset dataset, string folder, Func<string, Task>? extra, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(folder);
        var temp = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        try
        {
            await DatasetWriter.WriteAsync(dataset, temp, cancellationToken).ConfigureAwait(false);
            if (extra is not null)
            {
                await extra(temp).ConfigureAwait(false);
            }

            if (Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true);
            }

            Directory.Move(temp, full);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }
}
