using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ferry.Server.Tests;

public sealed class PredictApiTests(IrisServerFixture server) : IClassFixture<IrisServerFixture>
{
    private const string Setosa = """{"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}""";
    private const string Virginica = """{"sepal length (cm)": 7.7, "sepal width (cm)": 3.0, "petal length (cm)": 6.1, "petal width (cm)": 2.3}""";

    private async Task<(HttpStatusCode Status, string? ContentType, JsonElement Body)> PostAsync(string body, string path = "/v1/models/iris/predict", string mediaType = "application/json")
    {
        using var response = await server.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, mediaType));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Predict_OneRow_ReturnsLabelProbabilitiesAndId()
    {
        var (status, _, body) = await PostAsync(Setosa);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("iris", body.GetProperty("model").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        var prediction = body.GetProperty("predictions")[0];
        Assert.Equal("setosa", prediction.GetProperty("label").GetString());
        Assert.True(prediction.GetProperty("probabilities").GetProperty("setosa").GetDouble() > 0.5);
        Assert.Equal(32, prediction.GetProperty("id").GetString()!.Length);
    }

    [Fact]
    public async Task Predict_OneRow_ExplainsWithTheTopThreeInputs()
    {
        var (_, _, body) = await PostAsync(Virginica);

        var explanation = body.GetProperty("predictions")[0].GetProperty("explanation").EnumerateArray().ToArray();

        Assert.Equal(3, explanation.Length);
        Assert.All(explanation, e => Assert.EndsWith("(cm)", e.GetProperty("feature").GetString(), StringComparison.Ordinal));
        var sizes = explanation.Select(e => Math.Abs(e.GetProperty("contribution").GetDouble())).ToArray();
        Assert.Equal(sizes.OrderDescending(), sizes);
    }

    [Fact]
    public async Task Predict_ManyRows_AnswersEachInOrder()
    {
        var (status, _, body) = await PostAsync($$"""{"rows": [{{Setosa}}, {{Virginica}}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["setosa", "virginica"], body.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task Predict_NullField_IsFilledAndReported()
    {
        var (status, _, body) = await PostAsync(Setosa.Replace("1.4", "null", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["petal length (cm)"], body.GetProperty("predictions")[0].GetProperty("filled").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Predict_MissingField_Is400ProblemNamingTheField()
    {
        var (status, type, body) = await PostAsync("""{"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        Assert.True(body.GetProperty("errors").TryGetProperty("petal width (cm)", out _));
        Assert.Contains("field 'petal width (cm)' is required", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_StringInNumericField_Is400ProblemNamingRowAndField()
    {
        var (status, type, body) = await PostAsync($$"""{"rows": [{{Setosa}}, {{Virginica.Replace("3.0", "\"wide\"", StringComparison.Ordinal)}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        var error = body.GetProperty("errors").GetProperty("rows[1].sepal width (cm)")[0].GetString();
        Assert.Equal("field 'sepal width (cm)' must be a number, found a string \"wide\"", error);
    }

    [Fact]
    public async Task Predict_InvalidJson_Is400Problem()
    {
        var (status, type, body) = await PostAsync("{\"sepal length (cm)\": 5.1,");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("invalid JSON", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_WrongContentType_Is415Problem()
    {
        var (status, type, _) = await PostAsync(Setosa, mediaType: "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("application/problem+json", type);
    }

    [Fact]
    public async Task Predict_UnknownModel_Is404Problem()
    {
        var (status, type, body) = await PostAsync(Setosa, "/v1/models/nope/predict");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("'nope'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_EmptyRows_Is400Problem()
    {
        var (status, _, body) = await PostAsync("""{"rows": []}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("rows", out _));
    }

    [Fact]
    public async Task Health_LiveAndReady_Answer200WithTheServedVersion()
    {
        var live = await server.Client.GetAsync("/health/live");
        var ready = await server.Client.GetFromJsonAsync<JsonElement>("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("iris", ready.GetProperty("model").GetString());
        Assert.Equal(1, ready.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Metrics_AfterAPrediction_CountItByModelAndVersionBesideHttpMetrics()
    {
        await PostAsync(Setosa);

        var text = await server.Client.GetStringAsync("/metrics");

        Assert.Matches(@"ferry_predictions_total\{model=""iris"",version=""1""\} [1-9]", text);
        Assert.Contains("ferry_prediction_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("ferry_model_load_seconds{model=\"iris\",version=\"1\"}", text, StringComparison.Ordinal);
        Assert.Contains("http_request_duration_seconds_bucket", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DocumentsThePredictionEndpoints()
    {
        var document = await server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/models/{name}/predict", out _));
        Assert.True(paths.TryGetProperty("/invocations", out _));
        Assert.True(paths.TryGetProperty("/v2/models/{name}/infer", out _));
    }

    [Theory]
    [InlineData("/v1/models/{name}/predict", "post", "Predict")]
    [InlineData("/invocations", "post", "MLflow")]
    [InlineData("/v2/models/{name}/infer", "post", "Open Inference")]
    [InlineData("/v1/models/{name}/promote", "post", "Admin")]
    [InlineData("/v1/models/{name}/feedback", "post", "Feedback")]
    [InlineData("/health", "get", "Health")]
    public async Task OpenApi_TagsEachOperationWithItsArea(string path, string method, string tag)
    {
        var document = await server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.Equal([tag], operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Predict_ExtraField_IsIgnoredAndReported()
    {
        var (status, _, body) = await PostAsync(Setosa.Replace("}", ", \"colour\": \"blue\"}", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["colour"], body.GetProperty("predictions")[0].GetProperty("ignored").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public async Task Predict_NaNOrInfinityLiteral_Is400InvalidJson(string literal)
    {
        var (status, type, body) = await PostAsync(Setosa.Replace("5.1", literal, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("invalid JSON", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_NaNAsAString_Is400NamingTheField()
    {
        var (status, _, body) = await PostAsync(Setosa.Replace("5.1", "\"NaN\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("sepal length (cm)", out _));
    }
}
