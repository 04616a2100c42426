using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Server.Tests;

/// <summary>Who may teach the model: with FERRY_FEEDBACK_KEY set, feedback needs that key or the admin key, and a label,
/// once recorded, is final unless the admin key replaces it.</summary>
public sealed class FeedbackKeyTests(FeedbackKeyTests.KeyedServer server) : IClassFixture<FeedbackKeyTests.KeyedServer>
{
    private const string FeedbackKey = "labelling-pipeline-key";
    private const string AdminKey = "operator-key";
    private const string Setosa = """{"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}""";

    /// <summary>The iris server with both keys set.</summary>
    public sealed class KeyedServer : IAsyncLifetime
    {
        private readonly TestFiles _files = new();
        private RunningServer? _server;

        public HttpClient Client => _server!.Client;

        public MonitoringStore Store => MonitoringStore.Open(Path.Combine(_files.Directory, ".ferry"));

        public async Task InitializeAsync() => _server = await RunningServer.TrainAndStartAsync(
            _files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }"),
            new Dictionary<string, string> { ["FeedbackKey"] = FeedbackKey, ["AdminKey"] = AdminKey });

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            _files.Dispose();
        }
    }

    private async Task<string> PredictAsync()
    {
        using var response = await server.Client.PostAsync("/v1/models/iris/predict", new StringContent(Setosa, Encoding.UTF8, "application/json"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("predictions")[0].GetProperty("id").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string path, string json, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var response = await server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    private Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> FeedbackAsync(string id, string actual, string? key) =>
        PostAsync("/v1/models/iris/feedback", JsonSerializer.Serialize(new { id, actual }), key);

    private string? StoredLabel(string id) => server.Store.Recent("iris", 1, 100_000).Single(p => p.Id == id).Actual;

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Feedback_KeySetAndNotSent_Is401AndRecordsNothing(string? key)
    {
        var id = await PredictAsync();

        var (status, body, response) = await FeedbackAsync(id, "setosa", key);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("FERRY_FEEDBACK_KEY", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await FeedbackAsync(id, "versicolor", FeedbackKey)).Status);
        Assert.Equal("versicolor", StoredLabel(id));
    }

    [Theory]
    [InlineData(FeedbackKey)]
    [InlineData(AdminKey)]
    public async Task Feedback_WithTheFeedbackOrTheAdminKey_IsRecorded(string key)
    {
        var id = await PredictAsync();

        var (status, body, _) = await FeedbackAsync(id, "setosa", key);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal("setosa", StoredLabel(id));
    }

    [Fact]
    public async Task Feedback_SameLabelTwice_IsAcceptedBothTimesAndCountedUnchangedTheSecond()
    {
        var id = await PredictAsync();
        await FeedbackAsync(id, "setosa", FeedbackKey);

        var (status, body, _) = await FeedbackAsync(id, "setosa", FeedbackKey);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((1, 1), (body.GetProperty("accepted").GetInt32(), body.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task Feedback_DifferentLabel_Is409NamingTheIdAndTheRecordedLabelAndKeepsIt()
    {
        var id = await PredictAsync();
        await FeedbackAsync(id, "setosa", FeedbackKey);

        var (status, body, response) = await FeedbackAsync(id, "virginica", FeedbackKey);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"'{id}' is already labelled 'setosa', not 'virginica'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("setosa", body.GetProperty("conflicts")[0].GetProperty("recorded").GetString());
        Assert.Equal("setosa", StoredLabel(id));
    }

    [Fact]
    public async Task Feedback_BatchWithOneConflict_IsRefusedWholeAndWritesNothing()
    {
        string labelled = await PredictAsync(), fresh = await PredictAsync();
        await FeedbackAsync(labelled, "setosa", FeedbackKey);

        var (status, body, _) = await PostAsync("/v1/models/iris/feedback",
            $$"""{"items": [{"id": "{{fresh}}", "actual": "setosa"}, {"id": "{{labelled}}", "actual": "versicolor"}]}""", FeedbackKey);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("nothing of this request was written", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(("setosa", null), (StoredLabel(labelled), StoredLabel(fresh)));
    }

    [Fact]
    public async Task Feedback_DifferentLabelWithTheAdminKey_ReplacesIt()
    {
        var id = await PredictAsync();
        await FeedbackAsync(id, "setosa", FeedbackKey);

        var (status, body, _) = await FeedbackAsync(id, "versicolor", AdminKey);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("replaced").GetInt32());
        Assert.Equal("versicolor", StoredLabel(id));
    }

    [Theory]
    [InlineData("promote")]
    [InlineData("rollback")]
    [InlineData("reload")]
    [InlineData("challenge")]
    [InlineData("feedback")]
    public async Task KeyedEndpoint_MalformedBodyWithoutTheKey_Is401Not400(string verb)
    {
        var (status, _, response) = await PostAsync($"/v1/models/iris/{verb}", """{"version": """, null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("promote")]
    [InlineData("feedback")]
    public async Task KeyedEndpoint_MalformedBodyWithTheAdminKey_Is400(string verb)
    {
        var (status, _, _) = await PostAsync($"/v1/models/iris/{verb}", """{"version": """, AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}
