using System.Numerics;
using Ferry.Core.Spec;

namespace Ferry.Core.Data;

/// <summary>The statistics preparation and features are fitted with: median, mode, IQR bounds, scaling.</summary>
internal static class Statistics
{
    public static double Median(double[] values) => Quantile(Sorted(values), 0.5);

    /// <summary>A quantile of sorted values with linear interpolation (numpy's default).</summary>
    public static double Quantile<T>(ReadOnlySpan<T> sorted, double q)
        where T : INumberBase<T>
    {
        var position = (sorted.Length - 1) * q;
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        var lowValue = double.CreateTruncating(sorted[low]);
        return lowValue + (double.CreateTruncating(sorted[high]) - lowValue) * (position - low);
    }

    /// <summary>The nearest-rank quantile of sorted values (no interpolation), NaN when there are none.</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(q * sorted.Count) - 1)];

    public static double Mode(double[] values) =>
        values.GroupBy(value => value).OrderByDescending(group => group.Count()).ThenBy(group => group.Key).First().Key;

    /// <summary>Tukey's fences: [Q1 - 1.5 IQR, Q3 + 1.5 IQR].</summary>
    public static (double Low, double High) IqrBounds(double[] values) => IqrBoundsOfSorted(Sorted(values));

    public static (double Low, double High) IqrBoundsOfSorted<T>(ReadOnlySpan<T> sorted)
        where T : INumberBase<T>
    {
        var q1 = Quantile(sorted, 0.25);
        var q3 = Quantile(sorted, 0.75);
        return (q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1));
    }

    private static double[] Sorted(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>Mean and population standard deviation (numpy's defaults); NaN for no values.</summary>
    public static (double Mean, double Std) MeanStd(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return (double.NaN, double.NaN);
        }

        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        var mean = sum / values.Length;
        var squares = 0.0;
        foreach (var value in values)
        {
            squares += (value - mean) * (value - mean);
        }

        return (mean, Math.Sqrt(squares / values.Length));
    }

    /// <summary>The centre and scale a value is shifted and divided by: mean and population standard
    /// deviation (as scikit-learn's StandardScaler), minimum and range (MinMaxScaler), or none.</summary>
    public static (double Center, double Scale) Scaling(double[] values, ScaleKind kind)
    {
        switch (kind)
        {
            case ScaleKind.Standard:
                var (mean, std) = MeanStd(values);
                return (mean, std > 0 ? std : 1);
            case ScaleKind.MinMax:
                var min = values.Min();
                var range = values.Max() - min;
                return (min, range > 0 ? range : 1);
            default:
                return (0, 1);
        }
    }

    /// <summary>The index of the largest value (the first of equal ones).</summary>
    public static int ArgMax(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
