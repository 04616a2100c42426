using Ferry.Core.Data;
using Ferry.Core.Spec;

namespace Ferry.Core.Training;

/// <summary>The target column read for training: class indices into <see cref="Classes"/> (sorted
/// ordinally, so the positive class of a binary problem is the last: 1, true, yes, malignant) or
/// regression values. Rows whose target is missing are left out of <see cref="Rows"/>.</summary>
internal sealed class Target
{
    private Target(string[] classes, ClassIndices classIndex, double[] values)
    {
        Classes = classes;
        ClassIndex = classIndex;
        Values = values;
    }

    public string[] Classes { get; }

    /// <summary>Class index per table row (-1 where missing); empty for regression.</summary>
    public ClassIndices ClassIndex { get; }

    /// <summary>Value per table row (NaN where missing); empty for classification.</summary>
    public double[] Values { get; }

    /// <summary>The table rows that have a target, counted first so the array is allocated once at its size.</summary>
    public int[] Rows()
    {
        var length = Math.Max(ClassIndex.Count, Values.Length);
        var count = 0;
        for (var row = 0; row < length; row++)
        {
            count += HasValue(row) ? 1 : 0;
        }

        var rows = new int[count];
        for (int row = 0, k = 0; row < length; row++)
        {
            if (HasValue(row))
            {
                rows[k++] = row;
            }
        }

        return rows;
    }

    private bool HasValue(int row) => ClassIndex.Count > 0 ? ClassIndex[row] >= 0 : !double.IsNaN(Values[row]);

    public static Target Read(DataTable table, ProblemSpec spec)
    {
        var column = table.IndexOf(spec.Target);
        if (column < 0)
        {
            throw new FerryException($"{table.Source}: target column '{spec.Target}' is not in the data (columns: {string.Join(", ", table.Columns.Select(c => c.Name))})");
        }

        return spec.Type.IsClassification() ? ReadClasses(table, column, spec) : ReadValues(table, column);
    }

    private static Target ReadClasses(DataTable table, int column, ProblemSpec spec)
    {
        var cells = table.Texts(column);
        var classes = cells.Values.Order(StringComparer.Ordinal).ToArray();
        var expected = spec.Type == ProblemType.BinaryClassification ? "exactly 2" : "at least 2";
        if (classes.Length < 2 || (spec.Type == ProblemType.BinaryClassification && classes.Length != 2))
        {
            throw new FerryException($"{table.Source}: target column '{spec.Target}' has {classes.Length} distinct values ({string.Join(", ", classes.Take(10))}) but {spec.Type.ToName()} needs {expected}");
        }

        var classOfCode = new int[cells.Values.Count + 1];
        classOfCode[0] = -1;
        for (var code = 1; code < classOfCode.Length; code++)
        {
            classOfCode[code] = Array.BinarySearch(classes, cells.Values[code - 1], StringComparer.Ordinal);
        }

        return new Target(classes, new ClassIndices(cells, classOfCode), []);
    }

    private static Target ReadValues(DataTable table, int column)
    {
        var info = table.Columns[column];
        if (info.Kind != ColumnKind.Number)
        {
            var example = table.Texts(column).Values.FirstOrDefault(cell => !ValueParser.TryNumber(cell, out _));
            throw new FerryException($"{table.Source}: regression target column '{info.Name}' must be numeric, but it holds non-numbers such as '{example}'");
        }

        return new Target([], ClassIndices.None, Array.ConvertAll(table.Numbers(column), v => (double)v));
    }
}
