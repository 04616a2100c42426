using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Ferry.Core.Bundles;
using Ferry.Testing;

namespace Ferry.Server.Tests;

public sealed class CalibrationServingTests
{
    [Fact]
    public async Task Predict_CalibratedBundle_ServesTheCalibratedProbabilities()
    {
        using var files = new TestFiles();
        var bundle = BundleFile.Read(ImbalancedData.Train(files, "f1", "logistic").BundlePath);
        var calibrator = bundle.Manifest.Calibration!;
        await using var server = await RunningServer.StartAsync(files.Path("ferry.yaml"));
        double[] xs = [.. Enumerable.Range(0, 41).Select(i => -1 + i * 0.1)];
        var rows = string.Join(", ", xs.Select(x => string.Create(CultureInfo.InvariantCulture, $$"""{"x": {{x}}, "noise": 0}""")));

        using var response = await server.Client.PostAsync("/v1/models/imbalanced/predict", JsonContent.Create(JsonDocument.Parse($$"""{"rows": [{{rows}}]}""").RootElement));
        double[] served = [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").EnumerateArray()
            .Select(p => p.GetProperty("probabilities").GetProperty("yes").GetDouble())];

        var raw = bundle.Model.Model.CreateScorer();
        var features = new float[bundle.Model.Featurizer.SlotCount];
        double[] uncalibrated = [.. xs.Select(x =>
        {
            var score = new double[2];
            bundle.Model.Featurizer.Transform(ImbalancedData.Row(x, 0), features);
            raw.Score(features, score);
            return score[1];
        })];
        Assert.Equal(uncalibrated.Select(p => calibrator.Maps[0].Map(p)), served, (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Contains(uncalibrated.Zip(served), pair => Math.Abs(pair.First - pair.Second) > 0.05);
    }
}
