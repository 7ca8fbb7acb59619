using System.Globalization;
using System.Text;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting;

/// <summary>
/// Writes the report of an audit run to a folder: <c>report.html</c> (self-contained), <c>report.md</c>,
/// <c>report.json</c>, <c>followers.csv</c>, <c>charts/</c>, plus <c>rejected-rows.csv</c> and <c>run.json</c>.
/// With several audited accounts the top holds an <c>index.html</c>/<c>index.md</c>/<c>report.json</c> league table
/// and each account gets a folder named only from its numeric id (<c>account-123456/</c>).
/// </summary>
/// <remarks>
/// Writing is atomic: everything is built in a sibling temporary folder and moved into place, so a reader never sees
/// a half-written report, and a failure or cancellation leaves the previous content untouched. The folder carries the
/// <see cref="OutputGuard.MarkerFileName"/> marker; an existing folder is replaced only under the rules of
/// <see cref="OutputGuard"/> (the tool's own report, with force).
/// </remarks>
public static class ReportWriter
{
    /// <summary>Writes the report.</summary>
    /// <param name="run">The audit run.</param>
    /// <param name="options">Options, including the run facts for <c>run.json</c>.</param>
    /// <param name="outputFolder">The report folder; created if missing, its parent too.</param>
    /// <param name="cancellationToken">Cancels the writing; nothing is left behind.</param>
    /// <returns>The files written.</returns>
    /// <exception cref="ReportExistsException">The folder is not empty and <see cref="ReportOptions.Force"/> is not set; nothing was written.</exception>
    /// <exception cref="OutputRefusedException">The folder may not be written (see <see cref="OutputGuard"/>); nothing was written.</exception>
    /// <exception cref="IOException">The file system failed.</exception>
    public static async Task<ReportFiles> WriteAsync(AuditRun run, ReportOptions options, string outputFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        return await WriteFolderAsync(outputFolder, options.Force, options.ProtectedPaths, async (temp, target) =>
        {
            var (main, files) = await WriteContentAsync(run, options, temp, cancellationToken).ConfigureAwait(false);
            return new ReportFiles(target, Path.Combine(target, main), files);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes only <c>run.json</c> to <paramref name="path"/> (replacing it), for runs that end before a report can be
    /// written, so that a failed run still records what ran on what.
    /// </summary>
    /// <param name="info">The run facts.</param>
    /// <param name="run">The audit run, if it got that far.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="cancellationToken">Cancels the writing.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public static async Task WriteRunJsonAsync(RunInfo info, AuditRun? run, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var partial = path + ".part";
        await File.WriteAllBytesAsync(partial, ReportJson.Run(info, run is null ? null : RunSummary.Of(run)), cancellationToken).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>
    /// Writes a folder holding only <c>rejected-rows.csv</c> and <c>run.json</c>, for a run stopped because its input
    /// had too many bad rows: the user needs the list to fix the export. Same rules as <see cref="WriteAsync"/>: an
    /// occupied folder is replaced only with <paramref name="force"/>, and nothing is left half-written.
    /// </summary>
    /// <param name="info">The run facts.</param>
    /// <param name="rejections">The rejected rows.</param>
    /// <param name="outputFolder">The report folder.</param>
    /// <param name="force">Replace an occupied folder.</param>
    /// <param name="cancellationToken">Cancels the writing; nothing is left behind.</param>
    /// <returns>The path of <c>rejected-rows.csv</c>.</returns>
    /// <exception cref="ReportExistsException">The folder is not empty and <paramref name="force"/> is not set.</exception>
    public static async Task<string> WriteRejectionsOnlyAsync(RunInfo info, IReadOnlyList<Core.Model.Rejection> rejections, string outputFolder, bool force, CancellationToken cancellationToken = default) =>
        await WriteRejectionsOnlyAsync(info, rejections, outputFolder, force, [], cancellationToken).ConfigureAwait(false);

    /// <summary>As <see cref="WriteRejectionsOnlyAsync(RunInfo, IReadOnlyList{Core.Model.Rejection}, string, bool, CancellationToken)"/>, never replacing <paramref name="protectedPaths"/>.</summary>
    /// <param name="info">The run facts.</param>
    /// <param name="rejections">The rejected rows.</param>
    /// <param name="outputFolder">The report folder.</param>
    /// <param name="force">Replace the tool's own earlier report in the folder.</param>
    /// <param name="protectedPaths">Paths the output must never replace nor contain (see <see cref="OutputGuard.CheckFolder"/>).</param>
    /// <param name="cancellationToken">Cancels the writing; nothing is left behind.</param>
    /// <returns>The path of <c>rejected-rows.csv</c>.</returns>
    /// <exception cref="ReportExistsException">The folder holds a report and <paramref name="force"/> is not set.</exception>
    /// <exception cref="OutputRefusedException">The folder may not be written (see <see cref="OutputGuard"/>).</exception>
    public static async Task<string> WriteRejectionsOnlyAsync(RunInfo info, IReadOnlyList<Core.Model.Rejection> rejections, string outputFolder, bool force, IReadOnlyList<string> protectedPaths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(rejections);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        ArgumentNullException.ThrowIfNull(protectedPaths);
        return await WriteFolderAsync(outputFolder, force, protectedPaths, async (temp, target) =>
        {
            await Csv.WriteRejectionsAsync(Path.Combine(temp, "rejected-rows.csv"), rejections, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(temp, "run.json"), ReportJson.Run(info, null, rejections.Count), cancellationToken).ConfigureAwait(false);
            return Path.Combine(target, "rejected-rows.csv");
        }, cancellationToken).ConfigureAwait(false);
    }

    // The one way an output folder is written (OutputGuard): content goes into a marked sibling temp folder, which
    // replaces the target (occupied only by the tool's own output of the same kind, and only with force) once complete;
    // on any failure the temp folder is deleted and the target untouched.
    internal static async Task<T> WriteFolderAsync<T>(string outputFolder, bool force, IReadOnlyList<string> protectedPaths, Func<string, string, Task<T>> writeContent, CancellationToken cancellationToken, OutputKind kind = OutputKind.Report)
    {
        using var staged = OutputGuard.StageFolder(outputFolder, kind, force, protectedPaths);
        var result = await writeContent(staged.TempPath, staged.Target).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        staged.Commit();
        return result;
    }

    /// <summary>The folder name of an account in a multi-account report: from the numeric id only, never the handle.</summary>
    /// <param name="accountId">The account id.</param>
    /// <returns>E.g. <c>account-123456</c>.</returns>
    internal static string AccountFolder(long accountId) => "account-" + accountId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The folder names of the accounts of a multi-account report, in order: from the ids only; an account listed twice gets <c>account-ID-2</c>.</summary>
    /// <param name="accountIds">The accounts' ids, in output order.</param>
    /// <returns>One folder name per account.</returns>
    public static IReadOnlyList<string> AccountFolders(IEnumerable<long> accountIds)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var id in accountIds)
        {
            var folder = AccountFolder(id);
            for (var n = 2; !used.Add(folder); n++)
            {
                // The same account audited twice (e.g. listed twice): keep both, still named from the id only.
                folder = AccountFolder(id) + "-" + n.ToString(CultureInfo.InvariantCulture);
            }

            names.Add(folder);
        }

        return names;
    }

    /// <summary>
    /// Writes one account's folder of a multi-account report, exactly as <see cref="WriteAsync"/> writes it there, into
    /// <paramref name="folder"/> (which must not exist yet; its parent is the report's staged folder). A cluster's silo
    /// writes its accounts' folders with this, and the client then writes the index with <see cref="WriteIndexAsync"/>.
    /// </summary>
    /// <param name="audit">The account's audit.</param>
    /// <param name="options">The report options (the run facts, the title).</param>
    /// <param name="rejections">The run's rejected rows, counted (the rows themselves are in the index's <c>rejected-rows.csv</c>).</param>
    /// <param name="folder">The account's folder, e.g. <c>STAGED/account-123</c>.</param>
    /// <param name="cancellationToken">Cancels the writing.</param>
    /// <returns>The account's summary, for the index.</returns>
    /// <exception cref="IOException">The folder exists already, or the file system failed.</exception>
    public static async Task<AccountSummary> WriteAccountFolderAsync(AccountAudit audit, ReportOptions options, RejectionSummary rejections, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rejections);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (Directory.Exists(folder) || File.Exists(folder))
        {
            throw new IOException($"{folder} exists already; an account's report folder is written once.");
        }

        Directory.CreateDirectory(folder);
        await WriteAccountAsync(audit, options, folder, Path.GetFileName(folder) + "/", "../rejected-rows.csv", rejections, [], cancellationToken).ConfigureAwait(false);
        return AccountSummary.Of(audit);
    }

