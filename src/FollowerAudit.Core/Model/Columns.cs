namespace FollowerAudit.Core.Model;

/// <summary>Copies of chosen rows of a column: the one way tables cut subsets of themselves.</summary>
internal static class Columns
{
    public static T[] Pick<T>(T[] column, IReadOnlyList<int> rows)
    {
        var picked = new T[rows.Count];
        for (var i = 0; i < picked.Length; i++)
        {
            picked[i] = column[rows[i]];
        }

        return picked;
    }

    public static T[]? PickOptional<T>(T[]? column, IReadOnlyList<int> rows) => column is null ? null : Pick(column, rows);
}
