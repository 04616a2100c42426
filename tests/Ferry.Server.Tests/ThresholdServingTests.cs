using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Ferry.Testing;

namespace Ferry.Server.Tests;

public sealed class ThresholdServingTests
{
    [Fact]
    public async Task Predict_TunedThreshold_DecidesTheServedLabel()
    {
        using var files = new TestFiles();
        var threshold = ImbalancedData.Train(files, "f1", "logistic").Manifest.Threshold;
        await using var server = await RunningServer.StartAsync(files.Path("ferry.yaml"));
        var rows = string.Join(", ", Enumerable.Range(0, 81).Select(i => string.Create(CultureInfo.InvariantCulture, $$"""{"x": {{i * 0.05}}, "noise": 0}""")));

        using var response = await server.Client.PostAsync("/v1/models/imbalanced/predict", JsonContent.Create(JsonDocument.Parse($$"""{"rows": [{{rows}}]}""").RootElement));
        var predictions = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").EnumerateArray()
            .Select(p => (Yes: p.GetProperty("probabilities").GetProperty("yes").GetDouble(), Label: p.GetProperty("label").GetString())).ToArray();

        Assert.Contains(predictions, p => p.Yes > Math.Min(threshold, 0.5) && p.Yes < Math.Max(threshold, 0.5));
        Assert.All(predictions, p => Assert.Equal(p.Yes > threshold ? "yes" : "no", p.Label));
    }
}
