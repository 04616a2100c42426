using Ferry.Core.Data;
using Ferry.Core.Spec;

namespace Ferry.Core.Features;

/// <summary>Fits a <see cref="Featurizer"/> on the training rows only: fill values, clip bounds, scaling
/// statistics, categories, date references. Nothing else in Ferry sees training statistics.</summary>
internal static class FeaturizerEstimator
{
    private const int MaxCategories = 100;

    public static Featurizer Fit(DataTable table, IReadOnlyList<int> rows, IReadOnlyList<int> columns) =>
        Fit(table, rows, columns, FeatureSpec.Default, PrepareSpec.Default);

    /// <param name="table">The whole table.</param>
    /// <param name="rows">The training rows: the only rows whose values are looked at.</param>
    /// <param name="columns">The table columns that are model inputs, in input-schema order.</param>
    /// <param name="features">The `features:` section.</param>
    /// <param name="prepare">The `prepare:` section.</param>
    public static Featurizer Fit(DataTable table, IReadOnlyList<int> rows, IReadOnlyList<int> columns, FeatureSpec features, PrepareSpec prepare)
    {
        var inputs = columns.Select(c => table.Columns[c]).ToArray();
        var fitted = new List<ColumnFeature>();
        for (var i = 0; i < columns.Count; i++)
        {
            var info = inputs[i];
            var rule = prepare.Missing.GetValueOrDefault(info.Name);
            fitted.Add(info.Kind == ColumnKind.Category
                ? FitCategory(info, i, table.Texts(columns[i]), rows, rule, features.Encode.GetValueOrDefault(info.Name), features.Scale)
                : FitNumeric(info, i, [.. rows.Select(row => (double)table.Numbers(columns[i])[row])], rule, prepare.Outliers.GetValueOrDefault(info.Name), features));
        }

        foreach (var (name, text) in features.Derive)
        {
            var expression = DerivedColumns.Compile(name, text, inputs);
            var values = rows.Select(row => expression.Evaluate(new ProjectedRow(table, [.. columns], row))).ToArray();
            var derived = FitNumeric(new ColumnInfo(name, ColumnKind.Number), -1, values, prepare.Missing.GetValueOrDefault(name), OutlierRule.None, features);
            fitted.Add(derived with { Expression = text });
        }

        return new Featurizer(inputs, fitted);
    }

    private static ColumnFeature FitCategory(ColumnInfo info, int input, CategoryColumn cells, IReadOnlyList<int> rows, MissingRule? rule,
        IReadOnlyList<string>? order, ScaleKind scale)
    {
        var counts = cells.Frequencies(cells.CodeCounts(rows));
        var fill = rule?.Strategy switch
        {
            MissingStrategy.Constant => rule.Constant,
            MissingStrategy.ForwardFill => rows.Select(row => cells[row]).LastOrDefault(cell => cell is not null),
            _ => counts.FirstOrDefault().Key,
        };
        if (order is null)
        {
            var categories = counts.Take(MaxCategories).Select(pair => pair.Key).ToArray();
            return new ColumnFeature { Column = info.Name, Kind = info.Kind, Input = input, Encoding = FeatureEncoding.OneHot, FillCategory = fill, Categories = categories };
        }

        var positions = rows.Select(row => (double)Math.Max(0, IndexOf(order, cells[row] ?? fill))).ToArray();
        var (center, spread) = Statistics.Scaling(positions, scale);
        return new ColumnFeature
        {
            Column = info.Name,
            Kind = info.Kind,
            Input = input,
            Encoding = FeatureEncoding.Ordinal,
            FillCategory = fill,
            Categories = [.. order],
            Center = [center],
            Scale = [spread],
        };
    }

    private static ColumnFeature FitNumeric(ColumnInfo info, int input, double[] values, MissingRule? rule, OutlierRule outliers, FeatureSpec features)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        if (present.Length == 0)
        {
            throw new FerryException($"column '{info.Name}' has no values in the training rows; drop it (features.drop) or give it a constant (prepare.missing)");
        }

        var feature = new ColumnFeature { Column = info.Name, Kind = info.Kind, Input = input, Encoding = FeatureEncoding.Number, Log = features.Log.Contains(info.Name) };
        if (outliers == OutlierRule.IqrClip)
        {
            var (low, high) = Statistics.IqrBounds(present);
            feature = feature with { ClipLow = low, ClipHigh = high };
        }

        var shaped = present.Select(feature.Shape).ToArray();
        var fill = FillValue(info, values, shaped, rule, feature);
        var filled = values.Select(v => double.IsNaN(v) ? fill : feature.Shape(v)).ToArray();
        feature = feature with { Fill = fill };

        if (info.Kind == ColumnKind.Date)
        {
            var parts = features.Dates.TryGetValue(info.Name, out var wanted) ? wanted.ToArray() : [.. DateParts.Default];
            var reference = present.Max();
            var statistics = parts.Select(part => Statistics.Scaling([.. filled.Select(days => DateParts.Part(part, days, reference))], features.Scale)).ToArray();
            return feature with
            {
                Encoding = FeatureEncoding.DateParts,
                DateParts = parts,
                DateReference = reference,
                Center = [.. statistics.Select(s => s.Center)],
                Scale = [.. statistics.Select(s => s.Scale)],
            };
        }

        if (features.Bins.TryGetValue(info.Name, out var edges))
        {
            return feature with { Encoding = FeatureEncoding.Bins, BinEdges = [.. edges] };
        }

        var (center, scale) = info.Kind == ColumnKind.Boolean ? (0, 1) : Statistics.Scaling(filled, features.Scale);
        return feature with { Center = [center], Scale = [scale] };
    }

    private static double FillValue(ColumnInfo info, double[] values, double[] shaped, MissingRule? rule, ColumnFeature feature)
    {
        var strategy = rule?.Strategy ?? (info.Kind == ColumnKind.Boolean ? MissingStrategy.Mode : MissingStrategy.Median);
        return strategy switch
        {
            MissingStrategy.Mean => shaped.Average(),
            MissingStrategy.Mode => Statistics.Mode(shaped),
            MissingStrategy.Constant => ValueParser.TryParse(info.Kind, rule!.Constant!, out var constant)
                ? feature.Shape(constant)
                : throw new FerryException($"prepare.missing.{info.Name}: constant '{rule.Constant}' is not {ValueParser.Describe(info.Kind)}"),
            MissingStrategy.ForwardFill => feature.Shape(values.Last(v => !double.IsNaN(v))),
            _ => Statistics.Median(shaped),
        };
    }

    private static int IndexOf(IReadOnlyList<string> order, string? value)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
