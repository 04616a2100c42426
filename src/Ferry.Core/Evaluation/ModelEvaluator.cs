using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Scores a trained model on labelled rows of the training data and computes its metrics.</summary>
internal static class ModelEvaluator
{
    public static Dictionary<string, double> Evaluate(TrainedModel model, TrainingData data, IReadOnlyList<int> rows) =>
        Metrics(data, rows, ModelTrainer.Score(model, data, rows), model.Threshold);

    /// <summary>Metrics of scores (class probabilities or values) given for <paramref name="rows"/>, binary classes
    /// decided at <paramref name="threshold"/>.</summary>
    public static Dictionary<string, double> Metrics(TrainingData data, IReadOnlyList<int> rows, double[][] scores, double threshold)
    {
        return data.Type.IsClassification()
            ? ClassificationMetrics.Compute([.. rows.Select(row => data.Target.ClassIndex[row])], scores, data.Target.Classes.Length, threshold)
            : RegressionMetrics.Compute([.. rows.Select(row => data.Target.Values[row])], [.. scores.Select(s => s[0])]);
    }

    /// <summary>One metric of <see cref="Metrics"/>, computing only what it needs.</summary>
    public static double Metric(string metric, TrainingData data, IReadOnlyList<int> rows, double[][] scores, double threshold) =>
        data.Type.IsClassification()
            ? ClassificationMetrics.One(metric, [.. rows.Select(row => data.Target.ClassIndex[row])], scores, data.Target.Classes.Length, threshold)
            : Metrics(data, rows, scores, threshold)[metric];
}
