using Ferry.Core.Data;
using Ferry.Core.Features;
using Ferry.Core.Spec;

namespace Ferry.Core.Training;

/// <summary>A set of fit rows featurized once, for every candidate and setting fitted on them: the featurizer fitted on
/// these rows only, the rows' class weights, and each row's feature vector with its label. Up to
/// <see cref="MaterializedSlots"/> feature values the vectors are built once and kept; beyond it they are rebuilt from the
/// table on every pass a trainer makes, so a large file never needs a second copy. Read-only once built, so fits running
/// in parallel share it.</summary>
internal sealed class FoldFeatures
{
    /// <summary>Up to this many feature values (16 MB of floats) a set of rows' vectors are kept.</summary>
    public const long MaterializedSlots = 4_000_000;

    private readonly FeatureRow[]? _kept;

    private FoldFeatures(TrainingData data, IReadOnlyList<int> rows, Featurizer featurizer, double[]? weights)
    {
        Data = data;
        Rows = rows;
        Featurizer = featurizer;
        Weights = weights;
        _kept = Streamed ? null : [.. rows.Select(row => Fill(new FeatureRow { Features = new float[featurizer.SlotCount] }, row))];
    }

    public TrainingData Data { get; }

    /// <summary>The rows fitted on: the only rows the featurizer and the weights looked at.</summary>
    public IReadOnlyList<int> Rows { get; }

    public Featurizer Featurizer { get; }

    /// <summary>One weight per class index (<see cref="ClassWeights"/>), or null when the rows are not weighted.</summary>
    public double[]? Weights { get; }

    /// <summary>True when the vectors are too many to keep and every pass rebuilds them from the table.</summary>
    public bool Streamed => (long)Rows.Count * Featurizer.SlotCount > MaterializedSlots;

    /// <summary>Fits the featurizer and the class weights on <paramref name="rows"/> and builds their vectors.</summary>
    public static FoldFeatures Build(TrainingData data, IReadOnlyList<int> rows) =>
        new(data, rows, FeaturizerEstimator.Fit(data.Table, rows, data.FeatureColumns, data.Spec.Features, data.Spec.Prepare), ClassWeights.Balanced(data, rows));

    /// <summary>The rows as ML.NET reads them: the kept vectors, or one reused row per pass (ML.NET copies a row's values
    /// before it asks for the next one, so a pass over a large table allocates nothing per row).</summary>
    public IEnumerable<FeatureRow> FeatureRows() => _kept ?? Stream();

    /// <summary>Each row's feature vector, as a network reads them.</summary>
    public float[][] Vectors() => _kept is { } kept ? [.. kept.Select(row => row.Features)] : [.. Rows.Select(Transform)];

    /// <summary>The rows' feature vectors by slot: one array per feature, as a tree sorts them.</summary>
    public float[][] Columns()
    {
        var columns = Enumerable.Range(0, Featurizer.SlotCount).Select(_ => new float[Rows.Count]).ToArray();
        var vector = new float[Featurizer.SlotCount];
        for (var i = 0; i < Rows.Count; i++)
        {
            var features = _kept?[i].Features ?? Transform(Rows[i], vector);
            for (var slot = 0; slot < features.Length; slot++)
            {
                columns[slot][i] = features[slot];
            }
        }

        return columns;
    }

    /// <summary>Class index (classification) or value (regression) of each row.</summary>
    public double[] Targets() =>
        [.. Rows.Select(row => Data.Type == ProblemType.Regression ? Data.Target.Values[row] : Data.Target.ClassIndex[row])];

    /// <summary>The feature vector of any table row through this featurizer (a validation row's, for one).</summary>
    public float[] Transform(int row) => Transform(row, new float[Featurizer.SlotCount]);

    private float[] Transform(int row, float[] vector)
    {
        Featurizer.Transform(new ProjectedRow(Data.Table, Data.FeatureColumns, row), vector);
        return vector;
    }

    private IEnumerable<FeatureRow> Stream()
    {
        var reused = new FeatureRow { Features = new float[Featurizer.SlotCount] };
        foreach (var row in Rows)
        {
            yield return Fill(reused, row);
        }
    }

    private FeatureRow Fill(FeatureRow target, int row)
    {
        Transform(row, target.Features);
        if (Data.Type == ProblemType.Regression)
        {
            target.Label = (float)Data.Target.Values[row];
            return target;
        }

        var index = Data.Target.ClassIndex[row];
        target.Label = index;
        target.IsPositive = index == 1;
        target.ClassKey = (uint)index;
        target.Weight = Weights is null ? 1 : (float)Weights[index];
        return target;
    }
}
