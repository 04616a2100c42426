using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Ferry.Server.Tests;

/// <summary>Random JSON thrown at every POST endpoint of a real iris server (the admin ones without a key): random field
/// types, huge and non-finite numbers, deep nesting, long strings, duplicate keys, invalid UTF-8 and unpaired surrogates,
/// both as free JSON and shaped like each protocol's body. Never a 500, every 4xx a problem, and the memory flat.</summary>
public sealed class HostileJsonPropertyTests(IrisServerFixture server) : IClassFixture<IrisServerFixture>
{
    private const long MegaByte = 1024 * 1024;

    private static readonly string[] s_paths =
    [
        "/v1/models/iris/predict", "/v1/models/iris/feedback", "/invocations", "/invocations?model=iris", "/v2/models/iris/infer",
        "/v1/models/iris/promote", "/v1/models/iris/rollback", "/v1/models/iris/reload", "/v1/models/iris/challenge",
    ];

    private static readonly string[] s_fields =
    [
        "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)", "rows", "id", "actual", "items", "version",
        "force", "dataframe_split", "dataframe_records", "instances", "inputs", "columns", "data", "name", "shape", "datatype",
    ];

    private static readonly Gen<string> s_number = Gen.Frequency(
        (4, Gen.OneOf("1e999", "-1e999", "1e309", "1e300", "-3.5e38", "3.4e38", "1" + new string('0', 400), "0", "-0", "5.1", "1073741824", "2147483648", "-1", "1.5")),
        (2, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1e999")),
        (1, Gen.Int[1, 20_000].Select(digits => new string('9', digits))),
        (1, Gen.OneOf("NaN", "Infinity", "-Infinity")));

    private static readonly Gen<string> s_text = Gen.Frequency(
        (3, Gen.String[0, 20].Select(text => JsonSerializer.Serialize(text))),
        (2, Gen.OneOf(s_fields).Select(field => JsonSerializer.Serialize(field))),
        (2, Gen.OneOf("\"\\ud800\"", "\"x\\udfff\"", "\"\\ud800\\u0041\"", "\"setosa\"", "\"NaN\"", "\"Infinity\"", "\"1e300\"", "\"2024-01-31\"")),
        (1, Gen.Int[1_000, 100_000].Select(length => "\"" + new string('7', length) + "\"")));

    private static readonly Gen<string> s_scalar = Gen.Frequency((3, s_number), (3, s_text), (1, Gen.OneOf("true", "false", "null")));

    private static readonly Gen<string> s_key = Gen.Frequency((4, Gen.OneOf(s_fields)), (1, Gen.String[0, 8])).Select(key => JsonSerializer.Serialize(key));

    private static readonly Gen<string> s_json = Gen.Recursive<string>((depth, json) => depth >= 3 ? s_scalar : Gen.Frequency(
        (3, s_scalar),
        (2, json.Array[0, 5].Select(items => $"[{string.Join(", ", items)}]")),
        (3, Gen.Select(s_key, json).Array[0, 5].Select(fields => $"{{{string.Join(", ", fields.Select(f => $"{f.Item1}: {f.Item2}"))}}}"))));

    /// <summary>A feature's value: mostly one a model takes, so that many rows reach the model.</summary>
    private static readonly Gen<string> s_value = Gen.Frequency(
        (6, Gen.Double[0, 10].Select(d => d.ToString("R", CultureInfo.InvariantCulture))), (3, s_scalar), (1, s_json));

    private static readonly Gen<string> s_row = s_value.Array[4].Select(values =>
        "{" + string.Join(", ", s_fields.Take(4).Select((field, i) => $"\"{field}\": {values[i]}")) + "}");

    private static readonly Gen<string> s_shape = Gen.Frequency(
        (2, s_json), (3, Gen.OneOf("[1, 4]", "[2, 4]", "[1]", "[2]", "[1073741824, 4]", "[2147483647, 2147483647, 2147483647]", "[1.5, 4]", "[-1, 4]", "[0]")));

    private static readonly Gen<string> s_tensor = Gen.Select(s_text, s_shape, Gen.Int[0, 3], Gen.Frequency((2, s_json), (3, s_value.Array[0, 8].Select(values => $"[{string.Join(", ", values)}]"))))
        .Select((name, shape, datatype, data) =>
        $$"""{"name": {{name}}, "shape": {{shape}}, "datatype": "{{new[] { "FP64", "FP32", "BYTES", "BOOL" }[datatype]}}", "data": {{data}}}""");

    private static readonly Gen<string> s_body = Gen.Frequency(
        (4, s_json),
        (2, s_row.Array[0, 4].Select(rows => $$"""{"rows": [{{string.Join(", ", rows)}}]}""")),
        (1, s_row),
        (1, Gen.Select(s_json, s_json).Select((columns, data) => $$$"""{"dataframe_split": {"columns": {{{columns}}}, "data": {{{data}}}}}""")),
        (1, Gen.Select(Gen.OneOf("dataframe_records", "instances", "inputs"), s_json).Select((format, rows) => $$"""{"{{format}}": {{rows}}}""")),
        (2, Gen.Select(s_tensor.Array[0, 4], Gen.Frequency((3, Gen.Const("")), (1, s_scalar.Select(id => $"\"id\": {id}, "))))
            .Select((tensors, id) => $$"""{{{id}}"inputs": [{{string.Join(", ", tensors)}}]}""")),
        (1, Gen.Select(Gen.Const("{\"items\": "), s_json).Select((items, value) => items + value + "}")),
        (1, Gen.Int[65, 6_000].Select(depth => $"{{\"rows\": {new string('[', depth)}{new string(']', depth)}}}")),
        (1, Gen.Int[65, 6_000].Select(depth => string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "1" + new string('}', depth))));

    /// <summary>Bytes that are not UTF-8: a stray continuation byte, an overlong encoding, an encoded surrogate, a truncated sequence.</summary>
    private static readonly Gen<byte[]> s_garbage = Gen.OneOf<byte[]>([0xFF], [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF8, 0x88, 0x80, 0x80]);

    private static readonly Gen<(string Path, byte[] Body)> s_request = Gen.Select(Gen.OneOf(s_paths), s_body, Gen.Int[0, 3], s_garbage, Gen.Double[0, 1])
        .Select((path, body, corrupt, garbage, at) => (path, corrupt == 0 ? Corrupt(body, garbage, at) : Encoding.UTF8.GetBytes(body)));

    private static byte[] Corrupt(string body, byte[] garbage, double at)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var position = (int)(at * bytes.Length);
        return [.. bytes[..position], .. garbage, .. bytes[position..]];
    }

