using System.Globalization;
using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Model;

namespace FollowerAudit.IO.Import;

/// <summary>
/// Reads the labels a person filled into the <c>labels.csv</c> that <c>followeraudit sample</c> wrote: columns
/// <c>account_id</c> (the audited account), <c>follower_id</c> and <c>label</c> (<c>genuine</c>, <c>fake</c>,
/// <c>unsure</c>, or empty for a row not labelled yet); other columns are ignored. Every problem is a clear error
/// naming the file and line, found before any audit runs.
/// </summary>
public static class LabelsFileReader
{
    /// <summary>The columns the file must have.</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } = ["account_id", "follower_id", "label"];

    /// <summary>Reads and checks a labels file against the dataset and the audited accounts.</summary>
    /// <param name="path">The labels file.</param>
    /// <param name="dataset">The dataset being audited.</param>
    /// <param name="auditedRows">Rows of the audited accounts.</param>
    /// <param name="labelledBy">Who labelled (free text), for the report.</param>
    /// <returns>Labels by audited account id.</returns>
    /// <exception cref="InputDataException">Missing file, missing columns, bad values, unknown or foreign followers.</exception>
    public static IReadOnlyDictionary<long, FollowerLabels> Read(string path, AuditDataset dataset, IReadOnlyList<int> auditedRows, string labelledBy)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(auditedRows);
        if (!File.Exists(path))
        {
            throw InputDataException.Missing(path, "the labels.csv written by 'followeraudit sample', with its label column filled in");
        }

        using var reader = new StreamReader(path);
        return Read(reader, path, dataset, auditedRows, labelledBy ?? "");
    }

    /// <summary>Reads and checks labels from a text.</summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="name">Name for messages.</param>
    /// <param name="dataset">The dataset being audited.</param>
    /// <param name="auditedRows">Rows of the audited accounts.</param>
    /// <param name="labelledBy">Who labelled (free text).</param>
    /// <returns>Labels by audited account id.</returns>
    /// <exception cref="InputDataException">Missing columns, bad values, unknown or foreign followers.</exception>
    public static IReadOnlyDictionary<long, FollowerLabels> Read(TextReader text, string name, AuditDataset dataset, IReadOnlyList<int> auditedRows, string labelledBy)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(auditedRows);
        var records = CsvRecordReader.Read(text).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InputDataException($"{name}: the file is empty. Write a labelling sheet with 'followeraudit sample' and fill in its label column.");
        }

        var header = records.Current.Fields.Select(f => (f ?? "").Trim().ToLowerInvariant()).ToList();
        var missing = RequiredColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw InputDataException.MissingColumn(name, missing[0], header);
        }

        int accountColumn = header.IndexOf("account_id"), followerColumn = header.IndexOf("follower_id"), labelColumn = header.IndexOf("label");
        var audited = auditedRows.Select(r => dataset.Accounts.AccountId[r]).ToHashSet();
        var byAccount = new Dictionary<long, Dictionary<long, FollowerLabel>>();
        while (records.MoveNext())
        {
            var record = records.Current;
            var line = record.Line.ToString(CultureInfo.InvariantCulture);
            if (record.Error is { } error)
            {
                throw new InputDataException($"{name}, line {line}: {error}. Save the sheet as plain CSV.");
            }

            string Field(int column) => column < record.Fields.Count ? (record.Fields[column] ?? "").Trim() : "";
            var labelText = Field(labelColumn).ToLowerInvariant();
            if (labelText.Length == 0)
            {
                continue; // Not labelled yet: the labeller may stop early; only filled rows count.
            }

            var label = labelText switch
            {
                "genuine" or "real" => FollowerLabel.Genuine,
                "fake" => FollowerLabel.Fake,
                "unsure" => FollowerLabel.Unsure,
                _ => throw new InputDataException($"{name}, line {line}, column 'label': '{Sanitise(labelText)}' is not a label. Use genuine, fake or unsure (or leave it empty)."),
            };
            var account = Id(Field(accountColumn), name, line, "account_id");
            var follower = Id(Field(followerColumn), name, line, "follower_id");
            if (!audited.Contains(account))
            {
                throw new InputDataException($"{name}, line {line}: the labels are for account {account}, which this run does not audit. Audit it with --account {account}, or use the labels file of the audited account.");
            }

            if (!IsFollower(dataset, account, follower))
            {
                throw new InputDataException($"{name}, line {line}: account {follower} does not follow account {account} in this dataset. The labels file belongs to another dataset or account; draw a new sheet with 'followeraudit sample'.");
            }

            var labels = byAccount.TryGetValue(account, out var l) ? l : byAccount[account] = [];
            if (!labels.TryAdd(follower, label))
            {
                throw new InputDataException($"{name}, line {line}: follower {follower} is labelled twice. Keep one row per follower.");
            }
        }

        if (byAccount.Count == 0)
        {
            throw new InputDataException($"{name}: no row has a label yet. Fill the label column with genuine, fake or unsure.");
        }

        return byAccount.ToDictionary(kv => kv.Key, kv => new FollowerLabels(kv.Key, kv.Value, labelledBy, Path.GetFileName(name)));
    }

    private static long Id(string text, string name, string line, string column) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new InputDataException($"{name}, line {line}, column '{column}': '{Sanitise(text)}' is not an account id. Do not edit the id columns of the sheet.");

    private static bool IsFollower(AuditDataset dataset, long account, long follower)
    {
        if (!dataset.Accounts.TryGetRow(account, out var accountRow) || !dataset.Accounts.TryGetRow(follower, out var followerRow))
        {
            return false;
        }

        var index = dataset.FollowerIndex;
        for (var k = index.Offsets[accountRow]; k < index.Offsets[accountRow + 1]; k++)
        {
            if (index.FollowerRows[k] == followerRow)
            {
                return true;
            }
        }

        return false;
    }

    // Text from the file goes into a console message: keep it short and printable.
    private static string Sanitise(string text)
    {
        var printable = new string([.. text.Where(c => !char.IsControl(c) && c is not ('\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069'))]);
        return printable.Length > 40 ? printable[..40] + "…" : printable;
    }
}
