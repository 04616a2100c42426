using Ferry.Core.Data;
using Ferry.Core.Spec;
using Ferry.Core.Training.Cart;
using Ferry.Core.Training.Mlp;
using Microsoft.ML;

namespace Ferry.Core.Training;

/// <summary>Fits the featurizer and one candidate on the given training rows, and scores rows with the result.</summary>
internal static class ModelTrainer
{
    /// <summary>Below this many feature values a fit uses one thread: its threads would wait on each other longer than they
    /// work (LightGBM's OpenMP threads refitting 456 rows x 30 features took 1.5 to 5.7 s on a busy 2-core machine, one
    /// thread 0.2 s).</summary>
    private const long ParallelFitSlots = 1_000_000;

    /// <summary>Fits the featurizer and the candidate on <paramref name="rows"/>.</summary>
    /// <param name="data">The prepared data.</param>
    /// <param name="rows">The rows to fit on.</param>
    /// <param name="candidate">The candidate and its parameters.</param>
    /// <param name="seed">The seed of every random choice.</param>
    /// <param name="singleThreaded">True inside parallel cross-validation: the trainer then uses one thread.</param>
    public static TrainedModel Fit(TrainingData data, IReadOnlyList<int> rows, CandidateSetting candidate, int seed, bool singleThreaded) =>
        Fit(FoldFeatures.Build(data, rows), candidate, seed, singleThreaded);

    /// <summary>Fits the candidate on rows already featurized, sharing their featurizer and vectors with every other fit
    /// on them.</summary>
    /// <param name="features">The featurized rows to fit on.</param>
    /// <param name="candidate">The candidate and its parameters.</param>
    /// <param name="seed">The seed of every random choice.</param>
    /// <param name="singleThreaded">True inside parallel cross-validation: the trainer then uses one thread (as it does on
    /// few rows, see <see cref="ParallelFitSlots"/>, and on streamed rows).</param>
    public static TrainedModel Fit(FoldFeatures features, CandidateSetting candidate, int seed, bool singleThreaded)
    {
        var (data, featurizer, weights) = (features.Data, features.Featurizer, features.Weights);
        if (candidate.Name == CandidateNames.Mlp)
        {
            var (network, trace) = MlpTrainer.Fit(features.Vectors(), features.Targets(), data.Type, data.Target.Classes.Length, candidate.Parameters, seed, weights);
            return new TrainedModel(featurizer, network, data.Type, data.Target.Classes, trace);
        }

        if (candidate.Name == CandidateNames.Tree)
        {
            var tree = CartTrainer.Fit(features.Columns(), features.Targets(), data.Type, data.Target.Classes.Length, candidate.Parameters, weights);
            return new TrainedModel(featurizer, tree, data.Type, data.Target.Classes, []);
        }

        var ml = new MLContext(seed);
        IDataView View(IEnumerable<FeatureRow> rows) => FeatureRow.ToDataView(ml, rows, featurizer.SlotCount, data.Target.Classes.Length, weights is not null);
        var all = features.FeatureRows();
        var stopOn = CandidateFactory.StopsEarly(candidate.Name, candidate.Parameters)
            ? BoostedEarlyStopping.Validation(data.Type.IsClassification() ? [.. features.Rows.Select(row => data.Target.ClassIndex[row])] : null, features.Rows.Count, seed)
            : null;
        var view = View(stopOn is null ? all : all.Where((_, i) => !stopOn[i]));
        var validation = stopOn is null ? null : View(all.Where((_, i) => stopOn[i]));
        var oneThread = singleThreaded || features.Streamed || (long)features.Rows.Count * featurizer.SlotCount < ParallelFitSlots;
        var model = FitTrainer(ml, view, validation, candidate, data, features.Rows.Count, oneThread ? 1 : null, seed, weights is not null);
        return new TrainedModel(featurizer, new MlNetModel(ml, model, data.Type, featurizer.SlotCount, data.Target.Classes.Length), data.Type, data.Target.Classes, []);
    }

    /// <summary>Fits an ML.NET candidate. A LightGBM tree that is a single leaf (no split had min_samples_leaf rows on each
    /// side, or no input separates the rows) breaks ML.NET's conversion of the model (dotnet/machinelearning#5022): that is
    /// a user error saying what to change, not a crash.</summary>
    private static ITransformer FitTrainer(MLContext ml, IDataView view, IDataView? validation, CandidateSetting candidate, TrainingData data, int rowCount, int? threads, int seed, bool weighted)
    {
        try
        {
            return CandidateFactory.Fit(ml, candidate.Name, data.Type, candidate.Parameters, threads, seed, weighted, view, validation);
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
        var features = new float[model.Featurizer.SlotCount];
        return Score(model, rows.Count, i =>
        {
            model.Featurizer.Transform(new ProjectedRow(data.Table, data.FeatureColumns, rows[i]), features);
            return features;
        });
    }

    /// <summary>Scores feature vectors made by <paramref name="model"/>'s featurizer.</summary>
    public static double[][] Score(TrainedModel model, IReadOnlyList<float[]> vectors) => Score(model, vectors.Count, i => vectors[i]);

    private static double[][] Score(TrainedModel model, int count, Func<int, float[]> vector)
    {
        var scorer = model.CreateScorer();
        var scores = new double[count][];
        for (var i = 0; i < count; i++)
        {
            scores[i] = new double[model.OutputSize];
            scorer.Score(vector(i), scores[i]);
        }

        return scores;
    }
}
