using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ferry.Server.Tests;

/// <summary>Bodies an attacker sends to the prediction endpoints of a real iris server: each is a 4xx problem naming
/// what is wrong, never a 500, never a prediction.</summary>
public sealed partial class HostileInputTests(IrisServerFixture server) : IClassFixture<IrisServerFixture>
{
    private const string Columns = """["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]""";

    private static string Row(string sepalLength) =>
        $$"""{"sepal length (cm)": {{sepalLength}}, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}""";

    private Task<(HttpStatusCode Status, JsonElement Problem)> PostAsync(string path, string body) => PostAsync(path, Encoding.UTF8.GetBytes(body));

    private async Task<(HttpStatusCode Status, JsonElement Problem)> PostAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await server.Client.PostAsync(path, content);
        Assert.Equal(ProtocolError(path) ? "application/json" : "application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>Whether the route answers its protocol's own error shape (application/json) rather than problem+json.</summary>
    private static bool ProtocolError(string path) => path.StartsWith("/invocations", StringComparison.Ordinal) || path.StartsWith("/v2/", StringComparison.Ordinal);

    private async Task<double> PredictionsCountedAsync()
    {
        var match = PredictionsTotal().Match(await server.Client.GetStringAsync("/metrics"));
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static void AssertNames(JsonElement problem, string key, string fragment)
    {
        Assert.True(problem.GetProperty("errors").TryGetProperty(key, out var messages), $"no error under '{key}': {problem}");
        Assert.Contains(fragment, messages[0].GetString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"ferry_predictions_total\{model=""iris"",version=""1""\} (\d+)")]
    private static partial Regex PredictionsTotal();

    [Theory]
    [InlineData("/v1/models/iris/predict", "latin1")]
    [InlineData("/invocations", "utf-16")]
    [InlineData("/v2/models/iris/infer", "iso-8859-1")]
    [InlineData("/v1/models/iris/feedback", "latin1")]
    public async Task AnyEndpoint_CharsetOtherThanUtf8_Is415NamingIt(string path, string charset)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Row("5.1")));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/json; charset={charset}");
        using var response = await server.Client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains($"not charset '{charset}'", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/models/iris/predict")]
    [InlineData("/invocations")]
    [InlineData("/v2/models/iris/infer")]
    [InlineData("/v1/models/iris/feedback")]
    public async Task AnyEndpoint_BodyInAnEncodingNotDecoded_Is415NamingTheEncoding(string path)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Row("5.1")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("zstd");
        using var response = await server.Client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(ProtocolError(path) ? "application/json" : "application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Content-Encoding 'zstd'", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> TenThousandAndOneRows()
    {
        const int n = 10_001;
        var values = string.Join(", ", Enumerable.Repeat("1", n));
        var rows = string.Join(", ", Enumerable.Repeat("[5.1, 3.5, 1.4, 0.2]", n));
        var objects = string.Join(", ", Enumerable.Repeat(Row("5.1"), n));
        var column = (string name) => $$"""{"name": "{{name}}", "shape": [{{n}}], "datatype": "FP64", "data": [{{values}}]}""";
        return new()
        {
            { "/invocations", $$$"""{"dataframe_split": {"columns": {{{Columns}}}, "data": [{{{rows}}}]}}""" },
            { "/invocations", $$"""{"dataframe_records": [{{objects}}]}""" },
            { "/invocations", $$"""{"instances": [{{rows}}]}""" },
            { "/invocations", $$$"""{"inputs": {"sepal length (cm)": [{{{values}}}], "sepal width (cm)": [{{{values}}}], "petal length (cm)": [{{{values}}}], "petal width (cm)": [{{{values}}}]}}""" },
            { "/v2/models/iris/infer", $$"""{"inputs": [{{column("sepal length (cm)")}}, {{column("sepal width (cm)")}}, {{column("petal length (cm)")}}, {{column("petal width (cm)")}}]}""" },
            { "/v2/models/iris/infer", $$"""{"inputs": [{"name": "x", "shape": [{{n}}, 4], "datatype": "FP64", "data": [{{string.Join(", ", Enumerable.Repeat("1, 2, 3, 4", n))}}]}]}""" },
            { "/v1/models/iris/predict", $$"""{"rows": [{{objects}}]}""" },
        };
    }

    [Theory]
    [MemberData(nameof(TenThousandAndOneRows))]
    public async Task AnyProtocol_MoreRowsThanTheLimit_Is413(string path, string body)
    {
        var (status, problem) = await PostAsync(path, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("10001 rows in one request; the limit is 10000", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("1e999")]
    [InlineData("-1e999")]
    [InlineData("1e309")]
    [InlineData("1e300")]
    [InlineData("-3.5e38")]
    [InlineData("1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Predict_NumberAFeatureCannotHold_Is400NamingFieldAndRow(string number)
    {
        var (status, problem) = await PostAsync("/v1/models/iris/predict", $$"""{"rows": [{{Row("5.1")}}, {{Row(number)}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "rows[1].sepal length (cm)", "must be a finite number a 32-bit float can hold");
    }

    [Theory]
    [InlineData("/invocations", """{"instances": [[5.1, 3.5, 1.4, 0.2], [1e300, 3.5, 1.4, 0.2]]}""", "instances[1].sepal length (cm)")]
    [InlineData("/invocations", """{"inputs": {"sepal length (cm)": [5.1, 1e999], "sepal width (cm)": [3.5, 3.5], "petal length (cm)": [1.4, 1.4], "petal width (cm)": [0.2, 0.2]}}""", "inputs[1].sepal length (cm)")]
    [InlineData("/v2/models/iris/infer", """{"inputs": [{"name": "x", "shape": [2, 4], "datatype": "FP64", "data": [5.1, 3.5, 1.4, 0.2, -1e999, 3.5, 1.4, 0.2]}]}""", "inputs[row 1].sepal length (cm)")]
    public async Task OtherProtocols_NumberAFeatureCannotHold_Is400NamingFieldAndRow(string path, string body, string key)
    {
        var (status, problem) = await PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, key, "must be a finite number a 32-bit float can hold");
    }

    [Theory]
    [InlineData("3.4e38")]
    [InlineData("-3.4e38")]
    public async Task Predict_FloatThatOverflowsOncePrepared_Is400NamingFieldAndRow(string number)
    {
        var (status, problem) = await PostAsync("/v1/models/iris/predict", $$"""{"rows": [{{Row("5.1")}}, {{Row(number)}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "rows[1].sepal length (cm)", "is too large for this model");
    }

    [Fact]
    public async Task Predict_NumberAFeatureCannotHold_PredictsNothing()
    {
        var before = await PredictionsCountedAsync();

        await PostAsync("/v1/models/iris/predict", $$"""{"rows": [{{Row("5.1")}}, {{Row("1e999")}}]}""");

        Assert.Equal(before, await PredictionsCountedAsync());
    }

    [Fact]
    public async Task Predict_TenThousandEmptyRows_ListsTheFirstHundredErrors()
    {
        var (status, problem) = await PostAsync("/v1/models/iris/predict", $$"""{"rows": [{{string.Join(", ", Enumerable.Repeat("{}", 10_000))}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(101, problem.GetProperty("errors").EnumerateObject().Count());
        AssertNames(problem, "more", "the first 25 of 10000 rows hold 100 errors");
    }

    [Fact]
    public async Task Invocations_NumericColumnNames_Is400NamingTheColumn()
    {
        var (status, problem) = await PostAsync("/invocations", """{"dataframe_split": {"columns": [1, 2], "data": [[1, 2]]}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, "dataframe_split.columns[0]", "a column name must be a string, found a number");
    }

    [Theory]
    [InlineData("/invocations", """{"inputs": {"sepal length (cm)": [1], "sepal length (cm)": [2]}}""", "sepal length")]
    [InlineData("/invocations", """{"dataframe_split": {"columns": ["a"], "columns": ["b"], "data": [[1]]}}""", "columns")]
    [InlineData("/v1/models/iris/predict", """{"sepal length (cm)": 1, "sepal length (cm)": 2, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}""", "sepal length")]
    [InlineData("/v2/models/iris/infer", """{"inputs": [{"name": "x", "name": "y", "shape": [1], "data": [1]}]}""", "name")]
    [InlineData("/v1/models/iris/feedback", """{"id": "a", "id": "b", "actual": "setosa"}""", "id")]
    public async Task AnyEndpoint_DuplicateField_Is400NamingIt(string path, string body, string field)
    {
        var (status, problem) = await PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"Duplicate property '{field}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[]> UnreadableText() => new()
    {
        { "/v1/models/iris/predict", Encoding.UTF8.GetBytes(Row("5.1").Replace("}", """, "colour": "\ud800"}""", StringComparison.Ordinal)) },
        { "/v1/models/iris/predict", Encoding.UTF8.GetBytes(Row("5.1").Replace("{", """{"\udfff": 1, """, StringComparison.Ordinal)) },
        { "/v1/models/iris/predict", [.. Encoding.UTF8.GetBytes(Row("5.1").Replace("}", """, "colour": "x""", StringComparison.Ordinal)), 0xFF, 0xFE, .. "\"}"u8] },
        { "/v1/models/iris/predict", [.. "{\""u8, 0xC0, 0x80, .. Encoding.UTF8.GetBytes(Row("5.1").Replace("{", "\": 1, ", StringComparison.Ordinal))] },
        { "/invocations", [.. "{\"dataframe_records\": [{\"colour\": \""u8, 0xED, 0xA0, 0x80, .. "\"}]}"u8] },
        { "/v2/models/iris/infer", Encoding.UTF8.GetBytes("""{"id": "\ud800", "inputs": [{"name": "x", "shape": [1, 4], "data": [1, 2, 3, 4]}]}""") },
        { "/v1/models/iris/feedback", Encoding.UTF8.GetBytes("""{"id": "\ud800", "actual": "setosa"}""") },
    };

    [Theory]
    [MemberData(nameof(UnreadableText))]
    public async Task AnyEndpoint_InvalidUtf8OrUnpairedSurrogate_Is400(string path, byte[] body)
    {
        var (status, problem) = await PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid UTF-", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_UnpairedSurrogateInAnUnknownField_PredictsNothing()
    {
        var before = await PredictionsCountedAsync();

        await PostAsync("/v1/models/iris/predict", Row("5.1").Replace("{", """{"\ud800": 1, """, StringComparison.Ordinal));

        Assert.Equal(before, await PredictionsCountedAsync());
    }

    [Fact]
    public async Task Predict_FiveThousandLevelsOfNesting_Is400InvalidJson()
    {
        var (status, problem) = await PostAsync("/v1/models/iris/predict", $$"""{"rows": {{new string('[', 5000)}}{{new string(']', 5000)}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("invalid JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"rows": [1, 2]}""", "rows[0]", "found a number")]
    [InlineData("""{"rows": [[5.1, 3.5, 1.4, 0.2]]}""", "rows[0]", "found an array")]
    [InlineData("""{"rows": "all"}""", "rows", "must be an array")]
    [InlineData("[5.1, 3.5, 1.4, 0.2]", "body", "found an array")]
    [InlineData("\"setosa\"", "body", "found a string")]
    public async Task Predict_RowsThatAreNotObjects_Is400NamingThem(string body, string key, string fragment)
    {
        var (status, problem) = await PostAsync("/v1/models/iris/predict", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertNames(problem, key, fragment);
    }

    [Theory]
    [InlineData("""{"dataframe_records": [1]}""", "dataframe_records[0]")]
    [InlineData("""{"instances": [{"sepal length (cm)": 1}, [1, 2, 3, 4]]}""", "instances[1]")]
    [InlineData("""{"dataframe_split": {"columns": ["a", "a"], "data": [[1, 2]]}}""", "dataframe_split.columns[1]")]
    [InlineData("""{"inputs": {"sepal length (cm)": 1}}""", "inputs")]
    public async Task Invocations_MalformedRows_Is400NamingThem(string body, string key)
    {
        var (status, problem) = await PostAsync("/invocations", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(key, out _), problem.ToString());
    }

    [Fact]
    public async Task Predict_MalformedChunkedBody_Is400Problem()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Client.BaseAddress!.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync("POST /v1/models/iris/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.OrdinalIgnoreCase);
    }
}
