namespace Ferry.Core.Evaluation;

/// <summary>ROC and precision-recall curve points of one class against the rest, from test-part scores. A point is kept
/// when it moved at least <see cref="Resolution"/> from the last kept one (and the last point always), so a test part of
/// millions of rows gives a chart-sized curve; the metrics (ROC-AUC, PR-AUC) are computed elsewhere from every row.</summary>
internal static class Curves
{
    /// <summary>(false positive rate, true positive rate) at every distinct score threshold, from (0, 0) to (1, 1).</summary>
    public const double Resolution = 0.001;

    public static (double[] X, double[] Y) Roc(int[] actual, double[][] probabilities, int positive) =>
        Sweep(actual, probabilities, positive, (tp, fp, positives, negatives) => (fp / negatives, tp / positives), (0, 0));

    /// <summary>(recall, precision) at every distinct score threshold, highest first.</summary>
    public static (double[] X, double[] Y) PrecisionRecall(int[] actual, double[][] probabilities, int positive) =>
        Sweep(actual, probabilities, positive, (tp, fp, positives, _) => (tp / positives, tp / (tp + fp)), (0, 1));

    private static (double[] X, double[] Y) Sweep(int[] actual, double[][] probabilities, int positive,
        Func<double, double, double, double, (double X, double Y)> point, (double X, double Y) start)
    {
        var (scores, isPositive) = RankedScores.Sort(actual, probabilities, positive, descending: true);
        var positiveCount = isPositive.Count(p => p);
        double positives = Math.Max(1, positiveCount), negatives = Math.Max(1, isPositive.Length - positiveCount);
        var xs = new List<double> { start.X };
        var ys = new List<double> { start.Y };
        double tp = 0, fp = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (isPositive[i])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            var last = i == scores.Length - 1;
            if (last || scores[i + 1] != scores[i])
            {
                var (x, y) = point(tp, fp, positives, negatives);
                if (last || Math.Abs(x - xs[^1]) + Math.Abs(y - ys[^1]) >= Resolution)
                {
                    xs.Add(x);
                    ys.Add(y);
                }
            }
        }

        return ([.. xs], [.. ys]);
    }
}
