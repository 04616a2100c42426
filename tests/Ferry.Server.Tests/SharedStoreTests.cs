using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Testing;
using Npgsql;

namespace Ferry.Server.Tests;

/// <summary>Two servers on two "machines" (directories with nothing in common but the spec's text) share one
/// PostgreSQL store: the second serves bundles it never trained, feedback and promotions reach across, monitoring
/// sees both servers' traffic, and the store going down costs the store's requests (503), never predictions.</summary>
public sealed class SharedStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Key = "replica-key";
    private const string Row = """{"sepal length (cm)": 5.9, "sepal width (cm)": 3.0, "petal length (cm)": 5.1, "petal width (cm)": 1.8}""";
    private readonly TestFiles _machineA = new();
    private readonly TestFiles _machineB = new();
    private readonly Dictionary<string, string> _settings = new() { ["AdminKey"] = Key, ["ReloadSeconds"] = "0.2" };
    private string _url = "";
    private string _specA = "";
    private string _specB = "";

    public Task InitializeAsync()
    {
        if (postgres.Url is not null)
        {
            _url = postgres.NewDatabase();
            var store = $"store: \"{_url}\"\ntrain: {{ candidates: [logistic] }}";
            _specA = _machineA.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", store);
            _specB = _machineB.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", store);
        }

        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _machineA.Dispose();
        _machineB.Dispose();
        return Task.CompletedTask;
    }

    private void RequirePostgres()
    {
        Skip.If(postgres.Url is null && !PostgresServer.Required, postgres.Unavailable);
        Assert.True(postgres.Url is not null, postgres.Unavailable);
    }

    private static async Task<(int Version, string Id)> PredictAsync(RunningServer server)
    {
        using var response = await server.Client.PostAsync("/v1/models/iris/predict", new StringContent(Row, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (answer.GetProperty("version").GetInt32(), answer.GetProperty("predictions")[0].GetProperty("id").GetString()!);
    }

    private static Task<HttpResponseMessage> FeedbackAsync(RunningServer server, string id) =>
        server.Client.PostAsync("/v1/models/iris/feedback", new StringContent($$"""{"id": "{{id}}", "actual": "virginica"}""", Encoding.UTF8, "application/json"));

    /// <summary>Feedback as a client sends it: a prediction reaches the store once its server has written its log
    /// (within its 50 ms linger), and a 503 (the store unavailable) is worth another try.</summary>
    private static async Task<HttpStatusCode> FeedbackWhenLoggedAsync(RunningServer server, string id)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await FeedbackAsync(server, id);
            if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable) || attempt == 50)
            {
                return response.StatusCode;
            }

            await Task.Delay(100);
        }
    }

    [SkippableFact]
    public async Task TwoServers_OnePostgresStore_ShareBundlesFeedbackPromotionsAndMonitoring()
    {
        RequirePostgres();
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(_specA), null, CancellationToken.None);
        await using var serverA = await RunningServer.StartAsync(_specA, _settings);
        await using var serverB = await RunningServer.StartAsync(_specB, _settings);

        var (versionA, idA) = await PredictAsync(serverA);
        var (versionB, _) = await PredictAsync(serverB);
        var feedbackStatus = await FeedbackWhenLoggedAsync(serverB, idA);
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(_specA), null, CancellationToken.None);
        using var promote = new HttpRequestMessage(HttpMethod.Post, "/v1/models/iris/promote") { Content = JsonContent.Create(new { version = 2 }) };
        promote.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var promoted = await serverA.Client.SendAsync(promote);
        var servedByB = await serverB.ServedVersionAsync(2);
        var monitoring = await serverB.JudgeAsync("iris", Key);

        Assert.Equal((1, 1), (versionA, versionB));
        Assert.Equal(HttpStatusCode.OK, feedbackStatus);
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(2, servedByB);
        Assert.True(File.Exists(Path.Combine(_machineB.Directory, ".ferry", "models", "iris", "v2", "model.ferry")));
        var health = monitoring.GetProperty("health").EnumerateArray().Single(h => h.GetProperty("version").GetInt32() == 1);
        Assert.Equal(2, health.GetProperty("predictions").GetInt32());
    }

    [SkippableFact]
    public async Task StoreDown_FeedbackIs503PredictionsContinue_AndItRecovers()
    {
        RequirePostgres();
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(_specA), null, CancellationToken.None);
        await using var server = await RunningServer.StartAsync(_specA, _settings);
        var (_, id) = await PredictAsync(server);
        Assert.Equal(HttpStatusCode.OK, await FeedbackWhenLoggedAsync(server, id));

        AllowConnections(false);
        using var down = await FeedbackAsync(server, id);
        var whileDown = await PredictAsync(server);
        var problem = await down.Content.ReadFromJsonAsync<JsonElement>();
        await Task.Delay(500);
        AllowConnections(true);
        var (_, after) = await PredictAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The store is unavailable.", problem.GetProperty("title").GetString());
        Assert.NotEmpty(problem.GetProperty("detail").GetString()!);
        Assert.Equal(1, whileDown.Version);
        Assert.Equal(HttpStatusCode.OK, await FeedbackWhenLoggedAsync(server, after));
    }

    /// <summary>Takes the test's database away from every client (new connections refused, open ones ended), or gives it back.</summary>
    private void AllowConnections(bool allow)
    {
        var database = new Uri(_url).AbsolutePath.TrimStart('/');
        using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(postgres.Url!));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            ALTER DATABASE {database} ALLOW_CONNECTIONS {(allow ? "true" : "false")};
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}';
            """;
        command.ExecuteNonQuery();
    }
}
