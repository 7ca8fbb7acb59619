using System.Collections.Concurrent;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Reporting;

namespace FollowerAudit.Cluster;

/// <summary>
/// A silo's side of the reports: writes an account's report folder into the client's staged report folder when this
/// silo sees that folder (a shared output folder at the same absolute path), so only the account's summary travels back.
/// </summary>
/// <remarks>
/// Each attempt writes <c>STAGING.part</c> and renames it to <c>STAGING</c> once complete, so a folder without the
/// suffix is always whole; the client keeps one finished attempt per account and removes the rest. A silo that does not
/// see the folder (another machine without the share, or the same path on a different disk) returns the audit instead
/// and the client writes the folder itself.
/// </remarks>
public sealed class SiloReportWriter
{
    private readonly ConcurrentDictionary<(string Folder, string Token), bool> _seen = new();

    /// <summary>Whether this silo sees the client's staged folder: it holds the client's token file with the run's token. Checked once per run.</summary>
    /// <param name="target">The target.</param>
    /// <returns>True when the silo can write the account's folder there.</returns>
    public bool Sees(ReportTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _seen.GetOrAdd((target.Folder, target.Token), static k =>
        {
            try
            {
                var file = new FileInfo(Path.Combine(k.Folder, ReportTarget.TokenFileName));
                return Path.IsPathFullyQualified(k.Folder) && file.Exists && file.LinkTarget is null && file.Length < 1024
                    && string.Equals(File.ReadAllText(file.FullName).Trim(), k.Token, StringComparison.Ordinal);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        });
    }

    /// <summary>
    /// Writes the account's folder as <c>FOLDER/STAGING</c> (via <c>STAGING.part</c>) and returns its summary, when this
    /// silo sees the folder (<see cref="Sees"/>); otherwise writes nothing and returns null.
    /// </summary>
    /// <param name="audit">The account's audit.</param>
    /// <param name="target">Where to write.</param>
    /// <returns>The account's summary, or null when the folder is not visible here.</returns>
    /// <exception cref="IOException">The folder could not be written.</exception>
    public async Task<AccountSummary?> TryWriteAsync(AccountAudit audit, ReportTarget target)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(target);
        if (!Sees(target))
        {
            return null;
        }

        // The name comes from the client: one plain segment inside the staged folder, never a way out of it.
        if (string.IsNullOrEmpty(target.Staging) || target.Staging is "." or ".." || target.Staging.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new ArgumentException($"'{target.Staging}' is not an account folder name.", nameof(target));
        }

        var page = AuditJson.DeserializePage(target.Page);
        var final = Path.Combine(target.Folder, target.Staging);
        var part = final + ".part";
        OutputGuard.TryDelete(part);
        try
        {
            var summary = await ReportWriter.WriteAccountFolderAsync(audit, new ReportOptions(page.Run) { Title = page.Title }, page.Rejections, part).ConfigureAwait(false);
            Directory.Move(part, final);
            return summary;
        }
        catch
        {
            OutputGuard.TryDelete(part);
            throw;
        }
    }
}
