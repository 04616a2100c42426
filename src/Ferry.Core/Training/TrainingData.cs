using Ferry.Core.Data;
using Ferry.Core.Features;
using Ferry.Core.Spec;

namespace Ferry.Core.Training;

/// <summary>A loaded table with its target read and its feature columns chosen (every loaded column but
/// the target), checked against what the spec says of columns.</summary>
internal sealed class TrainingData
{
    public TrainingData(DataTable table, ProblemSpec spec)
    {
        Table = table;
        Spec = spec;
        Target = Target.Read(table, spec);
        FeatureColumns = [.. Enumerable.Range(0, table.Columns.Count).Where(c => table.Columns[c].Name != spec.Target)];
        if (FeatureColumns.Length == 0 && spec.Features.Derive.Count == 0)
        {
            throw new FerryException($"{table.Source}: there are no feature columns besides the target '{spec.Target}'");
        }

        SpecColumns.Check(spec, table);
    }

    public DataTable Table { get; }

    public ProblemSpec Spec { get; }

    public ProblemType Type => Spec.Type;

    public Target Target { get; }

    /// <summary>Table column index of each model input, in input-schema order.</summary>
    public int[] FeatureColumns { get; }

    /// <summary>The table columns that the `prepare.missing` rules give <paramref name="strategy"/>.</summary>
    public IReadOnlyList<int> ColumnsWith(MissingStrategy strategy) =>
        [.. Spec.Prepare.Missing.Where(pair => pair.Value.Strategy == strategy).Select(pair => Table.IndexOf(pair.Key)).Where(c => c >= 0)];

    public IReadOnlyList<int> ColumnsWith(OutlierRule rule) =>
        [.. Spec.Prepare.Outliers.Where(pair => pair.Value == rule).Select(pair => Table.IndexOf(pair.Key))];
}
