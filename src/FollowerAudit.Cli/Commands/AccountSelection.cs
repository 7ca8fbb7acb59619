using System.Globalization;
using FollowerAudit.Core.Model;
using FollowerAudit.Reporting;
using Spectre.Console;

namespace FollowerAudit.Cli.Commands;

/// <summary>
/// Turns --account / --all into account rows. A selector is a handle (optionally with '@'), a numeric id, or
/// explicitly <c>id:N</c> / <c>@handle</c>. A selector that could mean two accounts (a handle that is another
/// account's id, or handles that differ only in case) is refused, and every match is said aloud.
/// </summary>
internal static class AccountSelection
{
    /// <summary>The prefix that makes a selector an id only.</summary>
    public const string IdPrefix = "id:";

    public static IReadOnlyList<int> Resolve(AuditDataset dataset, AuditSettings settings, IAnsiConsole? console = null)
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
            var row = ResolveOne(dataset, settings.Dataset, wanted, out var how);
            console?.MarkupLineInterpolated($"--account {Sanitize.ForTerminal(wanted)}: {how}.");
            if (!rows.Contains(row))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>The row of one account named by handle, @handle, id or id:N; says on the console which was matched.</summary>
    public static int Find(AuditDataset dataset, string datasetPath, string wanted, IAnsiConsole? console)
    {
        var row = ResolveOne(dataset, datasetPath, wanted, out var how);
        console?.MarkupLineInterpolated($"--account {Sanitize.ForTerminal(wanted)}: {how}.");
        return row;
    }

    /// <summary>
    /// Whether an account may be named by one of <paramref name="selectors"/> (its id or its handle, as
    /// <see cref="Resolve"/> matches them): a read that keeps few handles keeps these, so the selectors resolve, and
    /// fail, exactly as on the whole accounts table.
    /// </summary>
    /// <param name="selectors">The --account values.</param>
    /// <returns>Given an account's id and handle, whether a selector names it.</returns>
    public static Func<long, string?, bool> Names(IReadOnlyList<string> selectors)
    {
        var parsed = selectors.Select(Parse).ToArray();
        return (id, handle) => parsed.Any(p => p.Id == id || (p.Name is { } name && string.Equals(handle, name, StringComparison.OrdinalIgnoreCase)));
    }

    // A selector's id (unless it is @handle) and handle (unless it is id:N).
    private static (long? Id, string? Name, string IdText) Parse(string wanted)
    {
        var idOnly = wanted.StartsWith(IdPrefix, StringComparison.OrdinalIgnoreCase);
        var handleOnly = wanted.StartsWith('@');
        var idText = idOnly ? wanted[IdPrefix.Length..] : wanted;
        long? id = !handleOnly && long.TryParse(idText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
        return (id, idOnly ? null : wanted.TrimStart('@'), idText);
    }

    private static int ResolveOne(AuditDataset dataset, string datasetName, string wanted, out string how)
    {
        var accounts = dataset.Accounts;
        var shown = Sanitize.ForTerminal(wanted);
        var (id, name, idText) = Parse(wanted);
        var idRow = -1;
        if (id is { } wantedId && accounts.TryGetRow(wantedId, out var found))
        {
            idRow = found;
        }

        var handleRows = new List<int>();
        if (name is not null && accounts.Handle is { } handles)
        {
            for (var r = 0; r < handles.Length; r++)
            {
                if (string.Equals(handles[r], name, StringComparison.OrdinalIgnoreCase))
                {
                    handleRows.Add(r);
                }
            }
        }

        if (handleRows.Count > 1)
        {
            var list = string.Join(", ", handleRows.Select(r => $"@{Sanitize.ForTerminal(accounts.Handle![r] ?? "")} (id {Id(accounts, r)})"));
            throw new InputDataException($"{datasetName}: --account {shown} matches several accounts whose handles differ only in case: {list}. Name one by id: --account {IdPrefix}N.");
        }

        if (idRow >= 0 && handleRows.Count == 1 && handleRows[0] != idRow)
        {
            throw new InputDataException(
                $"{datasetName}: --account {shown} is ambiguous: it is the id of account @{Sanitize.ForTerminal(accounts.DisplayHandle(idRow))} and the handle of account id {Id(accounts, handleRows[0])}. " +
                $"Write --account {IdPrefix}{Sanitize.ForTerminal(idText)} for the id, or --account @{Sanitize.ForTerminal(wanted)} for the handle.");
        }

        if (handleRows.Count == 1)
        {
            var r = handleRows[0];
            how = $"matched the handle @{Sanitize.ForTerminal(accounts.Handle![r] ?? "")} (id {Id(accounts, r)})";
            return r;
        }

        if (idRow >= 0)
        {
            how = $"matched the id {Id(accounts, idRow)} (@{Sanitize.ForTerminal(accounts.DisplayHandle(idRow))})";
            return idRow;
        }

        throw new InputDataException($"{datasetName}: no account with handle or id '{shown}' in the accounts table. Check the spelling, or run with --all.");
    }

    private static string Id(AccountTable accounts, int row) => accounts.AccountId[row].ToString(CultureInfo.InvariantCulture);
}
