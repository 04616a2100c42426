using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Tunes a binary model's decision threshold on out-of-fold answers when the success metric depends on it, as
/// scikit-learn's TunedThresholdClassifierCV does: every cut between two distinct out-of-fold probabilities is a
/// candidate, and the one that scores best wins (0.5 on a tie). F1 is maximized; recall or precision with a goal is met
/// with the best of the other (the highest precision with recall at least the goal, and the reverse), since each alone
/// is maximized by answering everything (or almost nothing) positive; without a goal, or when no cut meets it, F1 is
/// maximized.</summary>
internal static class ThresholdTuning
{
    /// <summary>Whether <paramref name="metric"/> depends on the threshold of a model of <paramref name="type"/>.</summary>
    public static bool Applies(ProblemType type, SuccessMetric metric) =>
        type == ProblemType.BinaryClassification && metric.Name is MetricNames.F1 or MetricNames.Precision or MetricNames.Recall;

    /// <param name="actual">The class index (0 or 1) of each row.</param>
    /// <param name="positive">The probability of class 1 the model gave each row.</param>
    /// <param name="metric">The success metric, and its goal.</param>
    public static double Tune(int[] actual, double[] positive, SuccessMetric metric)
    {
        var cuts = Cuts(actual, positive);
        var goal = metric.Threshold;
        Func<ThresholdPoint, double>? constrained = (metric.Name, goal) switch
        {
            (MetricNames.Recall, { } g) => point => point.Recall >= g ? point.Precision : double.NaN,
            (MetricNames.Precision, { } g) => point => point.Precision >= g ? point.Recall : double.NaN,
            _ => null,
        };
        return (constrained is null ? null : Best(cuts, constrained)) ?? Best(cuts, point => point.F1) ?? Decision.DefaultThreshold;
    }

    /// <summary>Precision, recall and F1 at each of <paramref name="thresholds"/>.</summary>
    public static IReadOnlyList<ThresholdPoint> Curve(int[] actual, double[] positive, IEnumerable<double> thresholds) =>
        [.. thresholds.Select(threshold => Point(threshold,
            actual.Where((a, i) => a == 1 && positive[i] > threshold).Count(),
            actual.Where((a, i) => a != 1 && positive[i] > threshold).Count(),
            actual.Count(a => a == 1)))];

    /// <summary>The threshold of the first point with the largest defined objective, or null when none has one.</summary>
    private static double? Best(IReadOnlyList<ThresholdPoint> points, Func<ThresholdPoint, double> objective)
    {
        double? best = null;
        var bestValue = double.NegativeInfinity;
        foreach (var point in points)
        {
            var value = objective(point);
            if (!double.IsNaN(value) && value > bestValue)
            {
                (best, bestValue) = (point.Threshold, value);
            }
        }

        return best;
    }

    /// <summary>0.5 first, then the midpoint below each distinct probability, highest first (the last cut answers every
    /// row positive), each with its counts: one sort and one pass.</summary>
    private static IReadOnlyList<ThresholdPoint> Cuts(int[] actual, double[] positive)
    {
        var positives = actual.Count(a => a == 1);
        var points = new List<ThresholdPoint>(Curve(actual, positive, [Decision.DefaultThreshold]));
        var order = Enumerable.Range(0, positive.Length).OrderByDescending(i => positive[i]).ToArray();
        int truePositives = 0, falsePositives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end < order.Length && positive[order[end]] == positive[order[start]])
            {
                truePositives += actual[order[end]] == 1 ? 1 : 0;
                falsePositives += actual[order[end]] == 1 ? 0 : 1;
                end++;
            }

            var below = end < order.Length ? positive[order[end]] : 0;
            var threshold = (positive[order[start]] + below) / 2;
            if (threshold < positive[order[start]])
            {
                points.Add(Point(threshold, truePositives, falsePositives, positives));
            }

            start = end;
        }

        return points;
    }

    private static ThresholdPoint Point(double threshold, int truePositives, int falsePositives, int positives)
    {
        var predicted = truePositives + falsePositives;
        var precision = predicted == 0 ? 0 : (double)truePositives / predicted;
        var recall = positives == 0 ? 0 : (double)truePositives / positives;
        var f1 = truePositives == 0 ? 0 : 2.0 * truePositives / (predicted + positives);
        return new ThresholdPoint(threshold, precision, recall, f1);
    }
}
