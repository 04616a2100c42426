using System.Net;
using System.Text;
using System.Text.Json;

namespace Ferry.Server.Tests;

/// <summary>MLflow's and the Open Inference (V2) protocol's own example bodies against a model whose inputs
/// are named like theirs: generated data with columns a, b, c and y = a + b + c (a known answer).</summary>
public sealed class ProtocolTests : IAsyncLifetime
{
    private SumModelServer? _model;

    public async Task InitializeAsync() => _model = await SumModelServer.StartAsync(seed: 5, rows: 400);

    public async Task DisposeAsync()
    {
        if (_model is not null)
        {
            await _model.DisposeAsync();
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var response = await _model!.Server.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static void AssertSums(JsonElement predictions, params double[] expected)
    {
        var values = predictions.EnumerateArray().Select(p => p.GetDouble()).ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], values[i], 0.5);
        }
    }

    // The request bodies below are MLflow's documented examples ("Deploy MLflow Model as a Local Inference Server").
    [Theory]
    [InlineData("""{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2, 3], [4, 5, 6]]}}""")]
    [InlineData("""{"dataframe_records": [{"a": 1, "b": 2, "c": 3}, {"a": 4, "b": 5, "c": 6}]}""")]
    [InlineData("""{"instances": [{"a": 1, "b": 2, "c": 3}, {"a": 4, "b": 5, "c": 6}]}""")]
    [InlineData("""{"inputs": {"a": [1, 4], "b": [2, 5], "c": [3, 6]}}""")]
    [InlineData("""{"instances": [[1, 2, 3], [4, 5, 6]]}""")]
    public async Task Invocations_MlflowBodies_AnswerPredictions(string body)
    {
        var (status, answer) = await PostAsync("/invocations", body);

        Assert.Equal(HttpStatusCode.OK, status);
        AssertSums(answer.GetProperty("predictions"), 6, 15);
    }

    [Fact]
    public async Task Invocations_UnknownFormat_Is400NamingTheFormats()
    {
        var (status, answer) = await PostAsync("/invocations", """{"rows": []}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("dataframe_split, dataframe_records, instances, inputs", answer.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_OneTensorPerColumn_AnswersTheV2Shape()
    {
        var (status, answer) = await PostAsync("/v2/models/abc/infer", """
            {"id": "42", "inputs": [
              {"name": "a", "shape": [2], "datatype": "FP32", "data": [1, 4]},
              {"name": "b", "shape": [2], "datatype": "FP32", "data": [2, 5]},
              {"name": "c", "shape": [2], "datatype": "FP32", "data": [3, 6]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("abc", answer.GetProperty("model_name").GetString());
        Assert.Equal("42", answer.GetProperty("id").GetString());
        var output = answer.GetProperty("outputs")[0];
        Assert.Equal("value", output.GetProperty("name").GetString());
        Assert.Equal("FP64", output.GetProperty("datatype").GetString());
        AssertSums(output.GetProperty("data"), 6, 15);
    }

    [Fact]
    public async Task Infer_OneMatrixTensor_ReadsColumnsInInputOrder()
    {
        var (status, answer) = await PostAsync("/v2/models/abc/infer",
            """{"inputs": [{"name": "input0", "shape": [2, 3], "datatype": "FP32", "data": [1, 2, 3, 4, 5, 6]}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        AssertSums(answer.GetProperty("outputs")[0].GetProperty("data"), 6, 15);
    }

    [Fact]
    public async Task Infer_MissingColumn_Is400NamingIt()
    {
        var (status, answer) = await PostAsync("/v2/models/abc/infer",
            """{"inputs": [{"name": "a", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "b", "shape": [1], "datatype": "FP32", "data": [2]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(answer.GetProperty("errors").TryGetProperty("inputs[row 0].c", out _));
    }

    [Fact]
    public async Task V2Metadata_DescribesInputsAndOutputs()
    {
        using var response = await _model!.Server.Client.GetAsync("/v2/models/abc");
        var metadata = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["a", "b", "c"], metadata.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await _model!.Server.Client.GetAsync("/v2/health/ready")).StatusCode);
    }

    [Fact]
    public async Task V2ModelReady_ServedModel_Is200ReadyAndAnUnknownOne404()
    {
        using var served = await _model!.Server.Client.GetAsync("/v2/models/abc/ready");
        using var unknown = await _model.Server.Client.GetAsync("/v2/models/nope/ready");
        var ready = JsonDocument.Parse(await served.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(("abc", true), (ready.GetProperty("name").GetString(), ready.GetProperty("ready").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("no model named 'nope'", JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_TooManyRows_Is413()
    {
        var rows = string.Join(",", Enumerable.Repeat("""{"a": 1, "b": 2, "c": 3}""", 10_001));

        var (status, answer) = await PostAsync("/v1/models/abc/predict", $$"""{"rows": [{{rows}}]}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("the limit is 10000", answer.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Sends a request that expects 100-continue, waiting up to 30 s for the server's interim answer before it
    /// would send the body (HttpClient's default second is too short on a loaded machine: it then starts the body, the
    /// server answers 413 and closes, and the send fails with a broken pipe).</summary>
    private async Task<HttpResponseMessage> SendExpectingContinueAsync(HttpRequestMessage request)
    {
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = _model!.Server.Client.BaseAddress };
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Predict_TenMegabyteBody_Is413()
    {
        var padding = new string(' ', 10 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/abc/predict")
        {
            Content = new StringContent($$"""{"a": 1, "b": 2, "c": 3{{padding}}}""", Encoding.UTF8, "application/json"),
        };

        // As curl does for large bodies: the server answers before the body is sent, and the client sends none.
        request.Headers.ExpectContinue = true;
        using var response = await SendExpectingContinueAsync(request);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the server's limit", answer.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_BodyPastTheLimit_Is413InTheProtocolsErrorShape()
    {
        var padding = new string(' ', 10 * 1024 * 1024);
        using var content = new StringContent($$"""{"inputs": [{"name": "x", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]{{padding}}}""", Encoding.UTF8, "application/json");
        content.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", "20");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/abc/infer") { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await SendExpectingContinueAsync(request);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("larger than the server's limit", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_NestedColumnTensors_AnswerTheSums()
    {
        // KServe's test_server.py test_infer_v2 sends [[1,2]] for shape [1, 2]; here one [1, 1] tensor per input.
        var (status, answer) = await PostAsync("/v2/models/abc/infer", """
            {"inputs": [{"name": "a", "shape": [2, 1], "datatype": "INT32", "data": [[1], [4]]},
                        {"name": "b", "shape": [2, 1], "datatype": "INT32", "data": [[2], [5]]},
                        {"name": "c", "shape": [2, 1], "datatype": "INT32", "data": [[3], [6]]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        AssertSums(answer.GetProperty("outputs")[0].GetProperty("data"), 6, 15);
    }
}
