using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ferry.Testing;

namespace Ferry.Server.Tests.Apis;

/// <summary>Triton's binary tensor extension (server docs/protocol/extension_binary_data.md) with every kind of input a
/// model takes: a penguins classifier whose inputs are text (island, sex, sent as BYTES: each a 4-byte length and its
/// UTF-8 bytes) and numbers (sent as FP32, FP64 and INT32 bytes), one tensor per input in the order of the body. The
/// answer must be Ferry's own /v1 answer for the same rows.</summary>
public sealed class OpenInferenceBinaryTests : IAsyncLifetime
{
    private static readonly Dictionary<string, object>[] s_rows =
    [
        new() { ["island"] = "Torgersen", ["bill_length_mm"] = 39.1, ["bill_depth_mm"] = 18.7, ["flipper_length_mm"] = 181, ["body_mass_g"] = 3750, ["sex"] = "male", ["year"] = 2007 },
        new() { ["island"] = "Biscoe", ["bill_length_mm"] = 46.5, ["bill_depth_mm"] = 13.5, ["flipper_length_mm"] = 210, ["body_mass_g"] = 4550, ["sex"] = "female", ["year"] = 2009 },
    ];

    private readonly TestFiles _files = new();
    private RunningServer? _server;

    private HttpClient Client => _server!.Client;

    public async Task InitializeAsync() => _server = await RunningServer.TrainAndStartAsync(
        _files.WriteSpec(TestFiles.Data("penguins.csv"), "species", "multiclass-classification", "penguins", "train: { candidates: [logistic] }"));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _files.Dispose();
    }

    private async Task<string[]> V1LabelsAsync()
    {
        using var response = await Client.PostAsJsonAsync("/v1/models/penguins/predict", new { rows = s_rows });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. answer.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("label").GetString()!)];
    }

    /// <summary>One input's tensor head and its bytes: text as BYTES, whole numbers as INT32, the rest as FP32 or FP64.</summary>
    private static (string Json, byte[] Bytes) Tensor(string input, int index)
    {
        var values = s_rows.Select(r => r[input]).ToArray();
        var (datatype, bytes) = values[0] switch
        {
            string => ("BYTES", values.SelectMany(v => BitConverter.GetBytes(Encoding.UTF8.GetByteCount((string)v)).Concat(Encoding.UTF8.GetBytes((string)v))).ToArray()),
            int => ("INT32", values.SelectMany(v => BitConverter.GetBytes((int)v)).ToArray()),
            _ when index % 2 == 0 => ("FP64", values.SelectMany(v => BitConverter.GetBytes((double)v)).ToArray()),
            _ => ("FP32", values.SelectMany(v => BitConverter.GetBytes((float)(double)v)).ToArray()),
        };
        return ($$$"""{"name":"{{{input}}}","shape":[{{{values.Length}}}],"datatype":"{{{datatype}}}","parameters":{"binary_data_size":{{{bytes.Length}}}}}""", bytes);
    }

    [Fact]
    public async Task Infer_EveryInputAsBinaryTensors_AnswersAsV1AndBinaryLabels()
    {
        var metadata = await Client.GetFromJsonAsync<JsonElement>("/v2/models/penguins");
        var inputs = metadata.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).Reverse().ToArray();
        var tensors = inputs.Select(Tensor).ToArray();
        var json = Encoding.UTF8.GetBytes($$$"""{"id":"binary","inputs":[{{{string.Join(",", tensors.Select(t => t.Json))}}}],"parameters":{"binary_data_output":true}}""");
        using var content = new ByteArrayContent([.. json, .. tensors.SelectMany(t => t.Bytes)]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/octet-stream");
        content.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", json.Length.ToString(CultureInfo.InvariantCulture));

        using var response = await Client.PostAsync("/v2/models/penguins/infer", content);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(body));
        var length = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), CultureInfo.InvariantCulture);
        var answer = JsonDocument.Parse(body.AsMemory(0, length)).RootElement;
        Assert.Equal("binary", answer.GetProperty("id").GetString());
        var label = answer.GetProperty("outputs")[0];
        Assert.Equal(("label", "BYTES"), (label.GetProperty("name").GetString(), label.GetProperty("datatype").GetString()));
        var labels = new List<string>();
        for (var offset = length; labels.Count < s_rows.Length; offset += 4 + BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(offset)))
        {
            labels.Add(Encoding.UTF8.GetString(body, offset + 4, BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(offset))));
        }

        Assert.Equal(await V1LabelsAsync(), labels);
        Assert.Equal(label.GetProperty("parameters").GetProperty("binary_data_size").GetInt32(), labels.Sum(l => 4 + Encoding.UTF8.GetByteCount(l)));
    }

    [Fact]
    public async Task Infer_BinaryTextThatIsNotUtf8_Is400NamingTheElement()
    {
        byte[] bytes = [6, 0, 0, 0, .. "Biscoe"u8, 2, 0, 0, 0, 0xC0, 0x80];
        var json = Encoding.UTF8.GetBytes($$$"""{"inputs":[{"name":"island","shape":[2],"datatype":"BYTES","parameters":{"binary_data_size":{{{bytes.Length}}}}}]}""");
        using var content = new ByteArrayContent([.. json, .. bytes]);
        content.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", json.Length.ToString(CultureInfo.InvariantCulture));

        using var response = await Client.PostAsync("/v2/models/penguins/infer", content);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("inputs[0].data[1]: tensor 'island': BYTES element 1 is not valid UTF-8 text", error.GetProperty("error").GetString());
    }
}
