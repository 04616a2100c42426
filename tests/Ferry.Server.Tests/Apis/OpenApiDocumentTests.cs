using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ferry.Server.Tests.Apis;

/// <summary>Real answers of the real server checked against the schemas of its own /openapi/v1.json.</summary>
public sealed class OpenApiDocumentTests(OpenApiServers servers) : IClassFixture<OpenApiServers>
{
    private const string Setosa = """{"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}""";

    private static async Task<HttpResponseMessage> PostAsync(RunningServer server, string path, string body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await server.Client.SendAsync(request);
    }

    private async Task<string> PredictIdAsync()
    {
        using var predicted = await PostAsync(servers.Iris, "/v1/models/iris/predict", Setosa);
        return JsonDocument.Parse(await predicted.Content.ReadAsStringAsync()).RootElement.GetProperty("predictions")[0].GetProperty("id").GetString()!;
    }

    /// <summary>Predicts the first <paramref name="count"/> rows of iris.csv and sends each row's label as feedback.</summary>
    private async Task SendLabelledIrisAsync(int count)
    {
        var lines = File.ReadLines(Ferry.Testing.TestFiles.Data("iris.csv")).ToArray();
        var columns = lines[0].Split(',');
        var rows = lines.Skip(1).Take(count).Select(line => line.Split(',')).ToArray();
        var body = new JsonObject
        {
            ["rows"] = new JsonArray([.. rows.Select(cells => (JsonNode)new JsonObject(columns[..^1].Select((c, i) =>
            KeyValuePair.Create(c, (JsonNode?)double.Parse(cells[i], System.Globalization.CultureInfo.InvariantCulture)))))])
        };
        using var predicted = await PostAsync(servers.Iris, "/v1/models/iris/predict", body.ToJsonString());
        var ids = JsonDocument.Parse(await predicted.Content.ReadAsStringAsync()).RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToArray();
        var items = new JsonArray([.. ids.Select((id, i) => (JsonNode)new JsonObject { ["id"] = id, ["actual"] = rows[i][^1] })]);
        using var feedback = await PostAsync(servers.Iris, "/v1/models/iris/feedback", new JsonObject { ["items"] = items }.ToJsonString());
        feedback.EnsureSuccessStatusCode();
    }

    private static async Task AssertMatchesAsync(RunningServer server, HttpResponseMessage response, string path, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var contract = await OpenApiContract.FetchAsync(server.Client);
        Assert.Empty(await contract.ErrorsAsync(response, path));
    }

    [Fact]
    public async Task Predict_ClassificationAnswer_MatchesTheDocument()
    {
        using var response = await PostAsync(servers.Iris, "/v1/models/iris/predict", $$"""{"rows": [{{Setosa}}, {{Setosa.Replace("5.1", "null", StringComparison.Ordinal)}}]}""");

        await AssertMatchesAsync(servers.Iris, response, "/v1/models/{name}/predict", HttpStatusCode.OK);
    }

    [Fact]
    public async Task Predict_RegressionAnswer_MatchesTheDocument()
    {
        using var response = await PostAsync(servers.Abc, "/v1/models/abc/predict", """{"a": 1, "b": 2, "c": 3}""");

        await AssertMatchesAsync(servers.Abc, response, "/v1/models/{name}/predict", HttpStatusCode.OK);
    }

    [Fact]
    public async Task ModelDetails_Answer_MatchesTheDocument()
    {
        using var response = await servers.Iris.Client.GetAsync("/v1/models/iris");

        await AssertMatchesAsync(servers.Iris, response, "/v1/models/{name}", HttpStatusCode.OK);
    }

    [Fact]
    public async Task Monitoring_AnswerAfterLabelledTraffic_MatchesTheDocument()
    {
        await SendLabelledIrisAsync(60);

        using var judged = await PostAsync(servers.Iris, "/v1/models/iris/monitoring/judge", "", OpenApiServers.AdminKey);
        await AssertMatchesAsync(servers.Iris, judged, "/v1/models/{name}/monitoring/judge", HttpStatusCode.OK);
        using var response = await servers.Iris.Client.GetAsync("/v1/models/iris/monitoring");

        await AssertMatchesAsync(servers.Iris, response, "/v1/models/{name}/monitoring", HttpStatusCode.OK);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.NotEmpty(report.GetProperty("drift").GetProperty("features").EnumerateArray());
        Assert.NotEmpty(report.GetProperty("performance").GetProperty("windows").EnumerateArray());
    }

