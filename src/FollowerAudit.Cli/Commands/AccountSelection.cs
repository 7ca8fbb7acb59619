using System.Globalization;
using FollowerAudit.Core.Model;

namespace FollowerAudit.Cli.Commands;

/// <summary>Turns --account / --all into account rows.</summary>
internal static class AccountSelection
{
    public static IReadOnlyList<int> Resolve(AuditDataset dataset, AuditSettings settings)
    {
        if (settings.Accounts.Length == 0)
        {
            // --all (also the default): accounts with enough followers in the data, most followed first, ties by id.
            var index = dataset.FollowerIndex;
            return [.. Enumerable.Range(0, dataset.Accounts.Count)
                .Where(r => index.FollowerCount(r) >= settings.MinFollowers)
                .OrderByDescending(index.FollowerCount)
                .ThenBy(r => dataset.Accounts.AccountId[r])];
        }

        var rows = new List<int>();
        foreach (var wanted in settings.Accounts)
        {
            var row = Find(dataset, settings.Dataset, wanted);
            if (!rows.Contains(row))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>The row of one account named by handle or numeric id.</summary>
    public static int Find(AuditDataset dataset, string datasetPath, string wanted)
    {
        var row = dataset.Accounts.FindHandle(wanted);
        if (row < 0 && long.TryParse(wanted, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
        {
            dataset.Accounts.TryGetRow(id, out row);
        }

        return row >= 0
            ? row
            : throw new InputDataException($"{datasetPath}: no account with handle or id '{wanted}' in the accounts table. Check the spelling, or run with --all.");
    }
}
