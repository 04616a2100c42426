using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Testing;

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
        _server = await RunningServer.StartAsync(_spec, new Dictionary<string, string> { ["ReloadSeconds"] = "0.2" });
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

    private async Task<int?> CanaryServedAsync(int? expected)
    {
        int? canary = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var details = await Client.GetFromJsonAsync<JsonElement>("/v1/models/iris");
            canary = details.TryGetProperty("canary", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
            if (canary == expected)
            {
                break;
            }

            await Task.Delay(100);
        }

        return canary;
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
        var before = await CanaryServedAsync(Canary);

        Assert.Equal(Canary, ModelRegistry.Open(SpecLoader.Load(_spec)).EndCanary("iris"));
        var after = await CanaryServedAsync(null);
        var answers = await PredictAsync(100);

        Assert.Equal(Canary, before);
        Assert.Null(after);
        Assert.All(answers, a => Assert.Equal(Champion, a.Version));
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
}
