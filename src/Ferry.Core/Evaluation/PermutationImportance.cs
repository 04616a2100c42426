using Ferry.Core.Data;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Permutation feature importance per input column (as scikit-learn's permutation_importance),
/// computed through the model's own scorer so it works alike for ML.NET models and the MLP, and groups
/// the one-hot slots of a column into one importance. At most <see cref="MaxRows"/> test rows are used, and at most
/// <see cref="MaxInputs"/> inputs are permuted: beyond that many (each permutation featurizes every input of every row,
/// so the cost grows with inputs squared), those most associated with the target on the training rows
/// (<see cref="ImportanceScreen"/>); the others are left out of the list.</summary>
internal static class PermutationImportance
{
    public const int MaxRows = 5_000;
    public const int MaxInputs = 100;
    private const int Repeats = 3;

    /// <param name="model">The fitted model.</param>
    /// <param name="data">The prepared data.</param>
    /// <param name="rows">The rows scored (the test part).</param>
    /// <param name="trainRows">The training rows, to pick the inputs permuted when there are more than <see cref="MaxInputs"/>.</param>
    /// <param name="metric">The metric whose drop is the importance.</param>
    /// <param name="seed">The seed of the samples and shuffles.</param>
    public static IReadOnlyList<FeatureImportance> Compute(TrainedModel model, TrainingData data, int[] rows, int[] trainRows, string metric, int seed)
    {
        var random = new Random(seed);
        var sample = RowSample.Take(rows, MaxRows, seed);
        var baseline = ModelEvaluator.Metrics(data, sample, Score(model, data, sample, -1, sample), model.Threshold)[metric];
        var sign = MetricNames.HigherIsBetter(metric) ? 1 : -1;
        var importances = new List<FeatureImportance>();
        var inputs = data.FeatureColumns.Length <= MaxInputs
            ? Enumerable.Range(0, data.FeatureColumns.Length)
            : ImportanceScreen.Keep(model, data, trainRows, MaxInputs, seed).Order();
        foreach (var column in inputs)
        {
            var drops = new double[Repeats];
            for (var r = 0; r < Repeats; r++)
            {
                var shuffled = (int[])sample.Clone();
                random.Shuffle(shuffled);
                drops[r] = sign * (baseline - ModelEvaluator.Metrics(data, sample, Score(model, data, sample, column, shuffled), model.Threshold)[metric]);
            }

            var mean = drops.Average();
            importances.Add(new FeatureImportance(data.Table.Columns[data.FeatureColumns[column]].Name, mean,
                Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / Repeats)));
        }

        return [.. importances.OrderByDescending(i => i.Importance)];
    }

    /// <summary>Scores rows whose <paramref name="column"/> (an input index; -1 for none) is taken from <paramref name="sources"/>.</summary>
    private static double[][] Score(TrainedModel model, TrainingData data, int[] rows, int column, int[] sources)
    {
        var scorer = model.CreateScorer();
        var features = new float[model.Featurizer.SlotCount];
        var scores = new double[rows.Length][];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = new ProjectedRow(data.Table, data.FeatureColumns, rows[i]);
            var source = new ProjectedRow(data.Table, data.FeatureColumns, sources[i]);
            model.Featurizer.Transform(new SwappedRow<ProjectedRow>(row, column, source), features);
            scores[i] = new double[model.OutputSize];
            scorer.Score(features, scores[i]);
        }

        return scores;
    }
}
