using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Classification metrics from true class indices and predicted class probabilities, named and
/// computed as scikit-learn does: binary precision, recall and F1 are the positive class's (index 1),
/// multiclass ones macro averages, with the support-weighted averages beside them; ROC-AUC and PR-AUC
/// (average precision) are one-vs-rest macro averages for multiclass; log-loss clips at 1e-15. The classes counted
/// are those the model decides (<see cref="Decision"/>): a binary model's at its threshold.</summary>
internal static class ClassificationMetrics
{
    public const string Specificity = "specificity";
    public const string PrAuc = "pr_auc";
    public const string LogLoss = "log_loss";
    public const string PrecisionWeighted = "precision_weighted";
    public const string RecallWeighted = "recall_weighted";
    public const string F1Weighted = "f1_weighted";

    public static Dictionary<string, double> Compute(int[] actual, double[][] probabilities, int classCount, double threshold)
    {
        var metrics = FromConfusion(actual, probabilities, classCount, threshold);
        metrics[MetricNames.RocAuc] = OneVersusRest(actual, probabilities, classCount, RocAuc);
        metrics[PrAuc] = OneVersusRest(actual, probabilities, classCount, AveragePrecision);
        metrics[LogLoss] = LogLossOf(actual, probabilities);
        return metrics;
    }

    /// <summary>One metric of <see cref="Compute"/>, computing only what it needs: the search scores every setting's folds
    /// (and every ensemble round's candidates) by one metric, and the ranking metrics sort the rows once per class.</summary>
    public static double One(string metric, int[] actual, double[][] probabilities, int classCount, double threshold) => metric switch
    {
        MetricNames.RocAuc => OneVersusRest(actual, probabilities, classCount, RocAuc),
        PrAuc => OneVersusRest(actual, probabilities, classCount, AveragePrecision),
        LogLoss => LogLossOf(actual, probabilities),
        _ => FromConfusion(actual, probabilities, classCount, threshold)[metric],
    };

    /// <summary>The metrics of the decided classes: counts of the confusion matrix, no sorting.</summary>
    private static Dictionary<string, double> FromConfusion(int[] actual, double[][] probabilities, int classCount, double threshold)
    {
        var confusion = Confusion(actual, probabilities, classCount, threshold);
        var perClass = Enumerable.Range(0, classCount).Select(c => PerClass(confusion, c, classCount)).ToArray();
        var supports = Enumerable.Range(0, classCount).Select(c => Enumerable.Range(0, classCount).Sum(p => confusion[c][p])).ToArray();
        double Weighted(Func<(double Precision, double Recall, double F1), double> pick) =>
            actual.Length == 0 ? 0 : perClass.Select((p, c) => pick(p) * supports[c]).Sum() / actual.Length;
        var (precision, recall, f1) = classCount == 2
            ? perClass[1]
            : (perClass.Average(p => p.Precision), perClass.Average(p => p.Recall), perClass.Average(p => p.F1));
        var specificities = Enumerable.Range(0, classCount).Select(c => SpecificityOf(confusion, c, classCount)).ToArray();
        return new Dictionary<string, double>
        {
            [MetricNames.Accuracy] = actual.Length == 0 ? 0 : (double)Enumerable.Range(0, classCount).Sum(c => confusion[c][c]) / actual.Length,
            [MetricNames.Precision] = precision,
            [MetricNames.Recall] = recall,
            [MetricNames.F1] = f1,
            [PrecisionWeighted] = Weighted(p => p.Precision),
            [RecallWeighted] = Weighted(p => p.Recall),
            [F1Weighted] = Weighted(p => p.F1),
            [Specificity] = classCount == 2 ? specificities[1] : specificities.Average(),
        };
    }

    private static double LogLossOf(int[] actual, double[][] probabilities) =>
        actual.Length == 0 ? double.NaN : actual.Select((a, i) => -Math.Log(Math.Clamp(probabilities[i][a], 1e-15, 1 - 1e-15))).Average();

