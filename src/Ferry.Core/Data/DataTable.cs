namespace Ferry.Core.Data;

/// <summary>A column-oriented table whose schema is known only at run time. Numbers, booleans and dates
/// are stored as 32-bit floats (NaN when missing): ML.NET trains on floats, and it halves the memory of a
/// large file. Categories are codes into their distinct values (<see cref="CategoryColumn"/>).</summary>
public sealed class DataTable
{
    private readonly float[]?[] _numbers;
    private readonly CategoryColumn?[] _texts;

    public DataTable(IReadOnlyList<ColumnInfo> columns, float[]?[] numbers, CategoryColumn?[] texts, int rowCount, string source, string fingerprint)
    {
        Columns = columns;
        _numbers = numbers;
        _texts = texts;
        RowCount = rowCount;
        Source = source;
        Fingerprint = fingerprint;
    }

    public IReadOnlyList<ColumnInfo> Columns { get; }

    public int RowCount { get; }

    /// <summary>Where the table came from (a file name), for messages.</summary>
    public string Source { get; }

    /// <summary>SHA-256 of every loaded cell, recorded with each model version trained on the table.</summary>
    public string Fingerprint { get; }

    /// <summary>Per row, a 64-bit hash of the cells of the source columns that were not loaded (features.drop); null
    /// when every column was loaded. Duplicate detection compares it, so it judges whole source rows.</summary>
    public ulong[]? DroppedKeys { get; init; }

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column)
            {
                return i;
            }
        }

        return -1;
    }

    public float[] Numbers(int column) => _numbers[column]
        ?? throw new InvalidOperationException($"column '{Columns[column].Name}' is not numeric");

    public CategoryColumn Texts(int column) => _texts[column]
        ?? throw new InvalidOperationException($"column '{Columns[column].Name}' is not a category");
}
