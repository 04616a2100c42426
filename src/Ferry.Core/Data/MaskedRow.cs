namespace Ferry.Core.Data;

/// <summary>A row whose one <paramref name="column"/> reads as missing, so the featurizer fills it with the training statistic.</summary>
internal readonly struct MaskedRow<TRow>(TRow row, int column) : ITableRow
    where TRow : ITableRow
{
    public double Number(int index) => index == column ? double.NaN : row.Number(index);

    public string? Text(int index) => index == column ? null : row.Text(index);
}
