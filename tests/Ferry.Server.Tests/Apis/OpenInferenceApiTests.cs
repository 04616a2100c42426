using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ferry.Server.Tests.Apis;

/// <summary>The Open Inference (KServe V2) protocol as its spec, KServe and tritonclient send it, against a real iris
/// server; each body below is copied from the source tests/data/protocols/open-inference/README.md names. Answers are
/// checked against Ferry's own /v1 predictions of the same rows (a known answer), never against hard-coded labels.</summary>
public sealed class OpenInferenceApiTests(IrisServerFixture server) : IClassFixture<IrisServerFixture>
{
    private const string Header = "Inference-Header-Content-Length";

    /// <summary>docs/samples/v1beta1/sklearn/v2/README.md (kserve/kserve): the "natural multi-dimensional" iris payload.</summary>
    private const string KServeIris = """
        {
          "inputs": [
            {
              "name": "input-0",
              "shape": [2, 4],
              "datatype": "FP32",
              "data": [
                [6.8, 2.8, 4.8, 1.4],
                [6.0, 3.4, 4.5, 1.6]
              ]
            }
          ]
        }
        """;

    private static readonly float[] s_rows = [6.8f, 2.8f, 4.8f, 1.4f, 6.0f, 3.4f, 4.5f, 1.6f];

    private async Task<(HttpStatusCode Status, string? Type, JsonElement Body)> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await server.Client.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static ByteArrayContent Json(string body, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    private async Task<JsonElement> InferAsync(string body, string path = "/v2/models/iris/infer")
    {
        var (status, _, answer) = await SendAsync(HttpMethod.Post, path, Json(body));
        Assert.True(status == HttpStatusCode.OK, answer.ToString());
        return answer;
    }

    private async Task<JsonElement> ErrorAsync(HttpStatusCode status, HttpMethod method, string path, HttpContent? content = null)
    {
        var (actual, type, answer) = await SendAsync(method, path, content);
        Assert.Equal(status, actual);
        Assert.Equal("application/json", type);
        Assert.Equal(JsonValueKind.String, answer.GetProperty("error").ValueKind);
        return answer;
    }

    /// <summary>Ferry's own /v1 labels of the KServe iris rows: what every V2 form of them must answer.</summary>
    private async Task<string[]> V1LabelsAsync()
    {
        var rows = string.Join(", ", s_rows.Chunk(4).Select(r =>
            FormattableString.Invariant($$"""{"sepal length (cm)": {{r[0]}}, "sepal width (cm)": {{r[1]}}, "petal length (cm)": {{r[2]}}, "petal width (cm)": {{r[3]}}}""")));
        var (_, _, answer) = await SendAsync(HttpMethod.Post, "/v1/models/iris/predict", Json($$"""{"rows": [{{rows}}]}"""));
        return [.. answer.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("label").GetString()!)];
    }

    private static JsonElement Output(JsonElement answer, string name) => answer.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    private static string[] Labels(JsonElement answer) => [.. Output(answer, "label").GetProperty("data").EnumerateArray().Select(l => l.GetString()!)];

    /// <summary>The answer as tritonclient's InferResult reads it: the first Inference-Header-Content-Length bytes are
    /// JSON, then each output with a binary_data_size its bytes, in output order.</summary>
    private static (JsonElement Json, Dictionary<string, byte[]> Binary) ReadTritonAnswer(HttpResponseMessage response, byte[] body)
    {
        var length = int.Parse(response.Headers.GetValues(Header).Single(), System.Globalization.CultureInfo.InvariantCulture);
        var json = JsonDocument.Parse(body.AsMemory(0, length)).RootElement.Clone();
        var binary = new Dictionary<string, byte[]>();
        var offset = length;
        foreach (var output in json.GetProperty("outputs").EnumerateArray())
        {
            if (output.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("binary_data_size", out var size))
            {
                binary[output.GetProperty("name").GetString()!] = body[offset..(offset + size.GetInt32())];
                offset += size.GetInt32();
            }
        }

        Assert.Equal(body.Length, offset);
        return (json, binary);
    }

    /// <summary>tritonclient.utils.deserialize_bytes_tensor: each element a 4-byte little-endian length and its bytes.</summary>
    private static string[] DeserializeBytes(byte[] bytes)
    {
        var values = new List<string>();
        for (var offset = 0; offset < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            values.Add(Encoding.UTF8.GetString(bytes, offset + 4, length));
            offset += 4 + length;
        }

        return [.. values];
    }

