using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ferry.Server.Tests;

public sealed class FeedbackApiTests(IrisServerFixture server) : IClassFixture<IrisServerFixture>
{
    private const string Setosa = """{"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}""";

    private async Task<string> PredictAsync()
    {
        using var response = await server.Client.PostAsync("/v1/models/iris/predict", new StringContent(Setosa, Encoding.UTF8, "application/json"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("predictions")[0].GetProperty("id").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json, string contentType = "application/json", string model = "iris")
    {
        using var response = await server.Client.PostAsync($"/v1/models/{model}/feedback", new StringContent(json, Encoding.UTF8, contentType));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task Feedback_RightAfterThePrediction_IsJoinedToIt()
    {
        var id = await PredictAsync();

        using var response = await server.Client.PostAsJsonAsync("/v1/models/iris/feedback", new { id, actual = "setosa" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Feedback_NoFeedbackKeySet_IsOpenToAnyCaller()
    {
        var id = await PredictAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/iris/feedback") { Content = JsonContent.Create(new { id, actual = "setosa" }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "any-key");

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Feedback_DifferentLabelAndNoAdminKeySet_Is409()
    {
        var id = await PredictAsync();
        await PostAsync($$"""{"id": "{{id}}", "actual": "setosa"}""");

        var (status, body) = await PostAsync($$"""{"id": "{{id}}", "actual": "virginica"}""");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(id, body.GetProperty("conflicts")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Feedback_SomeIdsUnknown_StoresTheRestAndListsThem()
    {
        var id = await PredictAsync();

        var (status, body) = await PostAsync($$"""{"items": [{"id": "{{id}}", "actual": "setosa"}, {"id": "no-such-id", "actual": "virginica"}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(["no-such-id"], body.GetProperty("unknownIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Feedback_OnlyUnknownIds_Is404NamingThem()
    {
        var (status, body) = await PostAsync("""{"id": "no-such-id", "actual": "setosa"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no-such-id", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_OnlyUnknownIds_ListsThemInUnknownIds()
    {
        var (status, body) = await PostAsync("""{"items": [{"id": "no-such-id", "actual": "setosa"}, {"id": "nor-this", "actual": "virginica"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(["no-such-id", "nor-this"], body.GetProperty("unknownIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("""{"actual": "setosa"}""", "id")]
    [InlineData("""{"id": 7, "actual": "setosa"}""", "id")]
    [InlineData("""{"id": "x"}""", "actual")]
    [InlineData("""{"id": "x", "actual": null}""", "actual")]
    [InlineData("""{"items": [{"id": "x", "actual": "setosa"}, {"id": "y", "actual": "rose"}]}""", "items[1].actual")]
    [InlineData("""{"items": {"id": "x"}}""", "items")]
    [InlineData("""{"items": []}""", "items")]
    [InlineData("""[1, 2]""", "body")]
    public async Task Feedback_BadItem_Is400NamingTheField(string json, string field)
    {
        var (status, body) = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Feedback_UnknownClass_ListsTheClasses()
    {
        var (_, body) = await PostAsync("""{"id": "x", "actual": "rose"}""");

        Assert.Contains("not a class of this model (classes: setosa, versicolor, virginica)", body.GetProperty("errors").GetProperty("actual")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id": "x", "actual": "setosa"}""", "text/plain", "iris", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("""{"id": "x", """, "application/json", "iris", HttpStatusCode.BadRequest)]
    [InlineData("""{"id": "x", "actual": "setosa"}""", "application/json", "roses", HttpStatusCode.NotFound)]
    public async Task Feedback_BadRequest_IsAProblemNotAServerError(string json, string contentType, string model, HttpStatusCode expected)
    {
        var (status, body) = await PostAsync(json, contentType, model);

        Assert.Equal(expected, status);
        Assert.True(body.TryGetProperty("detail", out _));
    }

    [Fact]
    public async Task Monitoring_UnknownModel_Is404()
    {
        using var response = await server.Client.GetAsync("/v1/models/roses/monitoring");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Feedback_IdOfAMegabyte_Is400NamingTheIdWithoutEchoingIt()
    {
        using var response = await server.Client.PostAsync("/v1/models/iris/feedback",
            new StringContent($$"""{"id": "{{new string('x', 1_000_000)}}", "actual": "setosa"}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("'id' is 1000000 characters long", JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("id")[0].GetString(), StringComparison.Ordinal);
        Assert.True(body.Length < 2_000, $"the answer is {body.Length} characters");
    }
}
