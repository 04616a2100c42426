using System.Globalization;
using System.Text.Json;
using Ferry.Core.Evaluation;
using Ferry.Core.Prediction;
using Ferry.Core.Training;
using Ferry.Testing;

namespace Ferry.Core.Tests.Lifecycle;

public sealed class CalibrationPipelineTests(ClassWeightedModel trained) : IClassFixture<ClassWeightedModel>
{
    [Fact]
    public void Train_ClassWeightedModel_IsCalibrated()
    {
        Assert.NotNull(trained.Bundle.Manifest.Calibration);
        Assert.Equal(trained.Bundle.Manifest.Calibration, trained.Bundle.Model.Calibrator);
    }

    [Fact]
    public void Calibration_LowersTheLogLossOfHeldOutRows_OnAClassWeightedModel()
    {
        var model = trained.Bundle.Model;
        var predictor = new RowPredictor(model);
        var raw = model.Model.CreateScorer();
        var features = new float[model.Featurizer.SlotCount];
        var heldOut = ImbalancedData.Draw(5000, 77);
        var rawScores = heldOut.Select(row =>
        {
            var score = new double[2];
            model.Featurizer.Transform(ImbalancedData.Row(row.X, row.Noise), features);
            raw.Score(features, score);
            return score;
        }).ToArray();
        double[][] calibrated = [.. heldOut.Select(row => predictor.Predict(ImbalancedData.Row(row.X, row.Noise)).Probabilities!).Select(p => new[] { p["no"], p["yes"] })];
        int[] actual = [.. heldOut.Select(row => row.Yes ? 1 : 0)];

        var rawLoss = ClassificationMetrics.Compute(actual, rawScores, 2, 0.5)[ClassificationMetrics.LogLoss];
        var calibratedLoss = ClassificationMetrics.Compute(actual, calibrated, 2, 0.5)[ClassificationMetrics.LogLoss];

        Assert.True(calibratedLoss < rawLoss * 0.9, $"held-out log loss {calibratedLoss} calibrated, {rawLoss} raw");
    }

    [Fact]
    public void Calibration_BringsTheMeanProbabilityBackToTheFrequency_OnAClassWeightedModel()
    {
        var predictor = new RowPredictor(trained.Bundle.Model);
        var heldOut = ImbalancedData.Draw(5000, 78);

        var meanYes = heldOut.Average(row => predictor.Predict(ImbalancedData.Row(row.X, row.Noise)).Probabilities!["yes"]);

        Assert.InRange(meanYes, heldOut.Average(row => row.Yes ? 1.0 : 0.0) - 0.02, heldOut.Average(row => row.Yes ? 1.0 : 0.0) + 0.02);
    }

    [Fact]
    public void Threshold_IsTunedOnTheCalibratedProbabilities()
    {
        var threshold = trained.Bundle.Manifest.Threshold;

        Assert.InRange(threshold, 0.05, 0.5);
    }

    [Fact]
    public void Report_Classifier_ShowsTheCalibrationReliabilityCurveAndExpectedCalibrationError()
    {
        var html = File.ReadAllText(Path.Combine(trained.Directory, "report.html"));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(trained.Directory, "metrics.json")));
        var calibration = metrics.RootElement.GetProperty("calibration");

        var ece = calibration.GetProperty("expectedCalibrationError").GetDouble();
        Assert.Equal(trained.Bundle.Manifest.Calibration!.Method, calibration.GetProperty("method").GetString());
        Assert.Contains($"<p id=\"calibration\" data-method=\"{trained.Bundle.Manifest.Calibration.Method}\">", html, StringComparison.Ordinal);
        Assert.Contains($"<p id=\"ece\" data-value=\"{ece.ToString("R", CultureInfo.InvariantCulture)}\">", html, StringComparison.Ordinal);
        Assert.Contains("<img id=\"reliability\"", html, StringComparison.Ordinal);
        Assert.InRange(ece, 0, 0.1);
    }

    [Fact]
    public void MetricsJson_Calibration_ListsTheCrossValidatedLogLossOfEachMethod()
    {
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(trained.Directory, "metrics.json")));

        var losses = metrics.RootElement.GetProperty("calibration").GetProperty("cvLogLoss");

        Assert.Equal(["none", CalibrationMap.Platt, CalibrationMap.Isotonic], losses.EnumerateObject().Select(p => p.Name));
        Assert.True(losses.GetProperty(trained.Bundle.Manifest.Calibration!.Method).GetDouble() < losses.GetProperty("none").GetDouble());
    }
}
