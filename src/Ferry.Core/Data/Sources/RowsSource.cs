namespace Ferry.Core.Data.Sources;

/// <summary>Rows already in memory as text cells (`ferry retrain`'s labelled production rows).</summary>
internal sealed class RowsSource(string name, IReadOnlyList<string> columns, IReadOnlyList<string?[]> rows) : IRecordSource
{
    public string Name => name;

    public IRecordCursor Open(CancellationToken cancellationToken) => new Cursor(columns, rows, name);

    private sealed class Cursor(IReadOnlyList<string> columns, IReadOnlyList<string?[]> rows, string name) : IRecordCursor
    {
        private int _row = -1;

        public IReadOnlyList<string> Columns => columns;

        public IReadOnlyList<string?> Cells => rows[_row];

        public string Location => $"{name} row {_row + 1}";

        public bool MoveNext() => ++_row < rows.Count;

        public void Dispose()
        {
        }
    }
}
