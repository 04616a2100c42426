using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Ferry.Server.Tests.Apis;

/// <summary>MLflow's scoring server as its own tests and client call it (tests/pyfunc/test_scoring_server.py,
/// mlflow/pyfunc/scoring_server/client.py, mlflow/utils/proto_json_utils.py dump_input_data; each body below is copied
/// from the file named beside it, see tests/data/protocols/mlflow/README.md), against a model whose inputs are named like
/// MLflow's documented examples: a, b, c and y = a + b + c (a known answer), at most 3 rows and 4 KB a request (and 4 KB in flight).</summary>
public sealed class MlflowApiTests(MlflowApiTests.SumFixture model) : IClassFixture<MlflowApiTests.SumFixture>
{
    private const string BadInput = "The input must be a JSON dictionary with exactly one of the input fields";

    private HttpClient Client => model.Server!.Server.Client;

    private async Task<(HttpStatusCode Status, string? Type, JsonElement Body)> PostAsync(string path, string body, string contentType = "application/json")
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await Client.PostAsync(path, content);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private async Task<JsonElement> ErrorAsync(HttpStatusCode status, string body, string contentType = "application/json", string path = "/invocations")
    {
        var (actual, type, answer) = await PostAsync(path, body, contentType);
        Assert.Equal(status, actual);
        Assert.Equal("application/json", type);
        return answer;
    }

    private async Task<double[]> PredictAsync(string body, string contentType = "application/json")
    {
        var (status, _, answer) = await PostAsync("/invocations", body, contentType);
        Assert.True(status == HttpStatusCode.OK, answer.ToString());
        return [.. answer.GetProperty("predictions").EnumerateArray().Select(p => p.GetDouble())];
    }

    // dump_input_data writes a DataFrame as json.dumps({"dataframe_split": df.to_dict(orient="split")}): a missing value is NaN.
    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public async Task Invocations_PythonNonFiniteToken_IsAMissingValueFilledLikeNull(string token)
    {
        var sent = await PredictAsync($$$"""{"dataframe_split": {"index": [0, 1], "columns": ["a", "b", "c"], "data": [[1.0, {{{token}}}, 3.0], [4.0, 5.0, 6.0]]}}""");
        var missing = await PredictAsync("""{"dataframe_split": {"index": [0, 1], "columns": ["a", "b", "c"], "data": [[1.0, null, 3.0], [4.0, 5.0, 6.0]]}}""");

        Assert.Equal(missing, sent);
        Assert.Equal(15, sent[1], 0.5);
    }

