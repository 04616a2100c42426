namespace Ferry.Core.Data;

/// <summary>Exact duplicate rows: what profiling counts and what preparation drops.</summary>
internal static class DuplicateRows
{
    /// <summary>The rows without the later copies of any exact duplicate (every column equal, the columns not loaded
    /// included through <see cref="DataTable.DroppedKeys"/>), in their original order. Rows are sorted by a hash and
    /// rows of equal hash compared cell by cell, so the memory used is 9 bytes a row rather than a hash set of rows.</summary>
    public static int[] Drop(DataTable table, int[] rows)
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
