namespace Ferry.Core.Data;

/// <summary>A row whose one <paramref name="column"/> is read from another row (-1: none is).</summary>
internal readonly struct SwappedRow<TRow>(TRow row, int column, TRow source) : ITableRow
    where TRow : ITableRow
{
    public double Number(int index) => index == column ? source.Number(index) : row.Number(index);

    public string? Text(int index) => index == column ? source.Text(index) : row.Text(index);
}