    [Fact]
    public async Task Invocations_NaNInAString_IsTextNotAMissingValue()
    {
        var error = await ErrorAsync(HttpStatusCode.BadRequest, """{"dataframe_records": [{"a": "NaN", "b": 2, "c": 3}]}""");

        Assert.Contains("dataframe_records[0].a: field 'a' must be a number, found a string \"NaN\"", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_InvalidJsonAfterNaN_NamesTheByteAsSent()
    {
        var error = await ErrorAsync(HttpStatusCode.BadRequest, """{"inputs": [[NaN, Infinity, 3]] x}""");

        Assert.Equal("BAD_REQUEST", error.GetProperty("error_code").GetString());
        Assert.Equal("invalid JSON at line 1, byte 33: 'x' is invalid after a value. Expected either ',', '}', or ']'.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Invocations_InvalidJsonAfterNaNOnAnotherLine_NamesTheLineAndByteAsSent()
    {
        var error = await ErrorAsync(HttpStatusCode.BadRequest, "{\"inputs\": [[NaN,\n 2, NaN,\n Infinity, 3]] x}");

        Assert.StartsWith("invalid JSON at line 3, byte 16: ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_NestedPastTheDepthLimit_SaysSo()
    {
        var error = await ErrorAsync(HttpStatusCode.BadRequest, "{\"instances\": " + new string('[', 70) + new string(']', 70) + "}");

        Assert.Contains("The maximum configured depth of 64 has been exceeded", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_NaN_StaysInvalidJson()
    {
        var (status, _, problem) = await PostAsync("/v1/models/abc/predict", """{"a": NaN, "b": 2, "c": 3}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The body is not valid JSON.", problem.GetProperty("title").GetString());
    }

    // test_scoring_server_responds_to_malformed_json_input_with_error_code_and_message
    [Fact]
    public async Task Invocations_MalformedJson_IsBadRequestInMlflowShape()
    {
        var error = await ErrorAsync(HttpStatusCode.BadRequest, "this is,,,, not valid json");

        Assert.Equal("BAD_REQUEST", error.GetProperty("error_code").GetString());
        Assert.Contains("invalid JSON at line 1, byte 2", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, error.GetProperty("status").GetInt32());
    }

    // test_scoring_server_responds_to_invalid_json_format_with_error_code_and_message: json.dumps of 1, "1", [1], then two
    // bodies that are not exactly one input format (the second holds two).
    [Theory]
    [InlineData("1", "received a number")]
    [InlineData("\"1\"", "received a string")]
    [InlineData("[1]", "received an array")]
    [InlineData("""{"not": "a serialized dataframe"}""", "received a dictionary with input fields: [not]")]
    [InlineData("""{"dataframe_records": [], "dataframe_split": {"data": []}}""", "received a dictionary with input fields: [dataframe_records, dataframe_split]")]
    public async Task Invocations_NotExactlyOneInputFormat_IsBadRequestNamingTheFormats(string body, string received)
    {
        var error = await ErrorAsync(HttpStatusCode.BadRequest, body);
        var message = error.GetProperty("message").GetString();

        Assert.Equal("BAD_REQUEST", error.GetProperty("error_code").GetString());
        Assert.Contains($"{BadInput} dataframe_split, dataframe_records, instances, inputs", message, StringComparison.Ordinal);
        Assert.Contains(received, message, StringComparison.Ordinal);
    }

    // test_scoring_server_responds_to_invalid_pandas_input_format_with_stacktrace_and_error_code: split given as records and
    // records given as split; test_scoring_server_responds_to_invalid_dataframe_with_stacktrace_and_error_code.
    [Theory]
    [InlineData("""{"dataframe_split": [{"a": 1, "b": 2, "c": 3}]}""", "dataframe_split: dataframe_split must be")]
    [InlineData("""{"dataframe_records": {"columns": ["a", "b", "c"], "data": [[1, 2, 3]]}}""", "dataframe_records: dataframe_records must be a list of rows")]
    [InlineData("""{"dataframe_split": {"index": [1, 2], "data": [[1], [2], [3]]}}""", "dataframe_split: dataframe_split must be")]
    public async Task Invocations_DataFrameInTheOtherOrient_IsBadRequest(string body, string message)
    {
        var error = await ErrorAsync(HttpStatusCode.BadRequest, body);

        Assert.Equal("BAD_REQUEST", error.GetProperty("error_code").GetString());
        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    // test_scoring_server_responds_to_invalid_csv_input_with_stacktrace_and_error_code: "Any empty string is not valid pandas CSV".
    [Fact]
    public async Task Invocations_EmptyCsv_IsBadRequest()
    {
        var error = await ErrorAsync(HttpStatusCode.BadRequest, "", "text/csv");

        Assert.Equal("BAD_REQUEST", error.GetProperty("error_code").GetString());
        Assert.Contains("the CSV body is empty", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    // pandas.DataFrame({"a": [1, 4], "b": [2, 5], "c": [3, 6]}).to_csv(index=False), as test_parse_with_schema_csv writes one.
    [Theory]
    [InlineData("text/csv")]
    [InlineData("application/csv")]
    [InlineData("text/csv; charset=UTF-8")]
    public async Task Invocations_Csv_IsReadLikePandas(string contentType) =>
        Assert.Equal(new double[] { 6, 15 }, (await PredictAsync("a,b,c\n1,2,3\n4,5,6\n", contentType)).Select(p => Math.Round(p)));

    // A CSV saved as UTF-8 with a byte-order mark (Python's utf-8-sig, Excel's "CSV UTF-8") reads as the same CSV.
    [Fact]
    public async Task Invocations_CsvWithByteOrderMark_IsReadAsWithout() =>
        Assert.Equal(await PredictAsync("a,b,c\n1,2,3\n", "text/csv"), await PredictAsync("\uFEFFa,b,c\n1,2,3\n", "text/csv"));

    // More rows than a request may carry (3 here) are refused at the first row past the limit, before the rest is read.
    [Fact]
    public async Task Invocations_CsvPastTheRowLimit_IsResourceLimitExceeded()
    {
        var error = await ErrorAsync(HttpStatusCode.RequestEntityTooLarge, "a,b,c\n" + string.Concat(Enumerable.Repeat("1,2,3\n", 200)), "text/csv");

        Assert.Equal("RESOURCE_LIMIT_EXCEEDED", error.GetProperty("error_code").GetString());
        Assert.Equal("more than 3 rows in one request; the limit is 3", error.GetProperty("message").GetString());
    }

    // pandas' to_csv writes an infinity as inf or -inf: a missing value, as the bare Infinity of a JSON body is.
    [Fact]
    public async Task Invocations_CsvInfinity_IsAMissingValueAsInJson()
    {
        var csv = await PredictAsync("a,b,c\n1,inf,3\n4,-inf,6\n7,Infinity,9\n", "text/csv");
        var json = await PredictAsync("""{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, Infinity, 3], [4, -Infinity, 6], [7, Infinity, 9]]}}""");

        Assert.Equal(json, csv);
    }

    [Fact]
    public async Task Invocations_CsvMissingCell_IsFilledLikeNull()
    {
        var csv = await PredictAsync("c,a,b,extra\r\n3,1,,x\r\n\"6\",4,5,y\r\n", "text/csv");
        var json = await PredictAsync("""{"dataframe_records": [{"a": 1, "b": null, "c": 3}, {"a": 4, "b": 5, "c": 6}]}""");

        Assert.Equal(json, csv);
    }

    // pandas.DataFrame({"a": [1.0, 4.0], "b": [float("nan"), 5.0], "c": [3.0, 6.0]}).to_csv(), its index kept (the
    // default): a first column without a name, which read_csv calls "Unnamed: 0" and MLflow's schema enforcement ignores.
    [Fact]
    public async Task Invocations_CsvWithPandasIndex_IgnoresTheIndexAsMlflowDoes()
    {
        var indexed = await PredictAsync(",a,b,c\n0,1.0,,3.0\n1,4.0,5.0,6.0\n", "text/csv");
        var json = await PredictAsync("""{"dataframe_split": {"index": [0, 1], "columns": ["a", "b", "c"], "data": [[1.0, NaN, 3.0], [4.0, 5.0, 6.0]]}}""");

        Assert.Equal(json, indexed);
        Assert.Equal(15, indexed[1], 0.5);
    }

    // A column the model does not take is ignored in a JSON body and in a CSV one alike, as MLflow's _enforce_schema
    // does ("Found extra inputs ... These inputs will be ignored").
    [Fact]
    public async Task Invocations_ExtraNamedColumn_IsIgnoredInJsonAndCsvAlike()
    {
        var plain = await PredictAsync("""{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2, 3], [4, 5, 6]]}}""");
        var split = await PredictAsync("""{"dataframe_split": {"columns": ["a", "note", "b", "c"], "data": [[1, "x", 2, 3], [4, "y", 5, 6]]}}""");
        var records = await PredictAsync("""{"dataframe_records": [{"a": 1, "b": 2, "c": 3, "note": "x"}, {"a": 4, "b": 5, "c": 6, "note": "y"}]}""");
        var csv = await PredictAsync("note,a,b,c\nx,1,2,3\ny,4,5,6\n", "text/csv");
        var indexedCsv = await PredictAsync(",a,note,b,c\n0,1,x,2,3\n1,4,y,5,6\n", "text/csv");

        Assert.Equal(plain, split);
        Assert.Equal(plain, records);
        Assert.Equal(plain, csv);
        Assert.Equal(plain, indexedCsv);
    }

    [Theory]
    [InlineData("a,b,c\n1,2,3\n4,x,6\n", "line 3.b", "line 3 column 'b': expected a number, found 'x'")]
    [InlineData("a,b\n1,2\n", "header", "the CSV header has no column 'c' that model 'abc' needs (it names 'a', 'b')")]
    [InlineData("a,b,c\n1,2,3\n4,5\n", "body", "the CSV body line 3: expected 3 fields as in the header, found 2")]
    [InlineData("a,b,a\n1,2,3\n", "body", "column name 'a' appears twice in the header")]
    [InlineData("a,,b,c\n1,0,2,3\n", "body", "the CSV body line 1: column 2 of the header has no name")]
    [InlineData(",,a,b,c\n0,0,1,2,3\n", "body", "the CSV body line 1: column 2 of the header has no name")]
    [InlineData(",a,b,c\n0,1,2,3\n1,4,5\n", "body", "the CSV body line 3: expected 4 fields as in the header, found 3")]
    [InlineData(",\n0,1\n", "body", "the CSV body line 1: column 2 of the header has no name")]
    public async Task Invocations_BadCsv_IsBadRequestNamingTheLineAndColumn(string body, string key, string message)
    {
        var error = await ErrorAsync(HttpStatusCode.BadRequest, body, "text/csv");

        Assert.Equal("BAD_REQUEST", error.GetProperty("error_code").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(key == "body" || error.GetProperty("errors").TryGetProperty(key, out _), error.ToString());
    }

    // test_scoring_server_responds_to_invalid_content_type_request_with_unsupported_content_type_code and
    // ..._with_unrecognized_content_param: 415.
    [Theory]
    [InlineData("not_a_supported_content_type")]
    [InlineData("application/json; something=something")]
    [InlineData("text/plain")]
    [InlineData("text/csv; charset=latin1")]
    public async Task Invocations_UnsupportedContentType_Is415(string contentType)
    {
        var error = await ErrorAsync(HttpStatusCode.UnsupportedMediaType, """{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2, 3]]}}""", contentType);

        Assert.Equal("BAD_REQUEST", error.GetProperty("error_code").GetString());
    }

    // test_scoring_server_successfully_evaluates_correct_dataframes_with_pandas_split_orientation ("Testing the charset
    // parameter"), and the curl of "Deploy MLflow Model as a Local Inference Server" (-H "Content-Type:application/json;").
    [Theory]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json;")]
    public async Task Invocations_JsonWithCharsetOrTrailingSemicolon_IsAnswered(string contentType) =>
        Assert.Equal(new double[] { 6, 15 }, (await PredictAsync("""{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2, 3], [4, 5, 6]]}}""", contentType)).Select(p => Math.Round(p)));

    // test_serving_model_with_param_schema: MLflow ignores a param its schema lacks; Ferry's models take none and refuse it.
    [Theory]
    [InlineData("""{"invalid_param": "value"}""", "params.invalid_param", "unknown param 'invalid_param'")]
    [InlineData("""{"param1": "invalid_value1"}""", "params.param1", "unknown param 'param1'")]
    [InlineData("""["a"]""", "params", "params must be a dictionary, found an array")]
    public async Task Invocations_Params_AreRefusedNamingThem(string parameters, string key, string message)
    {
        var error = await ErrorAsync(HttpStatusCode.BadRequest, $$$"""{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2, 3]]}, "params": {{{parameters}}}}""");

        Assert.Equal("INVALID_PARAMETER_VALUE", error.GetProperty("error_code").GetString());
        Assert.Contains(message, error.GetProperty("errors").GetProperty(key)[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    public async Task Invocations_NoParams_AreAnswered(string parameters) =>
        Assert.Single(await PredictAsync($$$"""{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2, 3]]}, "params": {{{parameters}}}}"""));

    [Fact]
    public async Task Invocations_UnknownTopLevelField_IsBadRequestNamingIt()
    {
        var error = await ErrorAsync(HttpStatusCode.BadRequest, """{"instances": [[1, 2, 3]], "param": {}}""");

        Assert.Contains("unknown field 'param'", error.GetProperty("errors").GetProperty("param")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_UnknownModel_IsResourceDoesNotExist()
    {
        var error = await ErrorAsync(HttpStatusCode.NotFound, """{"instances": [[1, 2, 3]]}""", path: "/invocations?model=nope");

        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.GetProperty("error_code").GetString());
        Assert.Contains("no model named 'nope'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_MoreRowsThanTheLimit_IsResourceLimitExceeded()
    {
        var error = await ErrorAsync(HttpStatusCode.RequestEntityTooLarge, """{"instances": [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]}""");

        Assert.Equal("RESOURCE_LIMIT_EXCEEDED", error.GetProperty("error_code").GetString());
        Assert.Equal("4 rows in one request; the limit is 3", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Invocations_BodyPastTheSizeLimit_IsResourceLimitExceeded()
    {
        var error = await ErrorAsync(HttpStatusCode.RequestEntityTooLarge, $$"""{"instances": [[1, 2, 3]], "pad": "{{new string('x', 5000)}}"}""");

        Assert.Equal("RESOURCE_LIMIT_EXCEEDED", error.GetProperty("error_code").GetString());
        Assert.Contains("larger than the server's limit of 4096 bytes", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_PastCapacity_IsTemporarilyUnavailableWithRetryAfter()
    {
        var release = new TaskCompletionSource();
        var held = Client.PostAsync("/invocations", new Models.HeldContent(Encoding.UTF8.GetBytes("""{"instances": [[1, 2, 3]]}""".PadRight(4096)), release.Task));
        await model.Server!.Server.HealthWhenAsync(health => health.GetProperty("admission").GetProperty("bytesInFlight").GetInt64() > 0);

        using var refused = await Client.PostAsync("/invocations", new StringContent("""{"instances": [[1, 2, 3]]}""", Encoding.UTF8, "application/json"));
        release.SetResult();
        using var answered = await held;
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("TEMPORARILY_UNAVAILABLE", error.GetProperty("error_code").GetString());
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    // ScoringServerClient.wait_server_ready polls /ping until it answers 200; the scoring server answers "\n".
    [Fact]
    public async Task Ping_Answers200WithMlflowsBody()
    {
        using var response = await Client.GetAsync("/ping");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    // ScoringServerClient.get_version reads /version's text.
    [Fact]
    public async Task Version_AnswersFerrysVersion() =>
        Assert.Equal(typeof(FerryServerApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion,
            await Client.GetStringAsync("/version"));

    // The scoring server answers /health like /ping; Ferry's /health keeps its JSON and answers 200.
    [Fact]
    public async Task Health_Answers200WithFerrysJson()
    {
        using var response = await Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("abc", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("models")[0].GetProperty("model").GetString());
    }

    /// <summary>The sum model served with at most 3 rows and 4 KB a request.</summary>
    public sealed class SumFixture : IAsyncLifetime
    {
        public SumModelServer? Server { get; private set; }

        public async Task InitializeAsync() =>
            Server = await SumModelServer.StartAsync(seed: 5, rows: 400, new Dictionary<string, string> { ["MaxRows"] = "3", ["MaxBodyBytes"] = "4096", ["MaxBytesInFlight"] = "4096" });

        public async Task DisposeAsync()
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
        }
    }
}
