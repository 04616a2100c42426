using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Server.Tests;

/// <summary>Admin verbs behind the bearer key, and promotions that swap the served model with no failed request.</summary>
public sealed class AdminAndSwapTests : IAsyncLifetime
{
    private const string Key = "test-admin-key";
    private const string Row = """{"sepal length (cm)": 5.9, "sepal width (cm)": 3.0, "petal length (cm)": 5.1, "petal width (cm)": 1.8}""";
    private readonly TestFiles _files = new();
    private RunningServer? _server;
    private string _spec = "";

    private HttpClient Client => _server!.Client;

    public async Task InitializeAsync()
    {
        _spec = _files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        _server = await RunningServer.TrainAndStartAsync(_spec, new Dictionary<string, string> { ["AdminKey"] = Key, ["ReloadSeconds"] = "0.2" });
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(_spec), null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _files.Dispose();
    }

    private async Task<HttpResponseMessage> AdminAsync(string verb, object? body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/iris/{verb}") { Content = JsonContent.Create(body ?? new { }) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await Client.SendAsync(request);
    }

    private async Task<int> ServedVersionAsync() =>
        (await Client.GetFromJsonAsync<JsonElement>("/health/ready")).GetProperty("version").GetInt32();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Admin_WithoutTheKey_Is401(string? key)
    {
        using var response = await AdminAsync("promote", new { version = 1 }, key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task WaitForVersionAsync(int version)
    {
        for (var attempt = 0; attempt < 50 && await ServedVersionAsync() != version; attempt++)
        {
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Promote_WhileAClientLoopRuns_SwapsWithZeroFailedRequests()
    {
        await WaitForVersionAsync(2);
        var statuses = new List<HttpStatusCode>();
        var versions = new List<int>();
        var promoted = new TaskCompletionSource();
        var before = new TaskCompletionSource();
        var requestsAfterPromotion = 0;
        var loop = Task.Run(async () =>
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (requestsAfterPromotion < 200 && !deadline.IsCancellationRequested)
            {
                var afterPromotion = promoted.Task.IsCompleted;
                using var response = await Client.PostAsync("/v1/models/iris/predict", new StringContent(Row, System.Text.Encoding.UTF8, "application/json"));
                statuses.Add(response.StatusCode);
                if (response.IsSuccessStatusCode)
                {
                    versions.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
                }

                requestsAfterPromotion += afterPromotion ? 1 : 0;
                if (statuses.Count == 200)
                {
                    before.SetResult();
                }
            }
        });

        await before.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var promote = await AdminAsync("promote", new { version = 1 }, Key);
        promoted.SetResult();
        await loop;

        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.Equal(1, await ServedVersionAsync());
        Assert.Equal(200, requestsAfterPromotion);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(2, versions[0]);
        Assert.Equal(1, versions[^1]);
    }

    [Fact]
    public async Task PromoteFromTheCli_ReachesTheServerWithinSeconds()
    {
        var registry = Ferry.Core.Storage.ModelRegistry.Open(SpecLoader.Load(_spec));
        await WaitForVersionAsync(2);
        PromotionPolicy.Promote(registry, "iris", 1, DateTimeOffset.UtcNow, force: false);

        await WaitForVersionAsync(1);

        Assert.Equal(1, await ServedVersionAsync());
    }

    [Fact]
    public async Task ChallengeFromTheCli_ReachesTheServerWhichShadowsEveryRequestUntilStopped()
    {
        var registry = Ferry.Core.Storage.ModelRegistry.Open(SpecLoader.Load(_spec));
        await WaitForVersionAsync(2);
        registry.Challenge("iris", 1, DateTimeOffset.UtcNow);
        var shadow = await ShadowAsync(expected: 1);
        for (var i = 0; i < 40; i++)
        {
            using var predicted = await Client.PostAsync("/v1/models/iris/predict", new StringContent(Row, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(2, (await predicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        }

        var monitoring = await _server!.JudgeAsync("iris", Key);
        for (var attempt = 0; attempt < 50 && ShadowPredictions(monitoring) < 40; attempt++)
        {
            await Task.Delay(100);
            monitoring = await _server.JudgeAsync("iris", Key);
        }

        registry.StopChallenge("iris");
        var stopped = await ShadowAsync(expected: null);

        Assert.Equal(1, shadow);
        Assert.Equal(1, monitoring.GetProperty("challenger").GetProperty("version").GetInt32());
        Assert.Contains("too few labelled rows answered by both yet (0", monitoring.GetProperty("challenger").GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.Equal(40, ShadowPredictions(monitoring));
        Assert.Null(stopped);
    }

    [Fact]
    public async Task ChallengeEndpoint_StopWithoutAChallenger_Is404NamingIt()
    {
        using var stop = await AdminAsync("challenge", new { version = (int?)null }, Key);

        Assert.Equal(HttpStatusCode.NotFound, stop.StatusCode);
        Assert.Contains("has no challenger", (await stop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChallengeEndpoint_StartsAndStopsTheShadowAndRefusesTheChampion()
    {
        await WaitForVersionAsync(2);

        using var champion = await AdminAsync("challenge", new { version = 2 }, Key);
        using var start = await AdminAsync("challenge", new { version = 1 }, Key);
        var during = await ShadowAsync(expected: 1);
        using var stop = await AdminAsync("challenge", new { version = (int?)null }, Key);
        var after = await ShadowAsync(expected: null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, champion.StatusCode);
        Assert.Contains("a challenger must be another version", (await champion.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (start.StatusCode, stop.StatusCode));
        Assert.Equal(1, during);
        Assert.Null(after);
    }

    /// <summary>Predictions v1 logged in shadow, from the health part of a monitoring report (scored off the request path).</summary>
    private static int ShadowPredictions(JsonElement monitoring) =>
        monitoring.GetProperty("health").EnumerateArray().Where(h => h.GetProperty("version").GetInt32() == 1).Sum(h => h.GetProperty("predictions").GetInt32());

    private async Task<int?> ShadowAsync(int? expected)
    {
        int? shadow = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var details = await Client.GetFromJsonAsync<JsonElement>("/v1/models/iris");
            shadow = details.TryGetProperty("shadow", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
            if (shadow == expected)
            {
                break;
            }

            await Task.Delay(100);
        }

        return shadow;
    }

    [Fact]
    public async Task Promote_UnknownVersion_Is404AndTheModelKeepsServing()
    {
        await WaitForVersionAsync(2);
        var before = await ServedVersionAsync();

        using var response = await AdminAsync("promote", new { version = 99 }, Key);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("has no version 99", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await ServedVersionAsync());
    }

    [Fact]
    public async Task ModelDetails_ListTheSchemaAndTheRegistryVersions()
    {
        var details = await Client.GetFromJsonAsync<JsonElement>("/v1/models/iris");
        var list = await Client.GetFromJsonAsync<JsonElement>("/v1/models");

        Assert.Equal(4, details.GetProperty("schema").GetArrayLength());
        Assert.Equal(2, details.GetProperty("versions").GetArrayLength());
        Assert.Equal("iris", list[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task NewChampionThatFailsToLoad_IsRefusedAndTheOldOneKeepsServing()
    {
        await WaitForVersionAsync(2);
        var spec = SpecLoader.Load(_spec);
        var registry = Ferry.Core.Storage.ModelRegistry.Open(spec);
        File.WriteAllText(registry.BundlePath("iris", 1), "not a zip");
        registry.Store.SetAlias("iris", Ferry.Core.Storage.ModelRegistry.Champion, 1, DateTimeOffset.UtcNow);

        await Task.Delay(600);
        using var response = await AdminAsync("reload", null, Key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(2, await ServedVersionAsync());
        using var predict = await Client.PostAsync("/v1/models/iris/predict", new StringContent(Row, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
    }

    [Fact]
    public async Task Promote_VersionWhoseBundleWasRewritten_Is422NamingTheDigestsAndTheChampionKeepsServing()
    {
        await WaitForVersionAsync(2);
        var path = Ferry.Core.Storage.ModelRegistry.Open(SpecLoader.Load(_spec)).BundlePath("iris", 1);
        BundleTampering.ReverseClasses(path, resign: true);

        using var response = await AdminAsync("promote", new { version = 1 }, Key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.StartsWith($"model 'iris' v1: {path} does not match its checksum (it is not the bundle that was registered: expected SHA-256 ", detail, StringComparison.Ordinal);
        Assert.Equal(2, await ServedVersionAsync());
        using var predict = await Client.PostAsync("/v1/models/iris/predict", new StringContent(Row, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
    }

    [Theory]
    [InlineData("promote", "{\"version\": \"1\"}", "the field $.version does not hold the expected type")]
    [InlineData("promote", "{}", "the body needs the field(s) 'version'")]
    [InlineData("promote", "null", "expected a JSON object, found null")]
    [InlineData("promote", "{\"version\": 1, \"version\": 2}", "invalid JSON")]
    [InlineData("challenge", "{\"version\": 1e30}", "the field $.version does not hold the expected type")]
    [InlineData("challenge", "{\"version\": 1, \"x\": \"\\ud800\"}", "unpaired surrogate")]
    public async Task AdminVerb_BodyThatDoesNotFit_Is400NamingWhatWasWrongAndChangesNothing(string verb, string body, string expected)
    {
        await WaitForVersionAsync(2);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/iris/{verb}") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await ServedVersionAsync());
    }
}
