namespace Ferry.Core.Data;

/// <summary>A table row seen through a column map: column i of this row is column map[i] of the table.</summary>
internal readonly struct ProjectedRow(DataTable table, int[] map, int row) : ITableRow
{
    public double Number(int column) => table.Numbers(map[column])[row];

    public string? Text(int column) => table.Texts(map[column])[row];
}
