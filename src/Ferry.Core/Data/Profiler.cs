
namespace Ferry.Core.Data;

/// <summary>Profiles a loaded table: per column missing and distinct counts, mean, standard deviation,
/// min, quartiles, max and IQR outliers (numbers), most frequent values (categories); duplicates; class balance.
/// One buffer of a column's length (and one radix-sort scratch) is reused for every numeric column, so profiling adds
/// little to the table's memory.</summary>
public static class Profiler
{
    private const int TopCount = 5;

    /// <param name="table">The loaded table.</param>
    /// <param name="target">The target column, for the class balance.</param>
    /// <param name="duplicates">Exact duplicate rows when the caller has counted them (training has), else counted here.</param>
    public static TableProfile Profile(DataTable table, string? target, int? duplicates = null)
    {
        duplicates ??= table.RowCount - DuplicateRows.Drop(table, [.. Enumerable.Range(0, table.RowCount)]).Length;
        var buffer = new float[table.RowCount];
        var scratch = new uint[table.Columns.Any(c => c.Kind != ColumnKind.Category) ? table.RowCount : 0];
        var columns = Enumerable.Range(0, table.Columns.Count)
            .Select(c => table.Columns[c].Kind == ColumnKind.Category ? Category(table, c) : Numeric(table, c, buffer, scratch))
            .ToArray();
        var targetIndex = target is null ? -1 : table.IndexOf(target);
        var balance = targetIndex >= 0 && table.Columns[targetIndex].Kind == ColumnKind.Category ? Counts(table.Texts(targetIndex)).Counts : null;
        return new TableProfile(table.Source, table.RowCount, duplicates.Value, columns, target, balance);
    }

    private static ColumnProfile Category(DataTable table, int column)
    {
        var (counts, missing) = Counts(table.Texts(column));
        return new ColumnProfile(table.Columns[column].Name, ColumnKind.Category, missing, counts.Count,
            null, null, null, null, null, null, null, null, [.. counts.Take(TopCount)]);
    }

    private static ColumnProfile Numeric(DataTable table, int column, float[] buffer, uint[] scratch)
    {
        var info = table.Columns[column];
        var count = 0;
        foreach (var value in table.Numbers(column))
        {
            if (!float.IsNaN(value))
            {
                buffer[count++] = value;
            }
        }

        var values = buffer.AsSpan(0, count);
        RadixSort.Sort(values, scratch);
        ReadOnlySpan<float> present = values;
        double sum = 0, squares = 0;
        var distinct = 0;
        for (var i = 0; i < present.Length; i++)
        {
            sum += present[i];
            distinct += i == 0 || present[i] != present[i - 1] ? 1 : 0;
        }

        var mean = sum / count;
        foreach (var value in present)
        {
            squares += (value - mean) * (value - mean);
        }

        var (low, high) = Statistics.IqrBoundsOfSorted(present);
        var outliers = 0;
        foreach (var value in present)
        {
            outliers += value < low || value > high ? 1 : 0;
        }

        return new ColumnProfile(info.Name, info.Kind, table.RowCount - count, distinct, mean, Math.Sqrt(squares / Math.Max(1, count - 1)),
            present[0], Statistics.Quantile(present, 0.25), Statistics.Quantile(present, 0.5), Statistics.Quantile(present, 0.75), present[^1],
            info.Kind == ColumnKind.Number ? outliers : null, []);
    }

    /// <summary>The count of each value present, most frequent first (ties in ordinal order), and of missing cells.</summary>
    private static (List<KeyValuePair<string, int>> Counts, int Missing) Counts(CategoryColumn cells)
    {
        var byCode = cells.CodeCounts();
        return (cells.Frequencies(byCode), byCode[0]);
    }
}