    /// <summary>tritonclient.http._utils._get_inference_request: the JSON (no outputs asked, so binary_data_output), then
    /// each input's raw bytes; sent without a Content-Type, as tritonclient sends it.</summary>
    private async Task<(HttpResponseMessage Response, byte[] Body)> TritonInferAsync(string json, byte[] tensors)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var content = new ByteArrayContent([.. header, .. tensors]);
        content.Headers.TryAddWithoutValidation(Header, header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/iris/infer") { Content = content };
        var response = await server.Client.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ServerMetadata_Get_NamesFerryItsVersionAndTheBinaryExtension()
    {
        var (status, _, metadata) = await SendAsync(HttpMethod.Get, "/v2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ferry", metadata.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(metadata.GetProperty("version").GetString()));
        Assert.Equal(["binary_tensor_data"], metadata.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task VersionRoutes_TheChampionsVersion_AnswerAsTheModelRoutes()
    {
        var (metadataStatus, _, metadata) = await SendAsync(HttpMethod.Get, "/v2/models/iris/versions/1");
        var (readyStatus, _, ready) = await SendAsync(HttpMethod.Get, "/v2/models/iris/versions/1/ready");
        var answer = await InferAsync(KServeIris, "/v2/models/iris/versions/1/infer");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (metadataStatus, readyStatus));
        Assert.Equal(["1"], metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(("iris", true), (ready.GetProperty("name").GetString(), ready.GetProperty("ready").GetBoolean()));
        Assert.Equal("1", answer.GetProperty("model_version").GetString());
        Assert.Equal(await V1LabelsAsync(), Labels(answer));
    }

    [Theory]
    [InlineData("GET", "/v2/models/iris/versions/9")]
    [InlineData("GET", "/v2/models/iris/versions/9/ready")]
    [InlineData("POST", "/v2/models/iris/versions/9/infer")]
    [InlineData("POST", "/v2/models/iris/versions/v1/infer")]
    public async Task VersionRoutes_AVersionNotServed_Is404NamingTheVersionsServed(string method, string path)
    {
        var error = await ErrorAsync(HttpStatusCode.NotFound, new HttpMethod(method), path, method == "POST" ? Json(KServeIris) : null);

        Assert.Contains("has no version", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("this server serves 1 (champion)", error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v2/models/nope")]
    [InlineData("GET", "/v2/models/nope/ready")]
    [InlineData("POST", "/v2/models/nope/infer")]
    [InlineData("GET", "/v2/models/iris/stats")]
    [InlineData("GET", "/v2/repository/index")]
    public async Task AnyV2Route_NotFound_Is404InTheProtocolsErrorShape(string method, string path)
    {
        var error = await ErrorAsync(HttpStatusCode.NotFound, new HttpMethod(method), path, method == "POST" ? Json(KServeIris) : null);

        Assert.Equal(404, error.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Infer_KServeNestedIrisPayload_AnswersAsTheSameRowsFlat()
    {
        var nested = await InferAsync(KServeIris);
        var flat = await InferAsync($$"""{"inputs": [{"name": "input-0", "shape": [2, 4], "datatype": "FP32", "data": [{{string.Join(", ", s_rows.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}}]}]}""");

        Assert.Equal(await V1LabelsAsync(), Labels(nested));
        Assert.Equal(Labels(flat), Labels(nested));
        Assert.Equal([2, 3], Output(nested, "probabilities").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public async Task Infer_TheSpecsExampleRequest_Is400AsItsInput1OfShape3HoldsOneValue()
    {
        // inference_rest.md, "Inference Request Examples": input1 has shape [3] and the one value [true].
        var error = await ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/v2/models/iris/infer", Json("""
            {
              "id" : "42",
              "inputs" : [
                {
                  "name" : "input0",
                  "shape" : [ 2, 2 ],
                  "datatype" : "UINT32",
                  "data" : [ 1, 2, 3, 4 ]
                },
                {
                  "name" : "input1",
                  "shape" : [ 3 ],
                  "datatype" : "BOOL",
                  "data" : [ true ]
                }
              ],
              "outputs" : [
                {
                  "name" : "output0"
                }
              ]
            }
            """));

        Assert.Equal("inputs[1]: tensor 'input1' has shape [3] but 1 values", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Infer_AnOutputTheModelHasNot_Is400NamingItAndTheModelsOutputs()
    {
        // The spec's example asks for "output0"; iris answers label and probabilities.
        var error = await ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/v2/models/iris/infer",
            Json(KServeIris.Replace("]\n}", "],\n\"outputs\" : [ { \"name\" : \"output0\" } ]\n}", StringComparison.Ordinal)));

        Assert.Equal("outputs[0].name: unknown output 'output0': model 'iris' has the outputs label, probabilities", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Infer_OutputsNamed_AnswersOnlyThose()
    {
        var answer = await InferAsync(KServeIris.Replace("]\n}", "],\n\"outputs\" : [ { \"name\" : \"probabilities\", \"parameters\": {\"binary_data\": false} } ]\n}", StringComparison.Ordinal));

        Assert.Equal(["probabilities"], answer.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(6, Output(answer, "probabilities").GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Infer_WithoutAContentType_IsReadAsJson()
    {
        // KServe's test_server.py TestRayServer.test_infer posts its body without a Content-Type, as tritonclient does.
        var (status, type, answer) = await SendAsync(HttpMethod.Post, "/v2/models/iris/infer", Json(KServeIris, contentType: null));

        Assert.Equal((HttpStatusCode.OK, "application/json"), (status, type));
        Assert.Equal(await V1LabelsAsync(), Labels(answer));
    }

    [Fact]
    public async Task Infer_AContentTypeThatIsNotJson_Is415()
    {
        var error = await ErrorAsync(HttpStatusCode.UnsupportedMediaType, HttpMethod.Post, "/v2/models/iris/infer", Json(KServeIris, "text/plain"));

        Assert.Equal("the body must be application/json, not 'text/plain'", error.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public async Task Infer_PythonNonFiniteToken_IsAMissingValueFilledLikeNull(string token)
    {
        var sent = await InferAsync(KServeIris.Replace("2.8", token, StringComparison.Ordinal));
        var missing = await InferAsync(KServeIris.Replace("2.8", "null", StringComparison.Ordinal));

        Assert.Equal(Labels(missing), Labels(sent));
        Assert.Equal(Output(missing, "probabilities").GetProperty("data").ToString(), Output(sent, "probabilities").GetProperty("data").ToString());
    }

    [Fact]
    public async Task Infer_GzipEncodedBody_IsDecodedAndAnswered()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(KServeIris));
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        var (status, _, answer) = await SendAsync(HttpMethod.Post, "/v2/models/iris/infer", content);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(await V1LabelsAsync(), Labels(answer));
    }

    [Fact]
    public async Task Infer_TritonclientsDefaultBinaryRequest_AnswersBinaryOutputsTritonclientReads()
    {
        var json = """{"inputs":[{"name":"INPUT0","shape":[2,4],"datatype":"FP32","parameters":{"binary_data_size":32}}],"parameters":{"binary_data_output":true}}""";

        var (response, body) = await TritonInferAsync(json, [.. s_rows.SelectMany(BitConverter.GetBytes)]);
        var (answer, binary) = ReadTritonAnswer(response, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await V1LabelsAsync(), DeserializeBytes(binary["label"]));
        var probabilities = binary["probabilities"].Chunk(8).Select(b => BinaryPrimitives.ReadDoubleLittleEndian(b)).ToArray();
        double[] expected = [.. Output(await InferAsync(KServeIris), "probabilities").GetProperty("data").EnumerateArray().Select(p => p.GetDouble())];
        Assert.Equal(expected.Length, probabilities.Length);
        Assert.All(expected.Zip(probabilities), pair => Assert.Equal(pair.First, pair.Second, 1e-6)); // FP32 bytes are the JSON's decimals rounded to floats
        Assert.False(Output(answer, "label").TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Infer_BinaryInputPerColumn_ReadsEachInOrder()
    {
        string[] columns = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];
        var json = $$$"""{"inputs":[{{{string.Join(",", columns.Select(c => $$$"""{"name":"{{{c}}}","shape":[2,1],"datatype":"FP64","parameters":{"binary_data_size":16}}"""))}}}],"outputs":[{"name":"label","parameters":{"binary_data":false}}]}""";
        byte[] tensors = [.. Enumerable.Range(0, 4).SelectMany(c => new[] { s_rows[c], s_rows[4 + c] }.SelectMany(v => BitConverter.GetBytes((double)v)))];

        var (response, body) = await TritonInferAsync(json, tensors);
        var answer = JsonDocument.Parse(body).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await V1LabelsAsync(), Labels(answer));
    }

    [Fact]
    public async Task Infer_BinaryDataOfAnOutput_OverridesTheRequestsBinaryDataOutput()
    {
        // KServe's test_server.py test_binary_data_parameter_precedence: binary_data_output true, one output binary_data false.
        var (response, body) = await TritonInferAsync("""
            {"inputs":[{"name":"INPUT0","shape":[2,4],"datatype":"FP32","data":[[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}],
             "parameters":{"binary_data_output":true},
             "outputs":[{"name":"label","parameters":{"binary_data":true}},{"name":"probabilities","parameters":{"binary_data":false}}]}
            """, []);
        var (answer, binary) = ReadTritonAnswer(response, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["label"], binary.Keys);
        Assert.Equal(await V1LabelsAsync(), DeserializeBytes(binary["label"]));
        Assert.Equal(6, Output(answer, "probabilities").GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Infer_BinaryDataOutputFalse_AnswersJson()
    {
        var answer = await InferAsync(KServeIris.Replace("\"inputs\"", "\"parameters\": {\"binary_data_output\": false}, \"inputs\"", StringComparison.Ordinal));

        Assert.Equal(await V1LabelsAsync(), Labels(answer));
    }
}
