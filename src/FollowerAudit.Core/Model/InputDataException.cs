namespace FollowerAudit.Core.Model;

/// <summary>
/// The input cannot be used at all: a missing, unreadable or corrupt file, or a schema that breaks the data contract.
/// The message says what went wrong, where, and what to do next. Bad individual rows are not exceptions but
/// <see cref="Rejection"/>s. The CLI maps this to exit code 3.
/// </summary>
public sealed class InputDataException : Exception
{
    /// <summary>Creates an exception with a complete, user-facing message.</summary>
    /// <param name="message">What, where, likely cause and next step.</param>
    public InputDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception that wraps the low-level cause.</summary>
    /// <param name="message">What, where, likely cause and next step.</param>
    /// <param name="innerException">The original error.</param>
    public InputDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message (prefer the factories).</summary>
    public InputDataException()
    {
    }

    /// <summary>A file or folder that does not exist.</summary>
    /// <param name="path">The path as given.</param>
    /// <param name="what">What it should have been, e.g. "the follows table".</param>
    /// <returns>The exception.</returns>
    public static InputDataException Missing(string path, string what) =>
        new($"{path}: not found; expected {what}. Check the path, or run 'followeraudit schema' to see the expected layout.");

    /// <summary>A required column is absent.</summary>
    /// <param name="path">The file.</param>
    /// <param name="column">The missing column.</param>
    /// <param name="found">The columns the file has.</param>
    /// <returns>The exception.</returns>
    public static InputDataException MissingColumn(string path, string column, IEnumerable<string> found) =>
        new($"{path}: column '{column}' not found (found: {string.Join(", ", found)}). Rename the column or run 'followeraudit schema'.");

    /// <summary>A column with a type the contract does not allow.</summary>
    /// <param name="path">The file.</param>
    /// <param name="column">The column.</param>
    /// <param name="expected">The expected type(s).</param>
    /// <param name="found">The type found.</param>
    /// <returns>The exception.</returns>
    public static InputDataException WrongType(string path, string column, string expected, string found) =>
        new($"{path}: column '{column}' has type {found}, expected {expected}. Convert the column, or run 'followeraudit schema'.");

    /// <summary>A file that is not a readable Parquet file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cause">The low-level error.</param>
    /// <returns>The exception.</returns>
    public static InputDataException NotReadable(string path, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new($"{path}: not a readable Parquet file ({cause.Message}). It may be truncated or of another format; re-export it.", cause);
    }

    /// <summary>A table present both as a file and as a folder of parts.</summary>
    /// <param name="file">The NAME.parquet file.</param>
    /// <param name="folder">The NAME/ folder.</param>
    /// <returns>The exception.</returns>
    public static InputDataException AmbiguousTable(string file, string folder) =>
        new($"{file}: the table is also present as the folder {folder}; keep only one of them. Run 'followeraudit schema' to see the expected layout.");

    /// <summary>A table folder without any part file.</summary>
    /// <param name="folder">The NAME/ folder.</param>
    /// <param name="table">The table name.</param>
    /// <returns>The exception.</returns>
    public static InputDataException NoPartFiles(string folder, string table) =>
        new($"{folder}: folder of the {table} table holds no *.parquet part files. Add the parts, or remove the folder and provide {table}.parquet.");

    /// <summary>A table with more rows than one array can hold.</summary>
    /// <param name="path">The table's file or folder.</param>
    /// <param name="rows">The number of rows found.</param>
    /// <param name="maximum">The largest supported number of rows.</param>
    /// <returns>The exception.</returns>
    public static InputDataException TooManyRows(string path, long rows, long maximum) =>
        new($"{path}: {rows.ToString(System.Globalization.CultureInfo.InvariantCulture)} rows, more than the {maximum.ToString(System.Globalization.CultureInfo.InvariantCulture)} one table can hold. Split the dataset into smaller audits.");
}
