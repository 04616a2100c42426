using Ferry.Core.Spec;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Ferry.Core.Training;

/// <summary>A fitted forest or boosted model cut to its first k trees, answering as a fit of k trees would. ML.NET grows
/// the trees of one fit one after another from the same seeded draws, so the first k trees of a fit of n trees are, split
/// for split, the trees of a fit of k (checked by TreePrefixesTests against such fits): a grid over `trees` then costs one
/// fit of its largest count per fold, as scikit-learn's warm_start and LightGBM's iteration_range let a forest or booster
/// be scored with fewer trees. The score of k trees is the one ML.NET computes, in its order and precision: the float of
/// their double sum (a regression forest divides it by k), a binary forest's probability by a Platt scaling fitted with
/// ML.NET's own calibrator on the fit rows' k-tree scores (as the fit of k trees fits it), a binary booster's by its fixed
/// sigmoid. Binary and regression only: a multiclass model is one ensemble per class (one-versus-all or per-class
/// rounds), fitted in full.</summary>
internal sealed class TreePrefixes
{
    private const string Score = "Score";

    private readonly RegressionTreeBase[] _trees;
    private readonly Kind _kind;
    private readonly PlattCalibrator? _sigmoid;

    private TreePrefixes(RegressionTreeBase[] trees, Kind kind, PlattCalibrator? sigmoid) => (_trees, _kind, _sigmoid) = (trees, kind, sigmoid);

    private enum Kind
    {
        ForestBinary,
        ForestRegression,
        BoostedBinary,
        BoostedRegression,
    }

    /// <summary>How many trees the model has.</summary>
    public int Count => _trees.Length;

    /// <summary>True when settings of <paramref name="candidate"/> that differ only in `trees` share one fit: a forest,
    /// or a booster that does not stop early (its rounds then depend on its inner validation rows), on a binary or
    /// regression problem.</summary>
    public static bool Share(string candidate, ProblemType type, IReadOnlyDictionary<string, double> parameters) =>
        type != ProblemType.MulticlassClassification
        && (candidate == CandidateNames.Forest || (candidate == CandidateNames.Boosted && parameters.GetValueOrDefault("early_stopping") <= 0));

    /// <summary>The prefixes of <paramref name="model"/>, fitted for <paramref name="trees"/> trees; null when it is not
    /// one ML.NET tree ensemble of plain numeric splits with unit tree weights and no bias (what the k-tree score here
    /// assumes), or a forest with fewer trees than asked: FastForest drops a tree that found no split (on few features with
    /// max_features below 1), and which draws it dropped does not show, so its first k trees may not be a fit of k.</summary>
    public static TreePrefixes? Of(TrainedModel model, int trees)
    {
        var found = (model.Model as MlNetModel)?.Transformer switch
        {
            TransformerChain<ITransformer> chain when chain.First() is BinaryPredictionTransformer<FastForestBinaryModelParameters> forest =>
                (Trees(forest.Model.TrainedTreeEnsemble), Kind.ForestBinary, null),
            RegressionPredictionTransformer<FastForestRegressionModelParameters> forest => (Trees(forest.Model.TrainedTreeEnsemble), Kind.ForestRegression, null),
            BinaryPredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> boosted =>
                (Trees(boosted.Model.SubModel.TrainedTreeEnsemble), Kind.BoostedBinary, boosted.Model.Calibrator),
            RegressionPredictionTransformer<LightGbmRegressionModelParameters> boosted => (Trees(boosted.Model.TrainedTreeEnsemble), Kind.BoostedRegression, null),
            _ => ((RegressionTreeBase[]?)null, Kind.ForestBinary, (PlattCalibrator?)null),
        };
        var dropsTrees = found.Item2 is Kind.ForestBinary or Kind.ForestRegression;
        return found.Item1 is { } kept && (!dropsTrees || kept.Length == trees) ? new TreePrefixes(kept, found.Item2, found.Item3) : null;
    }

