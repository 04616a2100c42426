using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Evaluation;
using Ferry.Core.Prediction;
using Ferry.Testing;

namespace Ferry.Server.Tests;

public sealed class EnsembleServingTests
{
    /// <summary>Rows of breast_cancer.csv as the request's JSON objects, every input a number.</summary>
    private static string Json(ModelBundle bundle, int[] rows)
    {
        var table = TableLoader.Load(TestFiles.Data("breast_cancer.csv"));
        return string.Join(", ", rows.Select(row => "{" + string.Join(", ", bundle.Manifest.Inputs.Select(input =>
            string.Create(CultureInfo.InvariantCulture, $"\"{input.Name}\": {table.Numbers(table.IndexOf(input.Name))[row]:R}"))) + "}"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public async Task Predict_EnsembleChampion_ServesItsProbabilitiesAndExplanations(int count)
    {
        using var files = new TestFiles();
        await using var server = await RunningServer.TrainAndStartAsync(files.WriteSpec(TestFiles.Data("breast_cancer.csv"), "target", "binary-classification", "bc",
            "train: { candidates: [logistic, forest, boosted] }"));
        var bundle = BundleFile.Read(Directory.GetFiles(files.Directory, "model.ferry", SearchOption.AllDirectories).Single());
        Assert.Equal(Ensemble.Candidate, bundle.Manifest.Candidate);
        int[] rows = [.. Enumerable.Range(0, count).Select(i => i * 37)];
        var predictor = new RowPredictor(bundle.Model);
        var expected = TrainedBundles.Rows(bundle, "breast_cancer.csv", rows).Select(row => predictor.Predict(row, explainTop: 3)).ToArray();

        using var response = await server.Client.PostAsync("/v1/models/bc/predict", JsonContent.Create(JsonDocument.Parse($$"""{"rows": [{{Json(bundle, rows)}}]}""").RootElement));
        var predictions = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").EnumerateArray().ToArray();

        Assert.Equal(count, predictions.Length);
        for (var r = 0; r < count; r++)
        {
            Assert.Equal(expected[r].Label, predictions[r].GetProperty("label").GetString());
            var positive = bundle.Manifest.Classes[1];
            Assert.Equal(expected[r].Probabilities![positive], predictions[r].GetProperty("probabilities").GetProperty(positive).GetDouble(), 5);
            var explanation = predictions[r].GetProperty("explanation").EnumerateArray().ToArray();
            Assert.Equal(expected[r].Explanation.Select(e => e.Feature), explanation.Select(e => e.GetProperty("feature").GetString()));
            Assert.Equal(expected[r].Explanation.Select(e => Math.Round(e.Contribution, 4)), explanation.Select(e => Math.Round(e.GetProperty("contribution").GetDouble(), 4)));
            Assert.Contains(explanation, e => e.GetProperty("contribution").GetDouble() != 0);
        }
    }
}
