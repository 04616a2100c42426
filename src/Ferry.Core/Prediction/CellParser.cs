using System.Globalization;
using Ferry.Core.Data;

namespace Ferry.Core.Prediction;

/// <summary>Puts a cell into an <see cref="InputRow"/> according to the column's kind: the one path every
/// prediction input (a file's text cell, a request's JSON value) takes into a row.</summary>
public static class CellParser
{
    /// <summary>What a number must be to be a feature: features are 32-bit floats.</summary>
    public static readonly string FiniteNumber = $"a finite number a 32-bit float can hold (between -{float.MaxValue.ToString("G3", CultureInfo.InvariantCulture)} and {float.MaxValue.ToString("G3", CultureInfo.InvariantCulture)})";

    /// <returns>null when the cell was stored; otherwise what was expected, for the error message.</returns>
    public static string? TrySet(InputRow row, int column, ColumnInfo info, string? text)
    {
        if (ValueParser.IsMissing(text))
        {
            row.SetMissing(column);
            return null;
        }

        if (info.Kind == ColumnKind.Category)
        {
            row.SetText(column, text);
            return null;
        }

        if (!ValueParser.TryParse(info.Kind, text!, out var value))
        {
            return info.Kind == ColumnKind.Number && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? FiniteNumber
                : ValueParser.Describe(info.Kind);
        }

        return TrySetNumber(row, column, value);
    }

    /// <returns>null when <paramref name="value"/> was stored; otherwise what was expected, for the error message.</returns>
    public static string? TrySetNumber(InputRow row, int column, double value) =>
        row.TrySetNumber(column, value) ? null : FiniteNumber;
}
