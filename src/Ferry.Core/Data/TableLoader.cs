using Ferry.Core.Data.Sources;
using Ferry.Core.Spec;

namespace Ferry.Core.Data;

/// <summary>Loads a source into a <see cref="DataTable"/> in two streaming passes: the first infers each
/// column's kind and counts rows, the second fills typed arrays (floats, or category codes). No text copy of
/// the source is ever held: a numeric cell takes four bytes, a category cell one (<see cref="CategoryColumn"/>). Both
/// passes read one snapshot of the source (<see cref="IRecordSource.Snapshot"/>), so a database query gives them the same rows.</summary>
public static class TableLoader
{
    public static DataTable Load(string path, IReadOnlySet<string>? categoryColumns = null) =>
        Load(new CsvSource(path), new LoadOptions { Categories = categoryColumns ?? new HashSet<string>() }, CancellationToken.None);

    public static DataTable Load(DataSpec data, string baseDirectory, LoadOptions options, CancellationToken cancellationToken) =>
        Load(RecordSources.For(data, baseDirectory), options, cancellationToken);

    public static DataTable Load(IRecordSource source, LoadOptions options, CancellationToken cancellationToken)
    {
        using var snapshot = source.Snapshot(cancellationToken);
        return Load(snapshot, options, cancellationToken);
    }

    private static DataTable Load(IRecordSnapshot source, LoadOptions options, CancellationToken cancellationToken)
    {
        var (columns, kept, rowCount) = Infer(source, options, cancellationToken);
        var numbers = new float[]?[columns.Length];
        var texts = new CategoryColumn?[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            if (columns[c].Kind == ColumnKind.Category)
            {
                texts[c] = new CategoryColumn(rowCount);
            }
            else
            {
                numbers[c] = new float[rowCount];
            }
        }

        using var fingerprint = new CellFingerprint();
        using var cursor = source.Open(cancellationToken);
        var dropped = Enumerable.Range(0, cursor.Columns.Count).Except(kept).ToArray();
        var droppedKeys = dropped.Length > 0 ? new ulong[rowCount] : null;
        for (var row = 0; row < rowCount; row++)
        {
            if (!cursor.MoveNext())
            {
                throw Changed(source, rowCount);
            }

            if (droppedKeys is not null)
            {
                droppedKeys[row] = DroppedKey(cursor.Cells, dropped);
            }

            for (var c = 0; c < columns.Length; c++)
            {
                var cell = cursor.Cells[kept[c]];
                fingerprint.Add(cell);
                if (texts[c] is { } column)
                {
                    column.Set(row, cell);
                }
                else
                {
                    numbers[c]![row] = (float)Parse(columns[c], cell, source, cursor);
                }
            }
        }

        if (cursor.MoveNext())
        {
            throw Changed(source, rowCount);
        }

        return new DataTable(columns, numbers, texts, rowCount, source.Name, fingerprint.Finish()) { DroppedKeys = droppedKeys };
    }

    private static FerryException Changed(IRecordSource source, int rowCount) =>
        new($"{source.Name}: changed while it was being read (the first pass read {rowCount} rows, the second a different number); load it again when it is not being written");

    private static (ColumnInfo[] Columns, int[] Kept, int RowCount) Infer(IRecordSource source, LoadOptions options, CancellationToken cancellationToken)
    {
        using var cursor = source.Open(cancellationToken);
        var unknown = options.Drop.Concat(options.Dates).Where(name => !cursor.Columns.Contains(name)).ToArray();
        if (unknown.Length > 0)
        {
            throw new FerryException($"{source.Name}: the spec names column(s) {string.Join(", ", unknown.Select(n => $"'{n}'"))} that are not in the data (columns: {string.Join(", ", cursor.Columns)})");
        }

        var kept = Enumerable.Range(0, cursor.Columns.Count).Where(c => !options.Drop.Contains(cursor.Columns[c])).ToArray();
        var sniffers = kept.Select(_ => new KindSniffer()).ToArray();
        var rows = 0;
        while (cursor.MoveNext())
        {
            rows++;
            for (var i = 0; i < kept.Length; i++)
            {
                sniffers[i].See(cursor.Cells[kept[i]]);
            }
        }

        if (rows == 0)
        {
            throw new FerryException($"{source.Name}: has a header but no data rows");
        }

        var columns = new ColumnInfo[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            var name = cursor.Columns[kept[i]];
            if (sniffers[i].Present == 0)
            {
                throw new FerryException($"{source.Name}: column '{name}' is entirely empty ({rows} rows, no values); remove it with features.drop");
            }

            var kind = options.Categories.Contains(name) ? ColumnKind.Category
                : options.Dates.Contains(name) ? ColumnKind.Date
                : sniffers[i].Kind;
            columns[i] = new ColumnInfo(name, kind);
        }

        return (columns, kept, rows);
    }

    /// <summary>A 64-bit FNV-1a hash of the cells of the columns that are not loaded, so exact duplicates are judged on
    /// whole source rows: two rows that differ only in a dropped identifier are not duplicates.</summary>
    private static ulong DroppedKey(IReadOnlyList<string?> cells, int[] dropped)
    {
        var key = 14695981039346656037UL;
        foreach (var column in dropped)
        {
            foreach (var c in cells[column] ?? "\0")
            {
                key = (key ^ c) * 1099511628211UL;
            }

            key = (key ^ '\u001f') * 1099511628211UL;
        }

        return key;
    }

    private static double Parse(ColumnInfo column, string? cell, IRecordSource source, IRecordCursor cursor)
    {
        if (cell is null)
        {
            return double.NaN;
        }

        return ValueParser.TryParse(column.Kind, cell, out var value)
            ? value
            : throw new FerryException($"{source.Name} {cursor.Location} column '{column.Name}': '{cell}' is not {ValueParser.Describe(column.Kind)}");
    }
}
