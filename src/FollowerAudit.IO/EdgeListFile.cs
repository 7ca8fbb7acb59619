using System.Globalization;
using FollowerAudit.Core.Model;

namespace FollowerAudit.IO;

/// <summary>
/// Reads and writes plain-text edge lists as used by the FRAUDAR reference code: one edge per line, <c>row col</c>,
/// 0-based non-negative integers separated by spaces or tabs. Blank lines and lines starting with <c>#</c> are
/// skipped; columns after the second (e.g. a weight) are ignored.
/// </summary>
public static class EdgeListFile
{
    /// <summary>Reads an edge list.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The row and column of each edge, in file order.</returns>
    /// <exception cref="InputDataException">The file is missing, or a line is malformed (the message names the file and line).</exception>
    public static (int[] Rows, int[] Cols) Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw InputDataException.Missing(path, "a plain-text edge list ('row col' per line)");
        }

        var rows = new List<int>();
        var cols = new List<int>();
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var rest = line.AsSpan().Trim();
            if (rest.IsEmpty || rest[0] == '#')
            {
                continue;
            }

            var row = NextInt(ref rest, path, lineNumber, "row");
            var col = NextInt(ref rest, path, lineNumber, "column");
            rows.Add(row);
            cols.Add(col);
        }

        return ([.. rows], [.. cols]);
    }

    /// <summary>
    /// Reads a prior-suspiciousness file as the FRAUDAR reference takes it: one non-negative number per line, line k for
    /// node k; nodes past the end of the file get 0.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="count">Number of nodes.</param>
    /// <returns>One prior per node.</returns>
    /// <exception cref="InputDataException">The file is missing or a line is not a non-negative number.</exception>
    public static double[] ReadPriors(string path, int count)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw InputDataException.Missing(path, "a priors file (one number per line)");
        }

        var priors = new double[count];
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
            {
                throw new InputDataException($"{path}:{lineNumber}: '{text}' is not a non-negative number. A priors file holds one number per line.");
            }

            if (lineNumber <= count)
            {
                priors[lineNumber - 1] = value;
            }
        }

        return priors;
    }

    /// <summary>Writes an edge list (to a temporary file first, then moved into place).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="rows">Row of each edge.</param>
    /// <param name="cols">Column of each edge.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <exception cref="ArgumentException">The lists differ in length or hold a negative id.</exception>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is <see langword="false"/>.</exception>
    public static void Write(string path, IReadOnlyList<int> rows, IReadOnlyList<int> cols, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(cols);
        if (rows.Count != cols.Count)
        {
            throw new ArgumentException($"rows has {rows.Count} entries but cols has {cols.Count}.", nameof(cols));
        }

        if (!overwrite && File.Exists(path))
        {
            throw new IOException($"{path}: already exists; pass overwrite to replace it.");
        }

        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, append: false))
        {
            for (var e = 0; e < rows.Count; e++)
            {
                if (rows[e] < 0 || cols[e] < 0)
                {
                    throw new ArgumentException($"Edge {e} ({rows[e]}, {cols[e]}) has a negative id.", nameof(rows));
                }

                writer.Write(rows[e].ToString(CultureInfo.InvariantCulture));
                writer.Write(' ');
                writer.Write(cols[e].ToString(CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }

        File.Move(temp, path, overwrite);
    }

    private static int NextInt(ref ReadOnlySpan<char> rest, string path, int lineNumber, string what)
    {
        rest = rest.TrimStart();
        var end = 0;
        while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
        {
            end++;
        }

        var token = rest[..end];
        rest = rest[end..];
        if (token.IsEmpty)
        {
            throw new InputDataException(string.Create(CultureInfo.InvariantCulture, $"{path}:{lineNumber}: missing {what}; each line must be 'row col' (two non-negative integers)."));
        }

        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new InputDataException(string.Create(CultureInfo.InvariantCulture, $"{path}:{lineNumber}: {what} '{token}' is not a non-negative integer; each line must be 'row col' (0-based ids)."));
        }

        return value;
    }
}
