using System.Runtime.CompilerServices;

namespace FollowerAudit.Core.Detectors.Fraudar;

/// <summary>A binary bipartite graph in compressed-sparse-row form both ways (rows → cols and cols → rows), duplicates removed.</summary>
internal sealed class BipartiteCsr
{
    private BipartiteCsr(int rowCount, int colCount, int[] rowPtr, int[] rowCols, int[] colPtr, int[] colRows)
    {
        RowCount = rowCount;
        ColCount = colCount;
        RowPtr = rowPtr;
        RowCols = rowCols;
        ColPtr = colPtr;
        ColRows = colRows;
    }

    internal int RowCount { get; }

    internal int ColCount { get; }

    internal int[] RowPtr { get; }

    internal int[] RowCols { get; }

    internal int[] ColPtr { get; }

    internal int[] ColRows { get; }

    internal int EdgeCount => RowCols.Length;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static BipartiteCsr Build(int rowCount, int colCount, int[] rows, int[] cols)
    {
        var rowPtr = new int[rowCount + 1];
        for (var e = 0; e < rows.Length; e++)
        {
            var r = rows[e];
            var c = cols[e];
            if ((uint)r >= (uint)rowCount || (uint)c >= (uint)colCount)
            {
                throw new ArgumentException($"Edge {e} ({r}, {c}) is outside the {rowCount} x {colCount} graph.", nameof(rows));
            }

            rowPtr[r + 1]++;
        }

        for (var i = 0; i < rowCount; i++)
        {
            rowPtr[i + 1] += rowPtr[i];
        }

        var cursor = new int[rowCount];
        Array.Copy(rowPtr, cursor, rowCount);
        var rowCols = new int[rows.Length];
        for (var e = 0; e < rows.Length; e++)
        {
            rowCols[cursor[rows[e]]++] = cols[e];
        }

        return FromRowLists(rowCount, colCount, rowPtr, rowCols);
    }

    // Removes every edge whose row and column are both in the block.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal BipartiteCsr WithoutBlock(IReadOnlyList<int> blockRows, IReadOnlyList<int> blockCols)
    {
        var inRow = new bool[RowCount];
        var inCol = new bool[ColCount];
        foreach (var r in blockRows)
        {
            inRow[r] = true;
        }

        foreach (var c in blockCols)
        {
            inCol[c] = true;
        }

        var rowPtr = new int[RowCount + 1];
        var rowCols = new int[RowCols.Length];
        var count = 0;
        for (var i = 0; i < RowCount; i++)
        {
            for (var e = RowPtr[i]; e < RowPtr[i + 1]; e++)
            {
                if (!(inRow[i] && inCol[RowCols[e]]))
                {
                    rowCols[count++] = RowCols[e];
                }
            }

            rowPtr[i + 1] = count;
        }

        Array.Resize(ref rowCols, count);
        return FromRowLists(RowCount, ColCount, rowPtr, rowCols);
    }

    // Deduplicates each row's list in place (a stamp per column: O(edges)), then builds the column-major copy.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BipartiteCsr FromRowLists(int rowCount, int colCount, int[] rowPtr, int[] rowCols)
    {
        var stamp = new int[colCount];
        Array.Fill(stamp, -1);
        var write = 0;
        var start = 0;
        for (var i = 0; i < rowCount; i++)
        {
            var end = rowPtr[i + 1];
            rowPtr[i] = write;
            for (var e = start; e < end; e++)
            {
                var c = rowCols[e];
                if (stamp[c] != i)
                {
                    stamp[c] = i;
                    rowCols[write++] = c;
                }
            }

            start = end;
        }

        rowPtr[rowCount] = write;
        if (write < rowCols.Length)
        {
            Array.Resize(ref rowCols, write);
        }

        var colPtr = new int[colCount + 1];
        foreach (var c in rowCols)
        {
            colPtr[c + 1]++;
        }

        for (var j = 0; j < colCount; j++)
        {
            colPtr[j + 1] += colPtr[j];
        }

        // The stamps are no longer needed: reuse the array as the fill cursor.
        var cursor = stamp;
        Array.Copy(colPtr, cursor, colCount);
        var colRows = new int[write];
        for (var i = 0; i < rowCount; i++)
        {
            for (var e = rowPtr[i]; e < rowPtr[i + 1]; e++)
            {
                colRows[cursor[rowCols[e]]++] = i;
            }
        }

        return new BipartiteCsr(rowCount, colCount, rowPtr, rowCols, colPtr, colRows);
    }
}
