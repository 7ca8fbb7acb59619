using FollowerAudit.Cli.Infrastructure;
using FollowerAudit.Core.Model;
using FollowerAudit.IO;
using FollowerAudit.Reporting;

namespace FollowerAudit.Cli.Commands;

/// <summary>Writes a whole dataset folder atomically under <see cref="OutputGuard"/>: into a marked sibling temp folder, then swapped into place.</summary>
internal static class DatasetOutput
{
    /// <summary>Checks, before any work, that <paramref name="folder"/> may receive a dataset (see <see cref="OutputGuard.CheckFolder"/>).</summary>
    public static void Check(CliServices services, string folder, bool force, params string[] inputs) =>
        OutputGuard.CheckFolder(services.FullPath(folder), OutputKind.Dataset, force, services.ProtectedPaths(inputs));

    public static Task WriteAsync(CliServices services, AuditDataset dataset, string folder, bool force, string[] inputs, Func<string, Task>? extra, CancellationToken cancellationToken) =>
        WriteAsync(services, folder, force, inputs, async temp =>
        {
            await DatasetWriter.WriteAsync(dataset, temp, cancellationToken).ConfigureAwait(false);
            if (extra is not null)
            {
                await extra(temp).ConfigureAwait(false);
            }
        }, cancellationToken);

    /// <summary>Stages the folder, lets <paramref name="write"/> fill the staged copy (e.g. a dataset streamed from disk), then swaps it into place.</summary>
    public static async Task WriteAsync(CliServices services, string folder, bool force, string[] inputs, Func<string, Task> write, CancellationToken cancellationToken)
    {
        using var staged = OutputGuard.StageFolder(services.FullPath(folder), OutputKind.Dataset, force, services.ProtectedPaths(inputs));
        await write(staged.TempPath).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        staged.Commit();
    }
}
