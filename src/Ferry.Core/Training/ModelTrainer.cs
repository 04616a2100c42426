using Ferry.Core.Data;
using Ferry.Core.Features;
using Ferry.Core.Spec;
using Ferry.Core.Training.Cart;
using Ferry.Core.Training.Mlp;
using Microsoft.ML;

namespace Ferry.Core.Training;

/// <summary>Fits the featurizer and one candidate on the given training rows, and scores rows with the result.</summary>
internal static class ModelTrainer
{
    /// <summary>Up to this many feature values (16 MB of floats) the vectors are built once and kept; beyond it
    /// they are rebuilt from the table on every pass a trainer makes, so a large file never needs a second copy.</summary>
    private const long MaterializedSlots = 4_000_000;

    /// <summary>Fits the featurizer and the candidate on <paramref name="rows"/>.</summary>
    /// <param name="data">The prepared data.</param>
    /// <param name="rows">The rows to fit on.</param>
    /// <param name="candidate">The candidate and its parameters.</param>
    /// <param name="seed">The seed of every random choice.</param>
    /// <param name="singleThreaded">True inside parallel cross-validation: the trainer then uses one thread.</param>
    public static TrainedModel Fit(TrainingData data, IReadOnlyList<int> rows, CandidateSetting candidate, int seed, bool singleThreaded)
    {
        var featurizer = FeaturizerEstimator.Fit(data.Table, rows, data.FeatureColumns, data.Spec.Features, data.Spec.Prepare);
        var weights = ClassWeights.Balanced(data, rows);
        if (candidate.Name == CandidateNames.Mlp)
        {
            var features = rows.Select(row => Fill(new FeatureRow { Features = new float[featurizer.SlotCount] }, data, featurizer, row, null).Features).ToArray();
            var (network, trace) = MlpTrainer.Fit(features, Targets(data, rows), data.Type, data.Target.Classes.Length, candidate.Parameters, seed, weights);
            return new TrainedModel(featurizer, network, data.Type, data.Target.Classes, trace);
        }

        if (candidate.Name == CandidateNames.Tree)
        {
            var tree = CartTrainer.Fit(Columns(data, featurizer, rows), Targets(data, rows), data.Type, data.Target.Classes.Length, candidate.Parameters, weights);
            return new TrainedModel(featurizer, tree, data.Type, data.Target.Classes, []);
        }

        var ml = new MLContext(seed);
        var streamed = (long)rows.Count * featurizer.SlotCount > MaterializedSlots;
        var featureRows = !streamed
            ? rows.Select(row => Fill(new FeatureRow { Features = new float[featurizer.SlotCount] }, data, featurizer, row, weights)).ToList()
            : Stream(data, featurizer, rows, weights);
        var view = FeatureRow.ToDataView(ml, featureRows, featurizer.SlotCount, data.Target.Classes.Length, weights is not null);
        var model = FitTrainer(ml, view, candidate, data, rows.Count, singleThreaded || streamed ? 1 : null, seed, weights is not null);
        return new TrainedModel(featurizer, new MlNetModel(ml, model, data.Type, featurizer.SlotCount, data.Target.Classes.Length), data.Type, data.Target.Classes, []);
    }

    /// <summary>Fits an ML.NET candidate. A LightGBM tree that is a single leaf (no split had min_samples_leaf rows on each
    /// side, or no input separates the rows) breaks ML.NET's conversion of the model (dotnet/machinelearning#5022): that is
    /// a user error saying what to change, not a crash.</summary>
    private static ITransformer FitTrainer(MLContext ml, IDataView view, CandidateSetting candidate, TrainingData data, int rowCount, int? threads, int seed, bool weighted)
    {
        try
        {
            return CandidateFactory.Fit(ml, candidate.Name, data.Type, candidate.Parameters, threads, seed, weighted, view);
        }
        catch (ArgumentNullException e) when (candidate.Name == CandidateNames.Boosted)
        {
            throw new FerryException($"candidate 'boosted' found no split to make in {rowCount} training rows (each leaf needs "
                + $"min_samples_leaf = {candidate.Parameters["min_samples_leaf"]} rows, and some input must separate them); lower "
                + "train.search.params.boosted.min_samples_leaf, add rows, or leave boosted out of train.candidates", e);
        }
    }

    /// <summary>Scores <paramref name="rows"/>: per row, class probabilities or the predicted value.</summary>
    public static double[][] Score(TrainedModel model, TrainingData data, IReadOnlyList<int> rows)
    {
        var scorer = model.CreateScorer();
        var features = new float[model.Featurizer.SlotCount];
        var scores = new double[rows.Count][];
        for (var i = 0; i < rows.Count; i++)
        {
            model.Featurizer.Transform(new ProjectedRow(data.Table, data.FeatureColumns, rows[i]), features);
            scores[i] = new double[model.OutputSize];
            scorer.Score(features, scores[i]);
        }

        return scores;
    }

    /// <summary>Class index (classification) or value (regression) of each row.</summary>
    private static double[] Targets(TrainingData data, IReadOnlyList<int> rows) =>
        [.. rows.Select(row => data.Type == ProblemType.Regression ? data.Target.Values[row] : data.Target.ClassIndex[row])];

    /// <summary>The rows' feature vectors by slot: one array per feature, as a tree sorts them.</summary>
    private static float[][] Columns(TrainingData data, Featurizer featurizer, IReadOnlyList<int> rows)
    {
        var columns = Enumerable.Range(0, featurizer.SlotCount).Select(_ => new float[rows.Count]).ToArray();
        var vector = new float[featurizer.SlotCount];
        for (var i = 0; i < rows.Count; i++)
        {
            featurizer.Transform(new ProjectedRow(data.Table, data.FeatureColumns, rows[i]), vector);
            for (var slot = 0; slot < vector.Length; slot++)
            {
                columns[slot][i] = vector[slot];
            }
        }

        return columns;
    }

    /// <summary>One reused row per pass: ML.NET copies a row's values before it asks for the next one,
    /// so a pass over a large table allocates nothing per row.</summary>
    private static IEnumerable<FeatureRow> Stream(TrainingData data, Featurizer featurizer, IReadOnlyList<int> rows, double[]? weights)
    {
        var reused = new FeatureRow { Features = new float[featurizer.SlotCount] };
        foreach (var row in rows)
        {
            yield return Fill(reused, data, featurizer, row, weights);
        }
    }

    private static FeatureRow Fill(FeatureRow target, TrainingData data, Featurizer featurizer, int row, double[]? weights)
    {
        featurizer.Transform(new ProjectedRow(data.Table, data.FeatureColumns, row), target.Features);
        if (data.Type == ProblemType.Regression)
        {
            target.Label = (float)data.Target.Values[row];
            return target;
        }

        var index = data.Target.ClassIndex[row];
        target.Label = index;
        target.IsPositive = index == 1;
        target.ClassKey = (uint)index;
        target.Weight = weights is null ? 1 : (float)weights[index];
        return target;
    }
}
