using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ferry.Server.Tests.Apis;

/// <summary>Hostile Open Inference bodies sent to the infer route of a real iris server: each is a 400 in the protocol's
/// error shape (<c>{"error": ...}</c>, application/json) naming the tensor, field or byte count that is wrong, never a
/// 500, never a prediction. Binary bodies (Triton's binary tensor extension) claim sizes that the body does not hold.</summary>
public sealed class OpenInferenceHostileInputTests(IrisServerFixture server) : IClassFixture<IrisServerFixture>
{
    private Task<(HttpStatusCode Status, JsonElement Problem)> PostAsync(string path, string body) => PostAsync(path, Encoding.UTF8.GetBytes(body), null);

    private async Task<(HttpStatusCode Status, JsonElement Problem)> PostAsync(string path, byte[] body, int? headerLength)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(headerLength is null ? "application/json" : "application/octet-stream");
        if (headerLength is { } length)
        {
            content.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await server.Client.PostAsync(path, content);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("error").GetString()), answer.ToString());
        return (response.StatusCode, answer);
    }

    /// <summary>A binary request: <paramref name="json"/>, then <paramref name="tensors"/>, with the JSON's length in the header.</summary>
    private Task<(HttpStatusCode Status, JsonElement Problem)> PostBinaryAsync(string json, byte[] tensors, int? headerLength = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        return PostAsync("/v2/models/iris/infer", [.. header, .. tensors], headerLength ?? header.Length);
    }

    private static byte[] Floats(params float[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    private static void AssertNames(JsonElement problem, string key, string fragment)
    {
        Assert.True(problem.GetProperty("errors").TryGetProperty(key, out var messages), $"no error under '{key}': {problem}");
        Assert.Contains(fragment, messages[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(fragment, problem.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The rows a shape claims are held to the row limit before any value is read or decoded: a billion rows
    /// with no data, or 8 MB of one-byte binary values (8 million rows, which decoded would cost about 100 bytes each).</summary>
    [Fact]
    public async Task Infer_ShapeClaimingMoreRowsThanTheLimit_Is413BeforeItsValuesAreRead()
    {
        var (status, problem) = await PostAsync("/v2/models/iris/infer", """{"inputs": [{"name": "x", "shape": [1073741824, 4], "datatype": "FP64", "data": []}]}""");
        var (binaryStatus, binaryProblem) = await PostBinaryAsync(
            """{"inputs": [{"name": "sepal length (cm)", "shape": [8000000], "datatype": "UINT8", "parameters": {"binary_data_size": 8000000}}]}""", new byte[8_000_000]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("1073741824 rows in one request; the limit is 10000", problem.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, binaryStatus);
        Assert.Equal("8000000 rows in one request; the limit is 10000", binaryProblem.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Infer_ColumnTensorOfTwoDimensions_Is400SayingOneValuePerRow()
    {
        var tensors = string.Join(", ", new[] { "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)" }
            .Select(column => $$"""{"name": "{{column}}", "shape": [2, 2], "datatype": "FP64", "data": [5.1, 6.7, 5.0, 6.0]}"""));

        var (status, problem) = await PostAsync("/v2/models/iris/infer", $$"""{"inputs": [{{tensors}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "inputs[0]", "has shape [2, 2]: a tensor per input holds one value per row, shape [n] or [n, 1]");
    }

    /// <summary>A refused shape of a million dimensions, or a tensor name of a megabyte, is not repeated back whole.</summary>
    [Fact]
    public async Task Infer_HugeShapeOrName_IsRefusedWithoutEchoingItWhole()
    {
        var shape = string.Join(", ", Enumerable.Repeat("1", 1_000_000));
        var name = new string('n', 1_000_000);

        var (status, problem) = await PostAsync("/v2/models/iris/infer", $$"""{"inputs": [{"name": "x", "shape": [2, {{shape}}], "datatype": "FP64", "data": [1]}]}""");
        var (nameStatus, nameProblem) = await PostAsync("/v2/models/iris/infer", $$"""{"inputs": [{"name": "{{name}}", "shape": [1, 4], "datatype": "FP64", "data": [1]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.InRange(problem.ToString().Length, 1, 2000);
        Assert.Contains("(1000001 dimensions)", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nameStatus);
        Assert.InRange(nameProblem.ToString().Length, 1, 2000);
    }

    [Fact]
    public async Task Version_WrittenWithALeadingZero_IsNoVersionOfTheModel()
    {
        using var response = await server.Client.GetAsync("/v2/models/iris/versions/01");
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("model 'iris' has no version '01'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1.5, 4]")]
    [InlineData("[-1, 4]")]
    [InlineData("[0, 4]")]
    [InlineData("[99999999999, 4]")]
    [InlineData("[\"1\", 4]")]
    [InlineData("[]")]
    [InlineData("4")]
    public async Task Infer_ShapeNotPositiveIntegers_Is400NamingTheShape(string shape)
    {
        var (status, problem) = await PostAsync("/v2/models/iris/infer", $$"""{"inputs": [{"name": "x", "shape": {{shape}}, "datatype": "FP64", "data": [1, 2, 3, 4]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "inputs[0].shape", "positive integers");
    }

    [Fact]
    public async Task Infer_ShapeWhoseProductOverflowsALong_Is400()
    {
        var (status, problem) = await PostAsync("/v2/models/iris/infer",
            """{"inputs": [{"name": "x", "shape": [1, 2147483647, 2147483647, 2147483647], "datatype": "FP64", "data": [1]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "inputs[0]", "but 1 values");
    }

    [Theory]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP64"}]}""", "inputs[0].data")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP64", "data": 5}]}""", "inputs[0].data")]
    [InlineData("""{"inputs": [5]}""", "inputs[0]")]
    [InlineData("""{"inputs": [{"name": {}, "shape": [1], "data": [1]}]}""", "inputs[0].name")]
    [InlineData("""{"inputs": 5}""", "inputs")]
    [InlineData("""{"id": 5, "inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}]}""", "id")]
    public async Task Infer_MalformedTensor_Is400NamingIt(string body, string key)
    {
        var (status, problem) = await PostAsync("/v2/models/iris/infer", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(key, out _), problem.ToString());
    }

    [Theory]
    [InlineData("INT8", "300", "inputs[0].data[1]", "INT8, which cannot hold 300")]
    [InlineData("UINT8", "-1", "inputs[0].data[1]", "UINT8, which cannot hold -1")]
    [InlineData("INT32", "1.5", "inputs[0].data[1]", "INT32, which cannot hold 1.5")]
    [InlineData("FP16", "1e5", "inputs[0].data[1]", "FP16, which cannot hold 1e5")]
    [InlineData("INT64", "9223372036854775808", "inputs[0].data[1]", "INT64, which cannot hold 9223372036854775808")]
    [InlineData("UINT64", "18446744073709551616", "inputs[0].data[1]", "UINT64, which cannot hold 18446744073709551616")]
    [InlineData("COMPLEX", "1", "inputs[0].datatype", "\"datatype\" must be one of BOOL, UINT8")]
    [InlineData("NOPE", "1", "inputs[0].datatype", "\"datatype\" must be one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES, found \"NOPE\"")]
    [InlineData(null, "1", "inputs[0].datatype", "found none")]
    public async Task Infer_DatatypeUnknownOrUnableToHoldAValue_Is400NamingTensorAndValue(string? datatype, string value, string key, string expected)
    {
        var type = datatype is null ? "" : $"\"datatype\": \"{datatype}\", ";
        var body = $$"""{"inputs": [{"name": "input0", "shape": [2, 4], {{type}}"data": [5, {{value}}, 1, 0, 5, 3, 1, 0]}]}""";

        var (status, problem) = await PostAsync("/v2/models/iris/infer", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(key, out var messages), problem.ToString());
        Assert.Contains(expected, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_TwoTensorsForOneColumn_Is400()
    {
        var tensor = """{"name": "sepal length (cm)", "shape": [1], "datatype": "FP64", "data": [1]}""";

        var (status, problem) = await PostAsync("/v2/models/iris/infer", $$"""{"inputs": [{{tensor}}, {{tensor}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "inputs[1]", "a second tensor named 'sepal length (cm)'");
    }

    [Theory]
    [InlineData("[[5.1, 3.5, 1.4], [6.2, 2.9, 4.3, 1.3]]", "inputs[0].data[0]", "nested data holds 4 items at depth 2, found 3")]
    [InlineData("[[5.1, 3.5, 1.4, 0.2]]", "inputs[0].data", "nested data holds 2 items at depth 1, found 1")]
    [InlineData("[[5.1, 3.5, 1.4, 0.2], 6.2]", "inputs[0].data[1]", "expected an array of 4 items, found a number")]
    [InlineData("[[[5.1], 3.5, 1.4, 0.2], [6.2, 2.9, 4.3, 1.3]]", "inputs[0].data[0][0]", "the data nests deeper than its 2 dimensions")]
    public async Task Infer_NestedDataNotAsTheShape_Is400NamingWhere(string data, string key, string fragment)
    {
        var (status, problem) = await PostAsync("/v2/models/iris/infer", $$"""{"inputs": [{"name": "x", "shape": [2, 4], "datatype": "FP32", "data": {{data}}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, key, fragment);
    }

    [Theory]
    [InlineData("FP32", "\"long\"", "FP32, which cannot hold \"long\" (a string)")]
    [InlineData("BOOL", "1", "BOOL, which cannot hold 1 (a number)")]
    [InlineData("BYTES", "true", "BYTES, which cannot hold true (a boolean)")]
    public async Task Infer_ValueOfAnotherKindThanTheDatatype_Is400NamingIt(string datatype, string value, string fragment)
    {
        var (status, problem) = await PostAsync("/v2/models/iris/infer",
            $$"""{"inputs": [{"name": "sepal length (cm)", "shape": [2], "datatype": "{{datatype}}", "data": [{{value}}, {{value}}]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "inputs[0].data[0]", fragment);
    }

    [Theory]
    [InlineData(""" "parameters": {"priority": 1}, """, "parameters.priority", "unknown parameter 'priority': Ferry reads binary_data_output")]
    [InlineData(""" "parameters": {"binary_data_output": "yes"}, """, "parameters.binary_data_output", "must be true or false")]
    [InlineData(""" "outputs": [{"name": "label", "parameters": {"classification": 2}}], """, "outputs[0].parameters.classification", "unknown parameter 'classification': Ferry reads binary_data")]
    [InlineData(""" "outputs": [{"name": "label"}, {"name": "label"}], """, "outputs[1].name", "asked for twice")]
    [InlineData(""" "outputs": [], """, "outputs", "names no output")]
    public async Task Infer_ParameterOrOutputNotHonoured_Is400NamingIt(string field, string key, string fragment)
    {
        var (status, problem) = await PostAsync("/v2/models/iris/infer",
            $$"""{{{field}}"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, key, fragment);
    }

    [Fact]
    public async Task Infer_NoTensorNamedForAnInputNorAMatrixOfThem_Is400NamingTheInputs()
    {
        var (status, problem) = await PostAsync("/v2/models/iris/infer", """{"inputs": [{"name": "input-0", "shape": [2, 3], "datatype": "FP32", "data": [[1, 2, 3], [4, 5, 6]]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "inputs", "no input tensor is named for an input of the model (sepal length (cm), sepal width (cm), petal length (cm), petal width (cm)): send one tensor per input, or one of shape [n, 4]");
    }

    [Fact]
    public async Task Infer_InputParameterUnknown_Is400NamingIt()
    {
        var (status, problem) = await PostAsync("/v2/models/iris/infer",
            """{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "parameters": {"shared_memory_region": "r"}, "data": [5.1, 3.5, 1.4, 0.2]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "inputs[0].parameters.shared_memory_region", "unknown parameter 'shared_memory_region': Ferry reads binary_data_size");
    }

    private const string BinaryMatrix = """{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "parameters": {"binary_data_size": SIZE}}]}""";

    [Theory]
    [InlineData(16, 12, "body", "the body holds 12 bytes after its Inference-Header-Content-Length of JSON, but the inputs' binary_data_size sum to 16")]
    [InlineData(16, 20, "body", "the body holds 20 bytes after its Inference-Header-Content-Length of JSON, but the inputs' binary_data_size sum to 16")]
    [InlineData(12, 12, "inputs[0].parameters.binary_data_size", "takes 4 × 4 = 16 bytes of FP32, but its binary_data_size is 12")]
    [InlineData(2147483647, 16, "body", "sum to 2147483647")]
    public async Task Infer_BinarySizesTheBodyDoesNotHold_Is400(long size, int sent, string key, string fragment)
    {
        var (status, problem) = await PostBinaryAsync(BinaryMatrix.Replace("SIZE", size.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            [.. Floats(5.1f, 3.5f, 1.4f, 0.2f, 6.2f).Take(sent)]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, key, fragment);
    }

    [Theory]
    [InlineData("100000", "past the body's")]
    [InlineData("-5", "must be one count of bytes")]
    [InlineData("ten", "must be one count of bytes")]
    [InlineData("0", "raw binary request")]
    public async Task Infer_HeaderLengthNotWithinTheBody_Is400NamingTheHeader(string length, string fragment)
    {
        using var content = new ByteArrayContent([.. Encoding.UTF8.GetBytes(BinaryMatrix.Replace("SIZE", "16", StringComparison.Ordinal)), .. Floats(5.1f, 3.5f, 1.4f, 0.2f)]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", length);
        using var response = await server.Client.PostAsync("/v2/models/iris/infer", content);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertNames(problem, "Inference-Header-Content-Length", fragment);
    }

    [Fact]
    public async Task Infer_BinarySizeWithoutTheHeader_Is400()
    {
        var (status, problem) = await PostAsync("/v2/models/iris/infer", BinaryMatrix.Replace("SIZE", "16", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "inputs[0].parameters.binary_data_size", "no Inference-Header-Content-Length header");
    }

    [Fact]
    public async Task Infer_BinarySizeAndData_Is400()
    {
        var (status, problem) = await PostBinaryAsync("""{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4], "parameters": {"binary_data_size": 16}}]}""",
            Floats(5.1f, 3.5f, 1.4f, 0.2f));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "inputs[0].data", "has both \"data\" and \"binary_data_size\"");
    }

    [Theory]
    [InlineData(new byte[] { 255, 255, 255, 127, 1, 2, 3, 4 }, "BYTES element 0 at byte 0 claims 2147483647 bytes, past the 8 bytes")]
    [InlineData(new byte[] { 1, 0, 0, 0, 65, 1, 0, 0 }, "BYTES element 1 at byte 5 has no 4-byte length")]
    [InlineData(new byte[] { 1, 0, 0, 0, 65 }, "holds 2 BYTES elements of at least 4 bytes each, but binary_data_size is 5")]
    [InlineData(new byte[] { 1, 0, 0, 0, 65, 1, 0, 0, 0, 66, 0 }, "holds 2 BYTES elements in 10 bytes, but binary_data_size is 11")]
    public async Task Infer_BinaryBytesWhoseLengthsDoNotFit_Is400(byte[] bytes, string fragment)
    {
        var (status, problem) = await PostBinaryAsync($$$"""{"inputs": [{"name": "species", "shape": [2], "datatype": "BYTES", "parameters": {"binary_data_size": {{{bytes.Length}}}}}]}""", bytes);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "inputs[0].parameters.binary_data_size", fragment);
    }

    [Fact]
    public async Task Infer_BinaryBoolThatIsNotZeroOrOne_Is400()
    {
        var (status, problem) = await PostBinaryAsync("""{"inputs": [{"name": "flag", "shape": [2], "datatype": "BOOL", "parameters": {"binary_data_size": 2}}]}""", [1, 7]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "inputs[0].data[1]", "whose bytes are 0 or 1, found 7");
    }
}
