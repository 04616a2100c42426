using System.Globalization;
using Ferry.Core.Data;
using Ferry.Core.Preparation;

namespace Ferry.Core.Evaluation;

/// <summary>Builds <see cref="FeatureReference"/>s from column values.</summary>
public static class ReferenceProfiler
{
    public const int SampleSize = 1000;

    /// <summary>The most rows a reference is computed from; larger parts are sampled (seeded), which keeps training on
    /// a large file from copying whole columns and changes the deciles, quantiles and shares by well under 1%.</summary>
    public const int MaxRows = 100_000;
    public const int FewValues = 20;
    private const int MaxCategories = 100;
    public const string Other = "(other)";
    public const string Prediction = "prediction";

    /// <summary>The reference of a numeric column (NaN: missing).</summary>
    public static FeatureReference Numeric(string column, IReadOnlyList<double> values)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(present);
        var distinct = CountDistinct(present);
        if (present.Length == 0)
        {
            return new FeatureReference { Column = column, Numeric = true, Missing = values.Count };
        }

        var (mean, std) = Statistics.MeanStd(present);
        var edges = Deciles(present);
        return new FeatureReference
        {
            Column = column,
            Numeric = true,
            Count = present.Length,
            Missing = values.Count - present.Length,
            Mean = mean,
            Std = std,
            Sample = present.Length <= SampleSize ? present : Quantiles(present, SampleSize),
            Edges = edges,
            Shares = [.. Bins.Count(present, edges).Select(c => c / present.Length)],
            Frequencies = distinct <= FewValues
                ? present.GroupBy(Key).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal)
                : new Dictionary<string, double>(),
        };
    }

    /// <summary>The reference of a category column (null: missing); categories past the 100 most frequent count as (other).</summary>
    public static FeatureReference Category(string column, IReadOnlyList<string?> values)
    {
        var counts = values.OfType<string>().GroupBy(v => v, StringComparer.Ordinal)
            .Select(g => (g.Key, Count: (double)g.Count())).OrderByDescending(p => p.Count).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        var frequencies = counts.Take(MaxCategories).ToDictionary(p => p.Key, p => p.Count, StringComparer.Ordinal);
        if (counts.Count > MaxCategories)
        {
            frequencies[Other] = counts.Skip(MaxCategories).Sum(p => p.Count);
        }

        var present = (int)counts.Sum(p => p.Count);
        return new FeatureReference
        {
            Column = column,
            Numeric = false,
            Count = present,
            Missing = values.Count - present,
            Frequencies = frequencies,
        };
    }

    /// <summary>The reference of a training run: every input column over the training rows, and the predicted labels
    /// (or values) of the test rows, which the model had not seen.</summary>
    /// <param name="table">The loaded data.</param>
    /// <param name="columns">The input columns, in input order.</param>
    /// <param name="train">The training rows.</param>
    /// <param name="predictions">Predicted labels of the test rows, or null for regression.</param>
    /// <param name="values">Predicted values of the test rows (regression), or null.</param>
    /// <param name="seed">The seed of the sample taken from parts larger than <see cref="MaxRows"/>.</param>
    public static ReferenceProfile Build(DataTable table, IReadOnlyList<int> columns, IReadOnlyList<int> train, IReadOnlyList<string?>? predictions, IReadOnlyList<double>? values, int seed)
    {
        var rows = train.Count;
        train = RowSample.Take(train, MaxRows, seed);
        predictions = predictions is null ? null : RowSample.Take(predictions, MaxRows, seed);
        values = values is null ? null : RowSample.Take(values, MaxRows, seed);
        var features = columns.Select(c => table.Columns[c].Kind == ColumnKind.Category
            ? Category(table.Columns[c].Name, [.. train.Select(row => table.Texts(c)[row])])
            : Numeric(table.Columns[c].Name, [.. train.Select(row => (double)table.Numbers(c)[row])])).ToArray();
        var prediction = predictions is not null ? Category(Prediction, predictions) : values is not null ? Numeric(Prediction, values) : null;
        return new ReferenceProfile(rows, features, prediction);
    }

    /// <summary>The invariant text a number is counted under.</summary>
    public static string Key(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static int CountDistinct(double[] sorted)
    {
        var distinct = sorted.Length > 0 ? 1 : 0;
        for (var i = 1; i < sorted.Length && distinct <= FewValues; i++)
        {
            distinct += sorted[i] != sorted[i - 1] ? 1 : 0;
        }

        return distinct;
    }

    private static double[] Quantiles(double[] sorted, int count) =>
        [.. Enumerable.Range(0, count).Select(k => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor((k + 0.5) * sorted.Length / count))])];

    private static double[] Deciles(double[] sorted) =>
        [.. Enumerable.Range(1, 9).Select(k => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(k * sorted.Length / 10.0))]).Distinct()
            .Where(edge => edge < sorted[^1])];
}