    /// <summary>
    /// Completes a multi-account report whose account folders were written by <see cref="WriteAccountFolderAsync"/>
    /// into <paramref name="staged"/>: writes <c>rejected-rows.csv</c>, the index pages and charts and <c>run.json</c>,
    /// then moves the folder into place. Entries of <paramref name="staged"/> other than these and the named account
    /// folders (an abandoned attempt's leftovers) are removed first.
    /// </summary>
    /// <param name="run">The run, summarised; its accounts in output order.</param>
    /// <param name="folders">Each account's folder name in <paramref name="staged"/>, in the order of <see cref="RunSummary.Accounts"/>.</param>
    /// <param name="rejections">The rejected rows, for <c>rejected-rows.csv</c>.</param>
    /// <param name="options">The report options.</param>
    /// <param name="staged">The staged report folder (<see cref="OutputGuard.StageFolder"/>); committed here.</param>
    /// <param name="cancellationToken">Cancels the writing; the target is then untouched.</param>
    /// <returns>The files written.</returns>
    /// <exception cref="ReportExistsException">The target now holds output and force was not given.</exception>
    public static async Task<ReportFiles> WriteIndexAsync(RunSummary run, IReadOnlyList<string> folders, IReadOnlyList<Core.Model.Rejection> rejections, ReportOptions options, StagedOutput staged, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(rejections);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(staged);
        if (folders.Count != run.Accounts.Count)
        {
            throw new ArgumentException($"{folders.Count} folders for {run.Accounts.Count} accounts.", nameof(folders));
        }

        var keep = new HashSet<string>(folders, StringComparer.Ordinal) { OutputGuard.MarkerFileName };
        foreach (var entry in Directory.EnumerateFileSystemEntries(staged.TempPath).Where(e => !keep.Contains(Path.GetFileName(e))).ToList())
        {
            OutputGuard.TryDelete(entry);
        }

        var files = new List<string>();
        await Csv.WriteRejectionsAsync(Path.Combine(staged.TempPath, "rejected-rows.csv"), rejections, cancellationToken).ConfigureAwait(false);
        files.Add("rejected-rows.csv");
        await WriteIndexContentAsync(run, folders, options, staged.TempPath, files, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        staged.Commit();
        return new ReportFiles(staged.Target, Path.Combine(staged.Target, "index.html"), files);
    }

    private static async Task<(string Main, IReadOnlyList<string> Files)> WriteContentAsync(AuditRun run, ReportOptions options, string root, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var rejections = RejectionSummary.Of(run.Rejections);
        await Csv.WriteRejectionsAsync(Path.Combine(root, "rejected-rows.csv"), run.Rejections, cancellationToken).ConfigureAwait(false);
        files.Add("rejected-rows.csv");
        if (run.Accounts.Count == 1)
        {
            await WriteAccountAsync(run.Accounts[0], options, root, string.Empty, "rejected-rows.csv", rejections, files, cancellationToken).ConfigureAwait(false);
            await WriteBytesAsync(root, string.Empty, "run.json", ReportJson.Run(options.Run, RunSummary.Of(run)), files, cancellationToken).ConfigureAwait(false);
            files.Sort(StringComparer.Ordinal);
            return ("report.html", files);
        }

        var folders = AccountFolders(run.Accounts.Select(a => a.AccountId));
        var summaries = new List<AccountSummary>();
        for (var i = 0; i < run.Accounts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            summaries.Add(await WriteAccountFolderAsync(run.Accounts[i], options, rejections, Path.Combine(root, folders[i]), cancellationToken).ConfigureAwait(false));
        }

        await WriteIndexContentAsync(new RunSummary(rejections, summaries, run.DatasetResults), folders, options, root, files, cancellationToken).ConfigureAwait(false);
        return ("index.html", files);
    }

    // The index of a multi-account report, over account folders already in place; adds every file under root to files.
    private static async Task WriteIndexContentAsync(RunSummary run, IReadOnlyList<string> folders, ReportOptions options, string root, List<string> files, CancellationToken cancellationToken)
    {
        foreach (var folder in folders)
        {
            var path = Path.Combine(root, folder);
            files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Select(f => folder + "/" + Path.GetRelativePath(path, f).Replace(Path.DirectorySeparatorChar, '/')));
        }

        List<(AccountSummary Audit, string Folder)> entries = [.. run.Accounts.Select((a, i) => (a, folders[i]))];
        entries = [.. entries.OrderByDescending(e => e.Audit.Estimate.FakeShare).ThenBy(e => e.Audit.AccountId)];
        var league = ChartRenderer.League(ChartData.League(run.Accounts));
        await WriteChartAsync(root, string.Empty, league, files, cancellationToken).ConfigureAwait(false);
        var engagement = ChartRenderer.EngagementRate(ChartData.EngagementRate(run.Accounts));
        await WriteChartAsync(root, string.Empty, engagement, files, cancellationToken).ConfigureAwait(false);
        var index = ReportContent.Index(run, entries, league, engagement, options);
        await WriteTextAsync(root, string.Empty, "index.html", HtmlRenderer.Render(index), files, cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(root, string.Empty, "index.md", MarkdownRenderer.Render(index), files, cancellationToken).ConfigureAwait(false);
        await WriteBytesAsync(root, string.Empty, "report.json", ReportJson.Index(run, entries, [league, engagement], options.Run), files, cancellationToken).ConfigureAwait(false);
        await WriteBytesAsync(root, string.Empty, "run.json", ReportJson.Run(options.Run, run), files, cancellationToken).ConfigureAwait(false);
        files.Sort(StringComparer.Ordinal);
    }

    // followers.csv is formatted on the thread pool and written as its blocks come (it returns at its first wait), while
    // the charts and pages are made on this thread: charts and finding texts use one core, so alone they leave one idle.
    private static async Task WriteAccountAsync(AccountAudit audit, ReportOptions options, string folder, string prefix, string rejectedRowsPath, RejectionSummary rejections, List<string> files, CancellationToken cancellationToken)
    {
        var followers = Csv.WriteFollowersAsync(Path.Combine(folder, "followers.csv"), audit, cancellationToken);
        var pages = WriteAccountPagesAsync(audit, options, folder, prefix, rejectedRowsPath, rejections, files, cancellationToken);
        await Task.WhenAll(followers, pages).ConfigureAwait(false);
        files.Add(prefix + "followers.csv");
    }

    private static async Task WriteAccountPagesAsync(AccountAudit audit, ReportOptions options, string folder, string prefix, string rejectedRowsPath, RejectionSummary rejections, List<string> files, CancellationToken cancellationToken)
    {
        RenderedChart[] charts =
        [
            ChartRenderer.Engagement(ChartData.Engagement(audit)),
            ChartRenderer.EngagementRate(ChartData.EngagementRate([audit])),
            ChartRenderer.FollowerMap(ChartData.FollowerMap(audit)),
            ChartRenderer.Histogram(ChartData.ScoreHistogram(audit)),
        ];
        foreach (var chart in charts)
        {
            await WriteChartAsync(folder, prefix, chart, files, cancellationToken).ConfigureAwait(false);
        }

        var verdict = audit.Verdict;
        var document = ReportContent.Account(audit, verdict, charts, rejections, rejectedRowsPath, options, title: options.Title is { } t && prefix.Length > 0 ? t + " — " + audit.Handle : null, indexHref: prefix.Length > 0 ? "../index.html" : null);
        await WriteTextAsync(folder, prefix, "report.html", HtmlRenderer.Render(document), files, cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(folder, prefix, "report.md", MarkdownRenderer.Render(document), files, cancellationToken).ConfigureAwait(false);
        await WriteBytesAsync(folder, prefix, "report.json", ReportJson.Account(audit, verdict, charts, rejections, rejectedRowsPath, options.Run), files, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteChartAsync(string folder, string prefix, RenderedChart chart, List<string> files, CancellationToken cancellationToken)
    {
        if (chart.Png is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(folder, "charts"));
        await WriteBytesAsync(folder, prefix, "charts/" + chart.Name + ".png", chart.Png, files, cancellationToken).ConfigureAwait(false);
        if (chart.Svg is { } svg)
        {
            await WriteTextAsync(folder, prefix, "charts/" + chart.Name + ".svg", svg, files, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task WriteTextAsync(string folder, string prefix, string name, string text, List<string> files, CancellationToken cancellationToken) =>
        WriteBytesAsync(folder, prefix, name, new UTF8Encoding(false).GetBytes(text), files, cancellationToken);

    private static async Task WriteBytesAsync(string folder, string prefix, string name, byte[] bytes, List<string> files, CancellationToken cancellationToken)
    {
        await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes, cancellationToken).ConfigureAwait(false);
        files.Add(prefix + name);
    }
}