    private async Task AssertAnsweredAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await server.Client.PostAsync(path, content);
        var status = (int)response.StatusCode;
        var preview = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]);

        Assert.True(status < 500, $"POST {path} answered {status} to {preview}: {await response.Content.ReadAsStringAsync()}");
        if (status >= 400)
        {
            // MLflow's and the Open Inference protocol's routes answer their own error shapes, as application/json.
            Assert.True(response.Content.Headers.ContentType?.MediaType == (path.StartsWith("/invocations", StringComparison.Ordinal) || path.StartsWith("/v2/", StringComparison.Ordinal) ? "application/json" : "application/problem+json"),
                $"POST {path} answered {status} without a problem to {preview}");
        }
    }

    private static (long Heap, long WorkingSet) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    [Fact]
    public async Task AnyPostEndpoint_RandomHostileJson_NeverAnswers500AndAlwaysAProblem() =>
        await s_request.SampleAsync(request => AssertAnsweredAsync(request.Path, request.Body), iter: 2_000, threads: 1);

    [Fact]
    public async Task AnyPostEndpoint_HundredsOfHostileBodies_KeepTheServersMemoryFlat()
    {
        await s_request.SampleAsync(request => AssertAnsweredAsync(request.Path, request.Body), iter: 200, threads: 1);
        var before = Memory();

        await s_request.SampleAsync(request => AssertAnsweredAsync(request.Path, request.Body), iter: 400, threads: 1);

        var after = Memory();
        Assert.True(after.Heap - before.Heap < 200 * MegaByte, $"the managed heap grew from {before.Heap / MegaByte} MB to {after.Heap / MegaByte} MB");
        Assert.True(after.WorkingSet - before.WorkingSet < 200 * MegaByte, $"the working set grew from {before.WorkingSet / MegaByte} MB to {after.WorkingSet / MegaByte} MB");
    }
}
