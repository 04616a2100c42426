using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ferry.Core.Lifecycle;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Server.Models;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Server.Tests.Models;

/// <summary>A canary over real HTTP: iris v2 is the champion and v1 both the challenger and the canary at
/// `retrain.canary.share` 0.5, so each request is answered by one of them, chosen by its first prediction id, and the
/// other one's answer is logged in shadow.</summary>
public sealed partial class CanaryRoutingTests : IAsyncLifetime
{
    private const int Champion = 2;
    private const int Canary = 1;
    private const string Row = """{"sepal length (cm)": 5.9, "sepal width (cm)": 3.0, "petal length (cm)": 5.1, "petal width (cm)": 1.8}""";
    private readonly TestFiles _files = new();
    private readonly LogCapture _log = new();
    private RunningServer? _server;
    private string _spec = "";

    private HttpClient Client => _server!.Client;

    private MonitoringStore Store => MonitoringStore.Open(Path.Combine(_files.Directory, ".ferry"));

    public async Task InitializeAsync()
    {
        _spec = _files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris",
            "train: { candidates: [logistic] }\nretrain: { canary: { share: 0.5, rows: 10 } }");
        var spec = SpecLoader.Load(_spec);
        new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None);
        new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None);
        var registry = ModelRegistry.Open(spec);
        PromotionPolicy.Promote(registry, "iris", Champion, DateTimeOffset.UtcNow, force: true);
        registry.Challenge("iris", Canary, DateTimeOffset.UtcNow);
        registry.SetCanary("iris", Canary, DateTimeOffset.UtcNow);
        _server = await RunningServer.StartAsync(_spec, new Dictionary<string, string> { ["ReloadSeconds"] = "0.2" },
            services => services.AddSingleton<ILoggerProvider>(_log));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _files.Dispose();
    }

    [GeneratedRegex("""ferry_predictions_total\{model="iris",version="(\d+)"\} (\d+)""")]
    private static partial Regex PredictionsTotal();

    /// <summary>One prediction request of one row: its id and the version that answered.</summary>
    private async Task<(string Id, int Version)> PredictAsync()
    {
        using var response = await Client.PostAsync("/v1/models/iris/predict", new StringContent(Row, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (answer.GetProperty("predictions")[0].GetProperty("id").GetString()!, answer.GetProperty("version").GetInt32());
    }

    private async Task<(string Id, int Version)[]> PredictAsync(int requests)
    {
        var answers = new (string, int)[requests];
        for (var i = 0; i < requests; i++)
        {
            answers[i] = await PredictAsync();
        }

        return answers;
    }

    /// <summary>The ids logged for a version (its answers and its shadow answers), once <paramref name="done"/> holds
    /// (the log and the shadow are written off the request path), or after 10 s.</summary>
    private async Task<HashSet<string>> LoggedAsync(int version, Func<HashSet<string>, bool> done)
    {
        var logged = new HashSet<string>();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            logged = [.. Store.Recent("iris", version, 10_000).Select(p => p.Id)];
            if (done(logged))
            {
                break;
            }

            await Task.Delay(100);
        }

        return logged;
    }

    /// <summary>The rows a version answered that are logged (not its shadow answers).</summary>
    private int Answered(int version) =>
        Store.Recent("iris", version, 10_000).Count(p => !p.Id.EndsWith(PredictionRecord.ShadowId(""), StringComparison.Ordinal));

    /// <summary>The version the server holds as <paramref name="role"/> (`canary` or `shadow` in the model's details)
    /// once it is <paramref name="expected"/> (the aliases are followed every 0.2 s), or after 5 s.</summary>
    private async Task<int?> ServedAsync(string role, int? expected)
    {
        int? version = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var details = await Client.GetFromJsonAsync<JsonElement>("/v1/models/iris");
            version = details.TryGetProperty(role, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
            if (version == expected)
            {
                break;
            }

            await Task.Delay(100);
        }

        return version;
    }

    [Fact]
    public async Task Predict_CanaryAtHalfShare_AnswersWithinBinomialBoundsOf200Requests()
    {
        var answers = await PredictAsync(200);

        Assert.InRange(answers.Count(a => a.Version == Canary), 60, 140);
        Assert.All(answers, a => Assert.Contains(a.Version, new[] { Champion, Canary }));
    }

    [Fact]
    public async Task Predict_WithACanary_EveryAnswerHasTheOtherVersionsAnswerInShadow()
    {
        var answers = await PredictAsync(100);
        var byCanary = answers.Where(a => a.Version == Canary).Select(a => PredictionRecord.ShadowId(a.Id)).ToArray();
        var byChampion = answers.Where(a => a.Version == Champion).Select(a => PredictionRecord.ShadowId(a.Id)).ToArray();

        var championLog = await LoggedAsync(Champion, logged => logged.IsSupersetOf(byCanary));
        var canaryLog = await LoggedAsync(Canary, logged => logged.IsSupersetOf(byChampion));

        Assert.NotEmpty(byCanary);
        Assert.NotEmpty(byChampion);
        Assert.Superset(byCanary.ToHashSet(), championLog);
        Assert.Superset(byChampion.ToHashSet(), canaryLog);
        Assert.Superset(answers.Where(a => a.Version == Canary).Select(a => a.Id).ToHashSet(), canaryLog);
        Assert.Superset(answers.Where(a => a.Version == Champion).Select(a => a.Id).ToHashSet(), championLog);
    }

    [Fact]
    public async Task Feedback_ToAnIdTheCanaryAnswered_LabelsTheCanaryVersionsRow()
    {
        var id = "";
        for (var i = 0; i < 100 && id.Length == 0; i++)
        {
            var answer = await PredictAsync();
            id = answer.Version == Canary ? answer.Id : "";
        }

        using var feedback = await Client.PostAsJsonAsync("/v1/models/iris/feedback", new { id, actual = "virginica" });

        feedback.EnsureSuccessStatusCode();
        var labelled = Assert.Single(Store.Labelled("iris", Canary, 10));
        Assert.Equal((id, "virginica"), (labelled.Id, labelled.Actual));
    }

    [Fact]
    public async Task Predict_AfterTheCanaryIsEnded_IsAnsweredByTheChampionOnly()
    {
        var before = await ServedAsync("canary", Canary);

        Assert.Equal(Canary, ModelRegistry.Open(SpecLoader.Load(_spec)).EndCanary("iris"));
        var after = await ServedAsync("canary", null);
        var answers = await PredictAsync(100);

        Assert.Equal(Canary, before);
        Assert.Null(after);
        Assert.All(answers, a => Assert.Equal(Champion, a.Version));
    }

    [Fact]
    public async Task Predict_CanaryWhoseBundleFailsToLoad_IsRefusedWithALogAndTheChampionAnswersEveryRequest()
    {
        const string Refusal = "Canary v1 cannot be loaded; not routing requests to it";
        var registry = ModelRegistry.Open(SpecLoader.Load(_spec));
        registry.EndChallenge("iris");
        registry.EndCanary("iris");
        var unloaded = (await ServedAsync("shadow", null), await ServedAsync("canary", null));
        File.WriteAllText(registry.BundlePath("iris", Canary), "not a zip");

        registry.Store.SetAlias("iris", ModelRegistry.Canary, Canary, DateTimeOffset.UtcNow);
        for (var attempt = 0; attempt < 50 && !_log.Entries.Any(e => e.Message.Contains(Refusal, StringComparison.Ordinal)); attempt++)
        {
            await Task.Delay(100);
        }

        var answers = await PredictAsync(100);

        Assert.Equal((null, null), unloaded);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(Refusal, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.Equal(Champion, a.Version));
        Assert.Null(await ServedAsync("canary", null));
    }

    [Fact]
    public async Task Predict_RefusedRequestsWithACanary_CountAsFailuresOfTheVersionEachWasRoutedTo()
    {
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < 60; i++)
        {
            using var response = await Client.PostAsync("/v1/models/iris/predict", new StringContent("""{"sepal length (cm)": 5.9}""", Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        }

        var errors = new Dictionary<int, int>();
        for (var attempt = 0; attempt < 100 && errors.Values.Sum() < 60; attempt++)
        {
            await Task.Delay(100);
            errors = Store.Health("iris", since, DateTimeOffset.UtcNow.AddMinutes(1)).ToDictionary(h => h.Version, h => h.Errors);
        }

        Assert.Equal(60, errors.Values.Sum());
        Assert.InRange(errors.GetValueOrDefault(Canary), 1, 59);
    }

    [Fact]
    public void ModelHost_CanaryAndChallengerOfOneVersion_ShareOneLoadedModel()
    {
        var host = new ModelHost(ServedModel.Of(SpecLoader.Load(_spec)), new ServerMetrics(), NullLogger<ModelHost>.Instance);

        Assert.Equal(Canary, host.Canary?.Manifest.Version);
        Assert.Same(host.Challenger, host.Canary);
    }

    [Fact]
    public async Task Metrics_WithACanary_CountEachRowUnderTheVersionThatAnswered()
    {
        var answers = await PredictAsync(100);

        var counted = PredictionsTotal().Matches(await Client.GetStringAsync("/metrics"))
            .ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

        Assert.Equal(answers.CountBy(a => a.Version).ToDictionary(), counted);
    }

    [Theory]
    [InlineData("/v1/models/iris/predict", Row)]
    [InlineData("/invocations", $$"""{"dataframe_records": [{{Row}}]}""")]
    [InlineData("/v2/models/iris/infer", """{"inputs": [{"name": "input0", "shape": [1, 4], "datatype": "FP32", "data": [5.9, 3.0, 5.1, 1.8]}]}""")]
    public async Task EveryProtocol_WithACanary_IsAnsweredByBothVersions(string path, string body)
    {
        for (var i = 0; i < 40; i++)
        {
            using var response = await Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        var (canary, champion) = (0, 0);
        for (var attempt = 0; attempt < 100 && canary + champion < 40; attempt++)
        {
            await Task.Delay(100);
            (canary, champion) = (Answered(Canary), Answered(Champion));
        }

        Assert.Equal(40, canary + champion);
        Assert.InRange(canary, 1, 39);
    }

    [Theory]
    [InlineData(Champion)]
    [InlineData(Canary)]
    public async Task OpenInference_VersionRoute_IsAlwaysAnsweredByThatVersion(int version)
    {
        var path = $"/v2/models/iris/versions/{version}/infer";
        for (var i = 0; i < 10; i++)
        {
            using var response = await Client.PostAsync(path, new StringContent("""{"inputs": [{"name": "input0", "shape": [1, 4], "datatype": "FP32", "data": [[5.9, 3.0, 5.1, 1.8]]}]}""", Encoding.UTF8, "application/json"));
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.True(response.IsSuccessStatusCode, answer.ToString());
            Assert.Equal(version.ToString(CultureInfo.InvariantCulture), answer.GetProperty("model_version").GetString());
        }
    }

    [Fact]
    public async Task OpenInference_Metadata_ListsTheVersionsServedAndAVersionOnlyRegisteredIs404()
    {
        var metadata = await Client.GetFromJsonAsync<JsonElement>("/v2/models/iris");
        using var ready = await Client.GetAsync($"/v2/models/iris/versions/{Canary}/ready");
        using var unknown = await Client.GetAsync("/v2/models/iris/versions/3/ready");

        Assert.Equal(["2", "1"], metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.True(ready.IsSuccessStatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("model 'iris' has no version '3'; this server serves 2 (champion), 1 (canary)",
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task OpenInference_AVersionRegisteredButNotServed_Is404SayingSo()
    {
        PromotionPolicy.Promote(ModelRegistry.Open(SpecLoader.Load(_spec)), "iris", Canary, DateTimeOffset.UtcNow, force: true);
        Assert.Equal(Canary, await _server!.ServedVersionAsync(Canary));

        using var response = await Client.GetAsync($"/v2/models/iris/versions/{Champion}");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"version {Champion} of model 'iris' is in the registry but not served here; this server serves {Canary} (champion)",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
