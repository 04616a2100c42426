using System.Text.Json;
using Ferry.Core.Bundles;
using Ferry.Core.Evaluation;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Evaluation;

public sealed class ThresholdTuningTests
{
    [Fact]
    public void Tune_F1_PicksTheCutBetweenTheClasses()
    {
        var threshold = ThresholdTuning.Tune([0, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.35, 0.4], new SuccessMetric(MetricNames.F1, null));

        Assert.Equal(0.325, threshold, 12);
    }

    [Fact]
    public void Tune_RecallGoal_KeepsTheGoalWithTheHighestPrecision()
    {
        var threshold = ThresholdTuning.Tune([0, 1, 0, 1, 0], [0.1, 0.2, 0.3, 0.4, 0.9], new SuccessMetric(MetricNames.Recall, 1.0));

        Assert.Equal(0.15, threshold, 12);
    }

    [Fact]
    public void Tune_NoCutBeatsHalf_KeepsHalf()
    {
        var threshold = ThresholdTuning.Tune([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], new SuccessMetric(MetricNames.F1, null));

        Assert.Equal(0.5, threshold);
    }

    [Fact]
    public void TunedThreshold_RaisesF1OnHeldOutRows_OnImbalancedData()
    {
        using var files = new TestFiles();
        var model = BundleFile.Read(ImbalancedData.Train(files, "f1", "logistic").BundlePath).Model;
        var predictor = new RowPredictor(model);
        var heldOut = ImbalancedData.Draw(5000, 77);
        double[] positive = [.. heldOut.Select(row => predictor.Predict(ImbalancedData.Row(row.X, row.Noise)).Probabilities!["yes"])];
        int[] actual = [.. heldOut.Select(row => row.Yes ? 1 : 0)];

        var curve = ThresholdTuning.Curve(actual, positive, [0.5, model.Threshold]);

        Assert.True(curve[1].F1 > curve[0].F1 + 0.02, $"F1 {curve[1].F1} at the tuned {model.Threshold}, {curve[0].F1} at 0.5");
    }

    [Fact]
    public void TunedThreshold_IsInTheBundle_AndDecidesThePredictorsLabel()
    {
        using var files = new TestFiles();
        var bundle = BundleFile.Read(ImbalancedData.Train(files, "f1", "logistic").BundlePath);
        var threshold = bundle.Manifest.Threshold;
        var predictor = new RowPredictor(bundle.Model);
        var between = Enumerable.Range(0, 4001).Select(i => -4 + i * 0.002)
            .Select(x => predictor.Predict(ImbalancedData.Row(x, 0)))
            .First(result => result.Probabilities!["yes"] > Math.Min(threshold, 0.5) && result.Probabilities["yes"] < Math.Max(threshold, 0.5));

        Assert.Equal(threshold < 0.5 ? "yes" : "no", between.Label);
    }

    [Fact]
    public void TunedThreshold_SameSeed_IsTheSame()
    {
        using var first = new TestFiles();
        using var second = new TestFiles();

        var thresholds = new[] { first, second }.Select(files => ImbalancedData.Train(files, "f1", "forest").Manifest.Threshold).ToArray();

        Assert.NotEqual(0.5, thresholds[0]);
        Assert.Equal(thresholds[0], thresholds[1]);
    }

    [Fact]
    public void Threshold_MetricThatDoesNotDependOnIt_StaysHalfAndOutOfTheManifest()
    {
        using var files = new TestFiles();

        var manifest = ImbalancedData.Train(files, "accuracy", "logistic").Manifest;

        Assert.Equal(0.5, manifest.Threshold);
        Assert.False(JsonDocument.Parse(BundleFile.ManifestText(manifest)).RootElement.TryGetProperty("threshold", out _));
    }
}
