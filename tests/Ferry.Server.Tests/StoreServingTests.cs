using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Ferry.Server.Tests;

/// <summary>`ferry serve STORE`: two specs in their own directories train into one store; a server of the store serves
/// both models, each watched by the monitor: section its spec had.</summary>
public sealed class StoreServingTests : IAsyncLifetime
{
    private const string Iris = """{"sepal length (cm)": 5.9, "sepal width (cm)": 3.0, "petal length (cm)": 5.1, "petal width (cm)": 1.8}""";
    private readonly TestFiles _files = new();
    private WebApplication? _app;
    private HttpClient _client = new();

    public async Task InitializeAsync()
    {
        Train("iris", "iris.csv", "");
        Train("bc", "breast_cancer.csv", "monitor: { window: 200, alerts: { accuracy_below: 0.7 } }");
        _app = FerryServerApp.Build(_files.Path("store"), "http://127.0.0.1:0", LogLevel.Warning, new Dictionary<string, string> { ["ReloadSeconds"] = "0.2" });
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _files.Dispose();
    }

    /// <summary>Trains a spec of its own directory into the shared store `store/`.</summary>
    private void Train(string name, string data, string extra)
    {
        var type = data == "iris.csv" ? "multiclass-classification" : "binary-classification";
        var spec = File.ReadAllText(_files.WriteSpec(TestFiles.Data(data), "target", type, name, $"store: ../store\ntrain: {{ candidates: [logistic] }}\n{extra}"));
        Directory.CreateDirectory(_files.Path(name));
        File.WriteAllText(Path.Combine(_files.Path(name), "ferry.yaml"), spec);
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(Path.Combine(_files.Path(name), "ferry.yaml")), null, CancellationToken.None);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task ServeStore_ServesEveryChampionByName()
    {
        var models = await _client.GetFromJsonAsync<JsonElement>("/v1/models");
        using var iris = await PostAsync("/v1/models/iris/predict", Iris);
        var bcRow = string.Join(", ", File.ReadLines(TestFiles.Data("breast_cancer.csv")).First().Split(',')[..^1].Select(column => $"\"{column}\": 1.0"));
        using var bc = await PostAsync("/v1/models/bc/predict", $"{{{bcRow}}}");
        var ready = await _client.GetFromJsonAsync<JsonElement>("/health/ready");

        Assert.Equal(["bc", "iris"], models.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal("iris", (await iris.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetString());
        Assert.Equal("bc", (await bc.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetString());
        Assert.Equal(2, ready.GetProperty("models").GetArrayLength());
    }

    [Fact]
    public async Task ServeStore_EndpointsWithoutAModelName_AskForOneOrTakeModelQuery()
    {
        var body = $$"""{"dataframe_records": [{{Iris}}]}""";
        using var unnamed = await PostAsync("/invocations", body);
        using var named = await PostAsync("/invocations?model=iris", body);
        var index = await _client.GetStringAsync("/dashboard");
        var bcDashboard = await _client.GetStringAsync("/dashboard?model=bc");
        var page = await _client.GetStringAsync("/?model=iris");

        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("this server serves 'bc', 'iris': name one with ?model=NAME", (await unnamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Contains("href=\"/dashboard?model=bc\"", index, StringComparison.Ordinal);
        Assert.Contains("href=\"/dashboard?model=iris\"", index, StringComparison.Ordinal);
        Assert.Contains("<h1>bc v1", bcDashboard, StringComparison.Ordinal);
        Assert.Contains("<h1>iris <small>v1", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/?model=bc\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeStore_WatchesEachModelAsItsSpecSaid()
    {
        var bc = await _client.GetFromJsonAsync<JsonElement>("/v1/models/bc/monitoring");
        var iris = await _client.GetFromJsonAsync<JsonElement>("/v1/models/iris/monitoring");

        Assert.Equal(["accuracy_below"], bc.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()));
        Assert.Equal(0.7, bc.GetProperty("rules")[0].GetProperty("threshold").GetDouble());
        Assert.Contains(iris.GetProperty("rules").EnumerateArray(), r => r.GetProperty("rule").GetString() == "drift_share_above");
    }

    [Fact]
    public async Task ServeStore_AModelTrainedIntoTheStoreLater_IsServedWithinSeconds()
    {
        Train("flowers", "iris.csv", "");

        var names = Array.Empty<string>();
        for (var attempt = 0; attempt < 50 && !names.Contains("flowers"); attempt++)
        {
            await Task.Delay(100);
            names = [.. (await _client.GetFromJsonAsync<JsonElement>("/v1/models")).EnumerateArray().Select(m => m.GetProperty("name").GetString()!)];
        }

        using var predicted = await PostAsync("/v1/models/flowers/predict", Iris);

        Assert.Equal(["bc", "flowers", "iris"], names);
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
    }
}
