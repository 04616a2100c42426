namespace Ferry.Core.Evaluation;

/// <summary>A model's answers on labelled rows, row by row.</summary>
/// <param name="Actual">The actual value: a class index into <paramref name="Classes"/>, or the number for regression.</param>
/// <param name="Scores">The model's class probabilities in <paramref name="Classes"/> order, or its one predicted value.</param>
/// <param name="Classes">The class labels; empty for regression.</param>
/// <param name="Threshold">The probability of the positive class above which the (binary) model answers that class.</param>
internal sealed record RowAnswers(double[] Actual, double[][] Scores, IReadOnlyList<string> Classes, double Threshold)
{
    public Dictionary<string, double> Metrics() => Classes.Count > 0
        ? ClassificationMetrics.Compute([.. Actual.Select(a => (int)a)], Scores, Classes.Count, Threshold)
        : RegressionMetrics.Compute(Actual, [.. Scores.Select(s => s[0])]);

    /// <summary>The success metric of these answers.</summary>
    public double Score(string metric) => Metrics()[metric];
}
