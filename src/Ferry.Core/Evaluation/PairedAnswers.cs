using Ferry.Core.Data;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Two models' answers on the same labelled rows, row by row, for a paired test of which is better.</summary>
/// <param name="Actual">The actual value of each row: a class index, or the number for regression.</param>
/// <param name="Champion">The champion's class probabilities (or its one predicted value) per row.</param>
/// <param name="Challenger">The challenger's, in the same class order.</param>
/// <param name="ClassCount">The number of classes; 0 for regression.</param>
public sealed record PairedAnswers(double[] Actual, double[][] Champion, double[][] Challenger, int ClassCount)
{
    public int Rows => Actual.Length;

    /// <summary>The metric of one side's answers (or of answers mixed from both, as a permutation test draws them).</summary>
    public double Score(string metric, double[][] scores) => ClassCount > 0
        ? ClassificationMetrics.Compute([.. Actual.Select(a => (int)a)], scores, ClassCount, Decision.DefaultThreshold)[metric]
        : RegressionMetrics.Compute(Actual, [.. scores.Select(s => s[0])])[metric];

    /// <summary>Whether each row's predicted class is its actual class, for one side.</summary>
    public bool[] Correct(double[][] scores) => [.. scores.Select((s, i) => Statistics.ArgMax(s) == (int)Actual[i])];

    /// <summary>How much better <paramref name="challenger"/> scores than <paramref name="champion"/> (positive: better,
    /// whichever way the metric points).</summary>
    public double Gain(string metric, double[][] champion, double[][] challenger)
    {
        var difference = Score(metric, challenger) - Score(metric, champion);
        return MetricNames.HigherIsBetter(metric) ? difference : -difference;
    }

    /// <summary>Pairs two models' answers on the same rows; class probabilities are put in one class order (the
    /// challenger's, then any class only the champion knows, with probability 0 where a model lacks a class). A binary
    /// model that decides at its own threshold has its probabilities first rescaled piecewise-linearly so that the
    /// threshold falls at 0.5: the same order (roc_auc) and the same decided classes (accuracy, precision, recall, f1),
    /// so both models are judged as they answer.</summary>
    internal static PairedAnswers Pair(RowAnswers champion, RowAnswers challenger)
    {
        if (champion.Actual.Length != challenger.Actual.Length)
        {
            throw new InvalidOperationException($"the models were scored on different rows ({champion.Actual.Length} and {challenger.Actual.Length})");
        }

        (champion, challenger) = (AtHalf(champion), AtHalf(challenger));

        if (challenger.Classes.Count == 0 || champion.Classes.SequenceEqual(challenger.Classes))
        {
            return new(challenger.Actual, champion.Scores, challenger.Scores, challenger.Classes.Count);
        }

        string[] classes = [.. challenger.Classes, .. champion.Classes.Except(challenger.Classes)];
        double[][] Align(RowAnswers answers) => [.. answers.Scores.Select(scores =>
        {
            var aligned = new double[classes.Length];
            for (var k = 0; k < scores.Length; k++)
            {
                aligned[Array.IndexOf(classes, answers.Classes[k])] = scores[k];
            }

            return aligned;
        })];
        return new(challenger.Actual, Align(champion), Align(challenger), classes.Length);
    }

    private static RowAnswers AtHalf(RowAnswers answers)
    {
        var t = answers.Threshold;
        if (answers.Classes.Count != 2 || t == Decision.DefaultThreshold)
        {
            return answers;
        }

        return answers with
        {
            Scores = [.. answers.Scores.Select(s =>
            {
                var p = s[1] <= t ? 0.5 * s[1] / t : 0.5 + 0.5 * (s[1] - t) / (1 - t);
                return new[] { 1 - p, p };
            })],
            Threshold = Decision.DefaultThreshold,
        };
    }
}
