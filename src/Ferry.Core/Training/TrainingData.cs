using Ferry.Core.Data;
using Ferry.Core.Features;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;

namespace Ferry.Core.Training;

/// <summary>A loaded table with its target read and its feature columns chosen (every loaded column but the target and
/// the identifier-like ones, <see cref="IdentifierColumns"/>), checked against what the spec says of columns.</summary>
internal sealed class TrainingData
{
    public TrainingData(DataTable table, ProblemSpec spec)
    {
        Table = table;
        Spec = spec;
        Target = Target.Read(table, spec);
        var inputs = Enumerable.Range(0, table.Columns.Count).Where(c => table.Columns[c].Name != spec.Target).ToArray();
        var identifiers = IdentifierColumns.Find(table, inputs, Target.Rows(), spec.Features);
        Identifiers = [.. identifiers.Select(c => table.Columns[c].Name)];
        FeatureColumns = [.. inputs.Except(identifiers)];
        if (FeatureColumns.Length == 0 && spec.Features.Derive.Count == 0)
        {
            throw new FerryException($"{table.Source}: there are no feature columns besides the target '{spec.Target}'"
                + (identifiers.Length > 0 ? $" ({string.Join(", ", Identifiers)} left out: {PreparationSummary.IdentifierReason}; keep one with features.encode: {{ {Identifiers[0]}: one-hot }})" : ""));
        }

        SpecColumns.Check(spec, table);
    }

    public DataTable Table { get; }

    public ProblemSpec Spec { get; }

    public ProblemType Type => Spec.Type;

    public Target Target { get; }

    /// <summary>Table column index of each model input, in input-schema order.</summary>
    public int[] FeatureColumns { get; }

    /// <summary>The category columns left out of the inputs because nearly every value is distinct, in table order.</summary>
    public IReadOnlyList<string> Identifiers { get; }

    /// <summary>The table columns that the `prepare.missing` rules give <paramref name="strategy"/>.</summary>
    public IReadOnlyList<int> ColumnsWith(MissingStrategy strategy) =>
        [.. Spec.Prepare.Missing.Where(pair => pair.Value.Strategy == strategy).Select(pair => Table.IndexOf(pair.Key)).Where(c => c >= 0)];

    public IReadOnlyList<int> ColumnsWith(OutlierRule rule) =>
        [.. Spec.Prepare.Outliers.Where(pair => pair.Value == rule).Select(pair => Table.IndexOf(pair.Key))];
}
