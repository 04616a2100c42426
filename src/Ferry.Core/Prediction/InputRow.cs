using Ferry.Core.Data;

namespace Ferry.Core.Prediction;

/// <summary>One request row in the model's input schema, with missing cells as NaN or null. Features are 32-bit
/// floats, so a number is held only when a float can hold it: nothing infinite (or too large for a float) ever
/// reaches a prediction or the prediction log. NaN is the missing value, as in every table of Ferry's.</summary>
public sealed class InputRow(int columnCount) : ITableRow
{
    private readonly double[] _numbers = new double[columnCount];
    private readonly string?[] _texts = new string?[columnCount];

    public double Number(int column) => _numbers[column];

    public string? Text(int column) => _texts[column];

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is infinite, or too large for a 32-bit float.</exception>
    public void SetNumber(int column, double value)
    {
        if (!TrySetNumber(column, value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "a feature must be finite as a 32-bit float, or NaN for a missing value");
        }
    }

    /// <returns>false, holding nothing, when <paramref name="value"/> is infinite or too large for a 32-bit float (NaN,
    /// the missing value, is held).</returns>
    public bool TrySetNumber(int column, double value)
    {
        if (!double.IsNaN(value) && !float.IsFinite((float)value))
        {
            return false;
        }

        _numbers[column] = value;
        return true;
    }

    public void SetText(int column, string? value) => _texts[column] = value;

    public void SetMissing(int column)
    {
        _numbers[column] = double.NaN;
        _texts[column] = null;
    }
}