    /// <summary>Counts of [actual class][predicted class], the prediction being the class decided at <paramref name="threshold"/>.</summary>
    public static int[][] Confusion(int[] actual, double[][] probabilities, int classCount, double threshold)
    {
        var confusion = Enumerable.Range(0, classCount).Select(_ => new int[classCount]).ToArray();
        for (var i = 0; i < actual.Length; i++)
        {
            confusion[actual[i]][Decision.Class(probabilities[i], threshold)]++;
        }

        return confusion;
    }

    public static IReadOnlyList<ClassReport> Report(int[][] confusion, IReadOnlyList<string> classes) =>
        [.. classes.Select((name, c) =>
        {
            var (precision, recall, f1) = PerClass(confusion, c, classes.Count);
            return new ClassReport(name, precision, recall, f1, confusion[c].Sum());
        })];

    private static (double Precision, double Recall, double F1) PerClass(int[][] confusion, int c, int classCount)
    {
        var truePositive = (double)confusion[c][c];
        var predicted = Enumerable.Range(0, classCount).Sum(a => confusion[a][c]);
        var actual = confusion[c].Sum();
        var precision = predicted == 0 ? 0 : truePositive / predicted;
        var recall = actual == 0 ? 0 : truePositive / actual;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }

    /// <summary>True negatives over actual negatives, class <paramref name="c"/> taken as the positive one.</summary>
    private static double SpecificityOf(int[][] confusion, int c, int classCount)
    {
        var negatives = Enumerable.Range(0, classCount).Where(a => a != c).ToArray();
        var actualNegatives = negatives.Sum(a => confusion[a].Sum());
        var trueNegatives = negatives.Sum(a => negatives.Sum(p => confusion[a][p]));
        return actualNegatives == 0 ? 0 : (double)trueNegatives / actualNegatives;
    }

    private static double OneVersusRest(int[] actual, double[][] probabilities, int classCount, Func<int[], double[][], int, double> metric) =>
        classCount == 2 ? metric(actual, probabilities, 1) : Enumerable.Range(0, classCount).Average(c => metric(actual, probabilities, c));

    /// <summary>ROC AUC of class <paramref name="positive"/> against the rest: the Mann-Whitney statistic, ties counted half.</summary>
    private static double RocAuc(int[] actual, double[][] probabilities, int positive)
    {
        var (scores, isPositive) = RankedScores.Sort(actual, probabilities, positive, descending: false);
        double positives = isPositive.Count(p => p), negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var rankSum = 0.0;
        for (var start = 0; start < scores.Length;)
        {
            var end = TieEnd(scores, start);
            var averageRank = (start + end) / 2.0 + 1;
            rankSum += averageRank * isPositive.AsSpan(start..(end + 1)).Count(true);
            start = end + 1;
        }

        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>Average precision of class <paramref name="positive"/>: the sum over score thresholds, highest
    /// first, of the recall gained times the precision there (scikit-learn's average_precision_score).</summary>
    private static double AveragePrecision(int[] actual, double[][] probabilities, int positive)
    {
        var (scores, isPositive) = RankedScores.Sort(actual, probabilities, positive, descending: false);
        var positives = isPositive.Count(p => p);
        if (positives == 0)
        {
            return double.NaN;
        }

        double truePositives = 0, seen = 0, previousRecall = 0, sum = 0;
        for (var end = scores.Length - 1; end >= 0;)
        {
            var start = TieStart(scores, end);
            truePositives += isPositive.AsSpan(start..(end + 1)).Count(true);
            seen += end - start + 1;
            var recall = truePositives / positives;
            sum += (recall - previousRecall) * (truePositives / seen);
            previousRecall = recall;
            end = start - 1;
        }

        return sum;
    }

    private static int TieEnd(double[] sorted, int start)
    {
        var end = start;
        while (end + 1 < sorted.Length && sorted[end + 1] == sorted[start])
        {
            end++;
        }

        return end;
    }

    private static int TieStart(double[] sorted, int end)
    {
        var start = end;
        while (start > 0 && sorted[start - 1] == sorted[end])
        {
            start--;
        }

        return start;
    }
}
