namespace Ferry.Core.Monitoring;

/// <summary>What the prediction log may hold in memory and write per cell.</summary>
/// <param name="Rows">The most records waiting to be written.</param>
/// <param name="Bytes">The most bytes (estimated from each record's text and values) waiting to be written.</param>
/// <param name="CellChars">The longest text a logged cell keeps; a longer one is logged cut to this length.</param>
public sealed record PredictionLogLimits(int Rows = PredictionLogLimits.DefaultRows, long Bytes = PredictionLogLimits.DefaultBytes, int CellChars = PredictionLogLimits.DefaultCellChars)
{
    public const int DefaultRows = 200_000;

    public const long DefaultBytes = 64L * 1024 * 1024;

    public const int DefaultCellChars = 1024;
}