    /// <summary>The answers of the first <paramref name="count"/> trees to <paramref name="validate"/>, as
    /// <see cref="ModelTrainer.Score(TrainedModel, IReadOnlyList{float[]})"/> gives them: class probabilities [1 - p, p]
    /// or the value.</summary>
    /// <param name="count">Trees kept, from 1 to <see cref="Count"/> (a booster with no split left to make stops before its
    /// rounds, so a fit asked for more has only these).</param>
    /// <param name="fit">The rows the model was fitted on (a binary forest's Platt scaling is fitted on them again).</param>
    /// <param name="validate">The vectors to answer.</param>
    /// <param name="seed">The seed of the calibrator's context.</param>
    public double[][] Answer(int count, FoldFeatures fit, IReadOnlyList<float[]> validate, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        var scores = validate.Select(vector => Sum(vector, count)).ToArray();
        return _kind switch
        {
            Kind.ForestRegression => [.. scores.Select(score => new double[] { score / count })],
            Kind.BoostedRegression => [.. scores.Select(score => new double[] { score })],
            Kind.BoostedBinary => [.. scores.Select(score => Binary(_sigmoid!.PredictProbability(score)))],
            _ => Calibrated(count, fit, scores, seed),
        };
    }

    /// <summary>A binary forest's probabilities: ML.NET's Platt calibrator fitted on the fit rows' scores of
    /// <paramref name="count"/> trees, with their weights, then applied to <paramref name="scores"/>.</summary>
    private double[][] Calibrated(int count, FoldFeatures fit, float[] scores, int seed)
    {
        var ml = new MLContext(seed);
        var weighted = fit.Weights is not null;
        var rows = fit.FeatureRows().Select(row => new ScoredRow { IsPositive = row.IsPositive, Score = Sum(row.Features, count), Weight = row.Weight }).ToArray();
        var platt = ml.BinaryClassification.Calibrators.Platt(nameof(ScoredRow.IsPositive), Score, weighted ? nameof(ScoredRow.Weight) : null)
            .Fit(ml.Data.LoadFromEnumerable(rows));
        var probabilities = platt.Transform(ml.Data.LoadFromEnumerable(scores.Select(score => new ScoredRow { Score = score })))
            .GetColumn<float>(nameof(BinaryOutput.Probability));
        return [.. probabilities.Select(Binary)];
    }

    private static double[] Binary(float probability)
    {
        var output = new double[2];
        Scorers.Binary(probability, output);
        return output;
    }

    /// <summary>The first <paramref name="count"/> trees' sum, in ML.NET's order (a double sum, then its float).</summary>
    private float Sum(float[] vector, int count)
    {
        var sum = 0.0;
        for (var t = 0; t < count; t++)
        {
            sum += Leaf(_trees[t], vector);
        }

        return (float)sum;
    }

    /// <summary>A tree's leaf value for a vector: left where the feature is at most the split's threshold (NaN goes
    /// right, as it compares false).</summary>
    private static double Leaf(RegressionTreeBase tree, float[] vector)
    {
        var node = 0;
        while (node >= 0)
        {
            node = vector[tree.NumericalSplitFeatureIndexes[node]] <= tree.NumericalSplitThresholds[node] ? tree.LeftChild[node] : tree.RightChild[node];
        }

        return tree.LeafValues[~node];
    }

    /// <summary>The ensemble's trees when every one splits on numbers only, has weight 1, and the ensemble no bias.</summary>
    private static RegressionTreeBase[]? Trees<T>(TreeEnsemble<T> ensemble)
        where T : RegressionTreeBase =>
        ensemble.Bias == 0 && ensemble.TreeWeights.All(weight => weight == 1) && ensemble.Trees.All(tree => !tree.CategoricalSplitFlags.Any(flag => flag))
            ? [.. ensemble.Trees]
            : null;

    private sealed class ScoredRow
    {
        public bool IsPositive { get; set; }

        public float Score { get; set; }

        public float Weight { get; set; } = 1;
    }
}
