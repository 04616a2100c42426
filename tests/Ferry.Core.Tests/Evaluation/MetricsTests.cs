using Ferry.Core.Evaluation;
using Ferry.Core.Training;

namespace Ferry.Core.Tests.Evaluation;

public sealed class MetricsTests
{
    [Theory]
    [InlineData(2, 0.5)]
    [InlineData(2, 0.3)]
    [InlineData(4, 0.5)]
    public void One_EveryMetric_EqualsWhatComputeGivesForIt(int classCount, double threshold)
    {
        var random = new Random(classCount);
        var actual = Enumerable.Range(0, 300).Select(_ => random.Next(classCount)).ToArray();
        var probabilities = actual.Select(_ =>
        {
            var raw = Enumerable.Range(0, classCount).Select(_ => random.NextDouble()).ToArray();
            return raw.Select(p => p / raw.Sum()).ToArray();
        }).ToArray();
        var all = ClassificationMetrics.Compute(actual, probabilities, classCount, threshold);

        Assert.All(all, metric => Assert.Equal(metric.Value, ClassificationMetrics.One(metric.Key, actual, probabilities, classCount, threshold)));
    }

    // Reference values from scikit-learn 1.2 on the same vectors:
    //   y = [0, 1, 2, 2, 1, 0, 2], pred = [0, 2, 2, 2, 1, 1, 0]
    //   accuracy_score(y, pred) = 0.5714285714, f1_score(y, pred, average='macro') = 0.5555555556
    //   precision_score(..., average='macro') = 0.5555555556, recall_score(..., average='macro') = 0.5555555556
    [Fact]
    public void Classification_Multiclass_MatchesScikitLearnMacroAverages()
    {
        int[] actual = [0, 1, 2, 2, 1, 0, 2];
        int[] predicted = [0, 2, 2, 2, 1, 1, 0];
        var probabilities = predicted.Select(p => Enumerable.Range(0, 3).Select(c => c == p ? 0.8 : 0.1).ToArray()).ToArray();

        var metrics = ClassificationMetrics.Compute(actual, probabilities, 3, Decision.DefaultThreshold);

        Assert.Equal(0.5714285714, metrics["accuracy"], 9);
        Assert.Equal(0.5555555556, metrics["f1"], 9);
        Assert.Equal(0.5555555556, metrics["precision"], 9);
        Assert.Equal(0.5555555556, metrics["recall"], 9);
    }

    // scikit-learn 1.2.1 on the same vectors, P = 0.8 for the predicted class and 0.1 for the others:
    //   precision/recall/f1_score(y, pred, average='weighted') = 0.5714285714 each
    //   log_loss(y, P) = 1.1143327834627; roc_auc_score(y, P, multi_class='ovr', average='macro') = 0.6694444444
    //   average_precision_score(label_binarize(y, classes=[0, 1, 2]), P, average='macro') = 0.4576719577
    [Fact]
    public void Classification_MulticlassWeightedLogLossAucAndAveragePrecision_MatchScikitLearn()
    {
        int[] actual = [0, 1, 2, 2, 1, 0, 2];
        int[] predicted = [0, 2, 2, 2, 1, 1, 0];
        var probabilities = predicted.Select(p => Enumerable.Range(0, 3).Select(c => c == p ? 0.8 : 0.1).ToArray()).ToArray();

        var metrics = ClassificationMetrics.Compute(actual, probabilities, 3, Decision.DefaultThreshold);

        Assert.Equal(0.5714285714, metrics["precision_weighted"], 9);
        Assert.Equal(0.5714285714, metrics["recall_weighted"], 9);
        Assert.Equal(0.5714285714, metrics["f1_weighted"], 9);
        Assert.Equal(1.1143327834627, metrics["log_loss"], 10);
        Assert.Equal(0.6694444444, metrics["roc_auc"], 9);
        Assert.Equal(0.4576719577, metrics["pr_auc"], 9);
    }

    // scikit-learn: average_precision_score([0, 0, 1, 1, 1], s) = 0.9166666667, log_loss = 0.3721961877,
    // confusion_matrix at 0.5 = [[2, 0], [1, 2]] so specificity = 2 / 2 = 1.0
    [Fact]
    public void Classification_BinaryAveragePrecisionLogLossAndSpecificity_MatchScikitLearn()
    {
        int[] actual = [0, 0, 1, 1, 1];
        double[] positive = [0.1, 0.4, 0.4, 0.8, 0.9];
        var probabilities = positive.Select(p => new[] { 1 - p, p }).ToArray();

        var metrics = ClassificationMetrics.Compute(actual, probabilities, 2, Decision.DefaultThreshold);

        Assert.Equal(0.9166666667, metrics["pr_auc"], 9);
        Assert.Equal(0.3721961877, metrics["log_loss"], 9);
        Assert.Equal(1.0, metrics["specificity"]);
        Assert.Equal([[2, 0], [1, 2]], ClassificationMetrics.Confusion(actual, probabilities, 2, Decision.DefaultThreshold));
    }

    // scikit-learn: roc_auc_score([0, 0, 1, 1, 1], [0.1, 0.4, 0.4, 0.8, 0.9]) = 0.9166666667 (a tie at 0.4)
    [Fact]
    public void Classification_BinaryRocAucWithTies_MatchesScikitLearn()
    {
        int[] actual = [0, 0, 1, 1, 1];
        double[] positive = [0.1, 0.4, 0.4, 0.8, 0.9];

        var metrics = ClassificationMetrics.Compute(actual, [.. positive.Select(p => new[] { 1 - p, p })], 2, Decision.DefaultThreshold);

        Assert.Equal(0.9166666667, metrics["roc_auc"], 9);
    }

    // scikit-learn: y = [3, -0.5, 2, 7], pred = [2.5, 0.0, 2, 8]: mean_squared_error = 0.375,
    // mean_absolute_error = 0.5, r2_score = 0.9486081370, mean_absolute_percentage_error = 0.3273809524
    [Fact]
    public void Regression_MatchesScikitLearn()
    {
        var metrics = RegressionMetrics.Compute([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);

        Assert.Equal(Math.Sqrt(0.375), metrics["rmse"], 12);
        Assert.Equal(0.5, metrics["mae"], 12);
        Assert.Equal(0.9486081370, metrics["r2"], 9);
        Assert.Equal(0.375, metrics["mse"], 12);
        Assert.Equal(0.3273809524, metrics["mape"], 9);
    }
}
