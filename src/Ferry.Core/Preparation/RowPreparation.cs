using Ferry.Core.Data;

namespace Ferry.Core.Preparation;

/// <summary>Row-level preparation: forward fill, and the training rows dropped for a missing value or an outlier
/// (bounds from the training rows only; test rows are never dropped). Exact duplicates are <see cref="DuplicateRows"/>'s.</summary>
internal static class RowPreparation
{
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
}
