using System.Globalization;
using System.Text;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting;

/// <summary>
/// The labelling sheet of <c>followeraudit sample</c>: <c>labelling-sheet.html</c> shows each sampled follower's
/// profile (with a link to the profile when a URL template and a handle exist), and <c>labels.csv</c> has one row per
/// follower with an empty <c>label</c> column to fill with genuine, fake or unsure, then pass to
/// <c>audit --labels</c>. All text from the data is escaped in HTML and neutralised in CSV.
/// </summary>
public static class LabellingSheet
{
    /// <summary>Header of <c>labels.csv</c>.</summary>
    public static IReadOnlyList<string> CsvHeader { get; } = ["account_id", "follower_id", "position", "handle", "label", "note"];

    /// <summary>Writes the sheet into a folder (a temp folder moved into place; an occupied folder needs <paramref name="force"/>).</summary>
    /// <param name="slice">The audited account's followers in follow order.</param>
    /// <param name="positions">The sampled positions in the slice, ascending.</param>
    /// <param name="seed">The sample's seed, for the page.</param>
    /// <param name="profileUrlTemplate">An http(s) URL with <c>{handle}</c>, e.g. <c>https://bsky.app/profile/{handle}</c>, or <see langword="null"/>.</param>
    /// <param name="outputFolder">The folder.</param>
    /// <param name="force">Replace a labelling sheet the tool wrote there earlier.</param>
    /// <param name="protectedPaths">Paths never replaced (the dataset read, the current directory, home).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The path of labels.csv.</returns>
    public static Task<string> WriteAsync(AccountSlice slice, IReadOnlyList<int> positions, int seed, string? profileUrlTemplate, string outputFolder, bool force, IReadOnlyList<string> protectedPaths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(positions);
        return ReportWriter.WriteFolderAsync(outputFolder, force, protectedPaths, async (temp, target) =>
        {
            await File.WriteAllTextAsync(Path.Combine(temp, "labels.csv"), Csv(slice, positions), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(temp, "labelling-sheet.html"), HtmlRenderer.Render(Document(slice, positions, seed, profileUrlTemplate)), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            return Path.Combine(target, "labels.csv");
        }, cancellationToken, OutputKind.LabellingSheet);
    }

    /// <summary>Whether a profile URL template is usable: absolute http(s) with a <c>{handle}</c> placeholder.</summary>
    /// <param name="template">The template.</param>
    /// <returns><see langword="true"/> when usable.</returns>
    public static bool IsValidTemplate(string template) =>
        template is not null && template.Contains("{handle}", StringComparison.Ordinal) &&
        Uri.TryCreate(template.Replace("{handle}", "x", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    internal static string Csv(AccountSlice slice, IReadOnlyList<int> positions)
    {
        var accounts = slice.Followers;
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        Reporting.Csv.WriteRow(writer, CsvHeader);
        foreach (var p in positions)
        {
            var row = p;
            Reporting.Csv.WriteRow(writer, [
                slice.AccountId.ToString(CultureInfo.InvariantCulture),
                accounts.AccountId[row].ToString(CultureInfo.InvariantCulture),
                (p + 1).ToString(CultureInfo.InvariantCulture),
                accounts.Handle?[row],
                "",
                ""]);
        }

        return writer.ToString();
    }

    private static ReportDocument Document(AccountSlice slice, IReadOnlyList<int> positions, int seed, string? template)
    {
        var accounts = slice.Followers;
        string Text(string? s) => s ?? "";
        string Count(long?[]? column, int row) => column?[row] is { } v ? Format.Count(v) : "";
        string Flag(bool?[]? column, int row) => column?[row] is { } v ? (v ? "yes" : "no") : "";
        var rows = positions.Select(p =>
        {
            var row = p;
            var handle = accounts.Handle?[row];
            var href = template is not null && !string.IsNullOrEmpty(handle) ? template.Replace("{handle}", Uri.EscapeDataString(handle), StringComparison.Ordinal) : null;
            return (IReadOnlyList<Cell>)
            [
                Format.Count(p + 1),
                accounts.AccountId[row].ToString(CultureInfo.InvariantCulture),
                new Cell(Text(handle), href),
                Text(accounts.DisplayName?[row]),
                Text(accounts.Bio?[row]),
                accounts.CreatedAt?[row] is { } c ? c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "",
                Count(accounts.FollowersCount, row),
                Count(accounts.FollowingCount, row),
                Count(accounts.PostsCount, row),
                Flag(accounts.HasAvatar, row),
                Text(accounts.Url?[row]),
                "",
            ];
        }).ToList();

        return new ReportDocument("Labelling sheet: followers of " + slice.Handle,
        [
            new Paragraph($"A simple random sample of {Format.Count(positions.Count)} of the {Format.Count(slice.Count)} followers in the data (seed {seed.ToString(CultureInfo.InvariantCulture)}). " +
                          "Open each profile, decide whether it is a real person or organisation (genuine), a fake, bought or bot account (fake), or cannot tell (unsure), " +
                          "and write that word in the label column of labels.csv, on the row with the same follower id. Label every row you can: skipping the hard ones biases the estimate."),
            new Paragraph("Then run: followeraudit audit DATASET --account ID --labels labels.csv --labelled-by \"your name\". The estimate is valid whatever the model's quality, because the labels measure its errors on these followers."),
            new Table(["#", "Follower id", "Handle", "Name", "Bio", "Created", "Followers", "Following", "Posts", "Avatar", "URL", "Label"], rows, [0, 6, 7, 8]),
        ]);
    }
}
