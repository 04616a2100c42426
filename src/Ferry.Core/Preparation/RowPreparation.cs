using Ferry.Core.Data;

namespace Ferry.Core.Preparation;

/// <summary>Row-level preparation: exact duplicates, forward fill, and the training rows dropped for a
/// missing value or an outlier (bounds from the training rows only; test rows are never dropped).</summary>
public static class RowPreparation
{
    /// <summary>The rows without the later copies of any exact duplicate (every column equal, the columns not loaded
    /// included through <see cref="DataTable.DroppedKeys"/>), in their original order. Rows are sorted by a hash and
    /// rows of equal hash compared cell by cell, so the memory used is 9 bytes a row rather than a hash set of rows.</summary>
    public static int[] DropDuplicates(DataTable table, int[] rows)
    {
        var hashes = new int[rows.Length];
        var order = (int[])rows.Clone();
        for (var i = 0; i < order.Length; i++)
        {
            hashes[i] = Hash(table, order[i]);
        }

        Array.Sort(hashes, order);
        var duplicate = new bool[table.RowCount];
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && hashes[end] == hashes[start])
            {
                end++;
            }

            MarkDuplicates(table, order.AsSpan(start, end - start), duplicate);
            start = end;
        }

        var kept = new int[rows.Length - rows.Count(row => duplicate[row])];
        for (int i = 0, k = 0; i < rows.Length; i++)
        {
            if (!duplicate[rows[i]])
            {
                kept[k++] = rows[i];
            }
        }

        return kept;
    }

    /// <summary>Within rows of one hash, marks every row that equals an earlier row.</summary>
    private static void MarkDuplicates(DataTable table, Span<int> group, bool[] duplicate)
    {
        if (group.Length == 1)
        {
            return;
        }

        group.Sort();
        for (var i = 1; i < group.Length; i++)
        {
            for (var earlier = 0; earlier < i; earlier++)
            {
                if (!duplicate[group[earlier]] && Equal(table, group[earlier], group[i]))
                {
                    duplicate[group[i]] = true;
                    break;
                }
            }
        }
    }

    /// <summary>Fills each missing cell of the columns with the last present value above it, in data order.</summary>
    public static void ForwardFill(DataTable table, IEnumerable<int> columns)
    {
        foreach (var column in columns)
        {
            if (table.Columns[column].Kind == ColumnKind.Category)
            {
                var cells = table.Texts(column);
                for (var row = 1; row < cells.Count; row++)
                {
                    if (cells.Code(row) == 0)
                    {
                        cells.SetCode(row, cells.Code(row - 1));
                    }
                }
            }
            else
            {
                var cells = table.Numbers(column);
                for (var row = 1; row < cells.Length; row++)
                {
                    cells[row] = float.IsNaN(cells[row]) ? cells[row - 1] : cells[row];
                }
            }
        }
    }

    public static int[] DropMissing(DataTable table, int[] rows, IReadOnlyList<int> columns) => columns.Count == 0 ? rows
        : [.. rows.Where(row => !columns.Any(column => IsMissing(table, column, row)))];

    /// <summary>Drops the rows with a value outside [Q1 - 1.5 IQR, Q3 + 1.5 IQR] of any of the columns, the
    /// quartiles taken over <paramref name="rows"/> themselves.</summary>
    public static int[] DropOutliers(DataTable table, int[] rows, IReadOnlyList<int> columns)
    {
        if (columns.Count == 0)
        {
            return rows;
        }

        var bounds = columns.Select(column => Statistics.IqrBounds([.. rows.Select(row => (double)table.Numbers(column)[row]).Where(v => !double.IsNaN(v))])).ToArray();
        return [.. rows.Where(row => !columns.Select((column, i) => (Value: table.Numbers(column)[row], Bounds: bounds[i]))
            .Any(pair => pair.Value < pair.Bounds.Low || pair.Value > pair.Bounds.High))];
    }

    private static bool IsMissing(DataTable table, int column, int row) => table.Columns[column].Kind == ColumnKind.Category
        ? table.Texts(column).Code(row) == 0
        : float.IsNaN(table.Numbers(column)[row]);

    private static int Hash(DataTable table, int row)
    {
        var hash = new HashCode();
        hash.Add(table.DroppedKeys?[row]);
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (table.Columns[c].Kind == ColumnKind.Category)
            {
                hash.Add(table.Texts(c).Code(row));
            }
            else
            {
                hash.Add(table.Numbers(c)[row]);
            }
        }

        return hash.ToHashCode();
    }

    private static bool Equal(DataTable table, int a, int b)
    {
        if (table.DroppedKeys is { } keys && keys[a] != keys[b])
        {
            return false;
        }

        for (var c = 0; c < table.Columns.Count; c++)
        {
            var same = table.Columns[c].Kind == ColumnKind.Category
                ? table.Texts(c).Code(a) == table.Texts(c).Code(b)
                : table.Numbers(c)[a].Equals(table.Numbers(c)[b]);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }
}