    [Theory]
    [InlineData("/v1/models", "/v1/models")]
    [InlineData("/v1/models/iris/runs", "/v1/models/{name}/runs")]
    [InlineData("/health", "/health")]
    [InlineData("/health/live", "/health/live")]
    [InlineData("/health/ready", "/health/ready")]
    [InlineData("/v2/health/ready", "/v2/health/ready")]
    [InlineData("/v2/models/iris", "/v2/models/{name}")]
    [InlineData("/v2/models/iris/ready", "/v2/models/{name}/ready")]
    [InlineData("/v2", "/v2")]
    [InlineData("/v2/models/iris/versions/1", "/v2/models/{name}/versions/{version}")]
    [InlineData("/v2/models/iris/versions/1/ready", "/v2/models/{name}/versions/{version}/ready")]
    public async Task Get_Answer_MatchesTheDocument(string url, string path)
    {
        using var response = await servers.Iris.Client.GetAsync(url);

        await AssertMatchesAsync(servers.Iris, response, path, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Feedback_Answer_MatchesTheDocument()
    {
        var id = await PredictIdAsync();

        using var response = await PostAsync(servers.Iris, "/v1/models/iris/feedback", $$"""{"id": "{{id}}", "actual": "setosa"}""");

        await AssertMatchesAsync(servers.Iris, response, "/v1/models/{name}/feedback", HttpStatusCode.OK);
    }

    [Fact]
    public async Task Infer_ClassificationAnswer_MatchesTheDocument()
    {
        using var response = await PostAsync(servers.Iris, "/v2/models/iris/infer",
            """{"id": "7", "inputs": [{"name": "input0", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}""");

        await AssertMatchesAsync(servers.Iris, response, "/v2/models/{name}/infer", HttpStatusCode.OK);
    }

    [Fact]
    public async Task Infer_VersionRouteAnswerWithOutputsChosen_MatchesTheDocument()
    {
        using var response = await PostAsync(servers.Iris, "/v2/models/iris/versions/1/infer",
            """{"inputs": [{"name": "input0", "shape": [1, 4], "datatype": "FP32", "data": [[5.1, 3.5, 1.4, 0.2]]}], "outputs": [{"name": "probabilities"}]}""");

        await AssertMatchesAsync(servers.Iris, response, "/v2/models/{name}/versions/{version}/infer", HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/v2/models/nope/infer", "/v2/models/{name}/infer", """{"inputs": []}""", "application/json", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/iris/versions/9/infer", "/v2/models/{name}/versions/{version}/infer", """{"inputs": []}""", "application/json", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/iris/infer", "/v2/models/{name}/infer", """{"inputs": 5}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/iris/infer", "/v2/models/{name}/infer", """{"inputs": [{"name": "x", "shape": [3], "datatype": "FP32", "data": [1]}]}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/iris/infer", "/v2/models/{name}/infer", "{", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/iris/infer", "/v2/models/{name}/infer", "a,b", "text/csv", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/invocations", "/invocations", """{"rows": []}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/invocations", "/invocations", "a,b", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task ProtocolRoute_Refused_AnswersTheDocumentedErrorShape(string url, string path, string body, string contentType, HttpStatusCode status)
    {
        using var response = await servers.Iris.Client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        await AssertMatchesAsync(servers.Iris, response, path, status);
    }

    [Theory]
    [InlineData("/v2/models/nope", "/v2/models/{name}")]
    [InlineData("/v2/models/iris/versions/9/ready", "/v2/models/{name}/versions/{version}/ready")]
    public async Task OpenInferenceGet_NotFound_AnswersTheDocumentedError(string url, string path)
    {
        using var response = await servers.Iris.Client.GetAsync(url);

        await AssertMatchesAsync(servers.Iris, response, path, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Validation_AnOpenInferenceErrorWithoutItsMessage_Fails()
    {
        var contract = await OpenApiContract.FetchAsync(servers.Iris.Client);

        var errors = OpenApiContract.Errors(contract.ResponseSchema("POST", "/v2/models/{name}/infer", 400, "application/json"), JsonDocument.Parse("""{"detail": "bad"}""").RootElement);

        Assert.Contains(errors, e => e.Contains("required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invocations_RegressionAnswer_MatchesTheDocument()
    {
        using var response = await PostAsync(servers.Abc, "/invocations", """{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2, 3]]}}""");

        await AssertMatchesAsync(servers.Abc, response, "/invocations", HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/v1/models/iris/predict", "/v1/models/{name}/predict", """{"sepal length (cm)": "long"}""", null, HttpStatusCode.BadRequest)]
    [InlineData("/v1/models/iris/predict", "/v1/models/{name}/predict", "{", null, HttpStatusCode.BadRequest)]
    [InlineData("/v1/models/nope/predict", "/v1/models/{name}/predict", Setosa, null, HttpStatusCode.NotFound)]
    [InlineData("/v1/models/iris/feedback", "/v1/models/{name}/feedback", """{"id": "0190a7c4e1d27a3f9b5c6d7e8f901234", "actual": "setosa"}""", null, HttpStatusCode.NotFound)]
    [InlineData("/v1/models/iris/promote", "/v1/models/{name}/promote", """{"version": 1}""", null, HttpStatusCode.Unauthorized)]
    [InlineData("/v1/models/iris/promote", "/v1/models/{name}/promote", """{"version": 99}""", OpenApiServers.AdminKey, HttpStatusCode.NotFound)]
    [InlineData("/v1/models/iris/challenge", "/v1/models/{name}/challenge", """{"version": 1}""", OpenApiServers.AdminKey, HttpStatusCode.UnprocessableEntity)]
    public async Task Post_Refused_AnswersTheDocumentedProblem(string url, string path, string body, string? key, HttpStatusCode status)
    {
        using var response = await PostAsync(servers.Iris, url, body, key);

        await AssertMatchesAsync(servers.Iris, response, path, status);
    }

    [Fact]
    public async Task Predict_NotJson_Is415MatchingTheDocument()
    {
        using var response = await servers.Iris.Client.PostAsync("/v1/models/iris/predict", new StringContent("a,b", Encoding.UTF8, "text/plain"));

        await AssertMatchesAsync(servers.Iris, response, "/v1/models/{name}/predict", HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Feedback_ADifferentLabel_Is409MatchingTheDocument()
    {
        var id = await PredictIdAsync();
        using (await PostAsync(servers.Iris, "/v1/models/iris/feedback", $$"""{"id": "{{id}}", "actual": "setosa"}"""))
        {
        }

        using var response = await PostAsync(servers.Iris, "/v1/models/iris/feedback", $$"""{"id": "{{id}}", "actual": "virginica"}""");

        await AssertMatchesAsync(servers.Iris, response, "/v1/models/{name}/feedback", HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ModelDetails_UnknownModel_Is404MatchingTheDocument()
    {
        using var response = await servers.Iris.Client.GetAsync("/v1/models/nope");

        await AssertMatchesAsync(servers.Iris, response, "/v1/models/{name}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Validation_AnswerOfAnotherShape_Fails()
    {
        using var response = await PostAsync(servers.Iris, "/v1/models/iris/predict", Setosa);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        answer["version"] = "one";
        answer["predictions"]![0]!["probabilities"]!["setosa"] = "high";
        answer["predictions"]![0]!.AsObject().Remove("id");
        var contract = await OpenApiContract.FetchAsync(servers.Iris.Client);

        var errors = OpenApiContract.Errors(contract.ResponseSchema("POST", "/v1/models/{name}/predict", 200, "application/json"), JsonSerializer.SerializeToElement(answer));

        Assert.Contains(errors, e => e.StartsWith("/version ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/predictions/0/probabilities/setosa ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("POST", "/v1/models/{name}/predict", Setosa)]
    [InlineData("POST", "/v1/models/{name}/predict", $$"""{"rows": [{{Setosa}}]}""")]
    [InlineData("POST", "/v1/models/{name}/feedback", """{"id": "0190a7c4e1d27a3f9b5c6d7e8f901234", "actual": "setosa"}""")]
    [InlineData("POST", "/v1/models/{name}/feedback", """{"items": [{"id": "0190a7c4e1d27a3f9b5c6d7e8f901234", "actual": 3.5}]}""")]
    [InlineData("POST", "/invocations", """{"dataframe_split": {"columns": ["a", "b"], "data": [[1, 2]]}}""")]
    [InlineData("POST", "/invocations", """{"dataframe_records": [{"a": 1, "b": null}]}""")]
    [InlineData("POST", "/invocations", """{"instances": [[1, 2]]}""")]
    [InlineData("POST", "/invocations", """{"inputs": {"a": [1, 4], "b": [2, 5]}, "params": {}}""")]
    [InlineData("POST", "/v2/models/{name}/infer", """{"inputs": [{"name": "a", "shape": [2], "datatype": "FP32", "data": [1, 4]}], "outputs": [{"name": "value"}]}""")]
    [InlineData("POST", "/v2/models/{name}/versions/{version}/infer", """{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP32", "data": [[1, 4]]}], "parameters": {"binary_data_output": true}}""")]
    [InlineData("POST", "/v2/models/{name}/infer", """{"inputs": [{"name": "a", "shape": [2], "datatype": "FP32", "parameters": {"binary_data_size": 8}}], "outputs": [{"name": "value", "parameters": {"binary_data": true}}]}""")]
    [InlineData("POST", "/v1/models/{name}/promote", """{"version": 2, "force": true}""")]
    public async Task RequestBody_AnAcceptedBody_MatchesTheDocument(string method, string path, string body)
    {
        var contract = await OpenApiContract.FetchAsync(servers.Iris.Client);

        Assert.Empty(OpenApiContract.Errors(contract.RequestSchema(method, path, "application/json"), JsonDocument.Parse(body).RootElement));
    }

    [Theory]
    [InlineData("/v1/models/{name}/predict", """["not", "a", "row"]""")]
    [InlineData("/v1/models/{name}/feedback", """{"id": "x"}""")]
    [InlineData("/invocations", """{"instances": [[1]], "inputs": [[1]]}""")]
    [InlineData("/v2/models/{name}/infer", """{"inputs": [{"name": "a", "shape": [1], "datatype": "NOPE", "data": [1]}]}""")]
    public async Task RequestBody_ABodyTheRouteRefuses_FailsTheDocument(string path, string body)
    {
        var contract = await OpenApiContract.FetchAsync(servers.Iris.Client);

        Assert.NotEmpty(OpenApiContract.Errors(contract.RequestSchema("POST", path, "application/json"), JsonDocument.Parse(body).RootElement));
    }

    [Theory]
    [InlineData("/v1/models/{name}/promote", false)]
    [InlineData("/v1/models/{name}/rollback", false)]
    [InlineData("/v1/models/{name}/reload", false)]
    [InlineData("/v1/models/{name}/challenge", false)]
    [InlineData("/v1/models/{name}/monitoring/judge", false)]
    [InlineData("/v1/models/{name}/feedback", true)]
    public async Task Security_KeyedRoute_NamesTheBearerScheme(string path, bool optional)
    {
        var contract = await OpenApiContract.FetchAsync(servers.Iris.Client);

        var scheme = contract.Document["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal(("http", "bearer"), (scheme["type"]!.GetValue<string>(), scheme["scheme"]!.GetValue<string>()));
        var security = contract.Document["paths"]![path]!["post"]!["security"]!.AsArray();
        Assert.Contains(security, requirement => requirement!.AsObject().ContainsKey("bearer"));
        Assert.Equal(optional, security.Any(requirement => requirement!.AsObject().Count == 0));
        Assert.True(contract.Document["paths"]![path]!["post"]!["responses"]!.AsObject().ContainsKey("401"));
    }

    [Fact]
    public async Task Schemas_EveryDouble_IsANumber()
    {
        var contract = await OpenApiContract.FetchAsync(servers.Iris.Client);

        var doubles = Descendants(contract.Document).OfType<JsonObject>().Where(o => o["format"]?.GetValue<string>() == "double").ToArray();
        Assert.NotEmpty(doubles);
        Assert.All(doubles, d => Assert.Equal(["null", "number"], Types(d)));
        Assert.Equal(["null", "number"], Types(contract.Document["components"]!["schemas"]!["ModelSummary"]!["properties"]!["metrics"]!["additionalProperties"]!));
    }

    [Fact]
    public async Task Schemas_FieldsTheServerOmits_AreNotRequired()
    {
        var contract = await OpenApiContract.FetchAsync(servers.Iris.Client);

        var item = contract.Document["components"]!["schemas"]!["PredictionItem"]!;
        var required = item["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray();
        Assert.Contains("id", required);
        Assert.DoesNotContain("label", required);
        Assert.DoesNotContain("probabilities", required);
        Assert.DoesNotContain("value", required);
    }

    private static string[] Types(JsonNode schema) => [.. schema["type"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal)];

    private static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
    {
        JsonObject o => new[] { node }.Concat(o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants)),
        JsonArray a => a.OfType<JsonNode>().SelectMany(Descendants),
        _ => [node],
    };
}
