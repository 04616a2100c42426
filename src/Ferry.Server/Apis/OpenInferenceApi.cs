using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>The Open Inference (KServe V2) protocol: `POST /v2/models/{name}/infer` with one input tensor per
/// column (<c>{"name": column, "shape": [n], "datatype": ..., "data": [...]}</c>) or one tensor of shape [n, k]
/// whose columns are the model's inputs in order; metadata and health under /v2.</summary>
public static class OpenInferenceApi
{
    /// <summary>The protocol's datatypes and the numbers each holds (integral or not, least, most); null where the model's
    /// schema checks the values as it reads them (BOOL, BYTES, and FP32 and FP64, as every feature is a finite 32-bit float).</summary>
    private static readonly Dictionary<string, (bool Integral, double Least, double Most)?> s_datatypes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = null,
        ["UINT8"] = (true, byte.MinValue, byte.MaxValue),
        ["UINT16"] = (true, ushort.MinValue, ushort.MaxValue),
        ["UINT32"] = (true, uint.MinValue, uint.MaxValue),
        ["UINT64"] = (true, ulong.MinValue, ulong.MaxValue),
        ["INT8"] = (true, sbyte.MinValue, sbyte.MaxValue),
        ["INT16"] = (true, short.MinValue, short.MaxValue),
        ["INT32"] = (true, int.MinValue, int.MaxValue),
        ["INT64"] = (true, long.MinValue, long.MaxValue),
        ["FP16"] = (false, (double)Half.MinValue, (double)Half.MaxValue),
        ["FP32"] = null,
        ["FP64"] = null,
        ["BYTES"] = null,
    };

    public static IEndpointRouteBuilder MapOpenInferenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v2").WithTags("Open Inference");
        api.MapGet("/health/live", () => TypedResults.Ok(new { live = true }));
        api.MapGet("/health/ready", () => TypedResults.Ok(new { ready = true })); // a server listens only once its models are loaded
        api.MapGet("/models/{name}", Metadata);
        api.MapGet("/models/{name}/ready", Ready);
        api.MapGroup("/models/{name}").CountsFailures()
            .MapPost("/infer", InferAsync).WithName("OpenInferenceInfer").ProducesValidationProblem();
        return app;
    }

    /// <summary>Model ready: 200 for a model this server serves (it is loaded before the server listens), 404 otherwise.</summary>
    private static Results<Ok<ModelReady>, ProblemHttpResult> Ready(string name, ModelHosts hosts) =>
        hosts.Find(name)?.Current is { } model ? TypedResults.Ok(new ModelReady(model.Manifest.Name, true)) : ProblemResults.UnknownModel(name, hosts);

    private static Results<Ok<ModelMetadata>, ProblemHttpResult> Metadata(string name, ModelHosts hosts)
    {
        if (hosts.Find(name)?.Current is not { } model)
        {
            return ProblemResults.UnknownModel(name, hosts);
        }

        var manifest = model.Manifest;
        return TypedResults.Ok(new ModelMetadata(manifest.Name, [manifest.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)], "ferry",
            [.. manifest.Inputs.Select(i => new TensorMetadata(i.Name, DataType(i.Kind), [-1]))],
            manifest.Type.IsClassification()
                ? [new TensorMetadata("label", "BYTES", [-1]), new TensorMetadata("probabilities", "FP64", [-1, manifest.Classes.Count])]
                : [new TensorMetadata("value", "FP64", [-1])]));
    }

    private static async Task<Ok<InferResponse>> InferAsync(string name, HttpRequest request, [AsParameters] PredictionServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok(await PredictionFlow.AnswerAsync(services, name, request, (root, manifest) => Rows(root, manifest.Inputs),
            (root, model, predictions) => Response(model.Manifest, predictions, root.TryGetProperty("id", out var id) ? id.GetString() : null), cancellationToken));

    private static InferResponse Response(ModelManifest manifest, PredictionResult[] predictions, string? id)
    {
        List<OutputTensor> outputs = manifest.Type.IsClassification()
                ? [new("label", [predictions.Length], "BYTES", [.. predictions.Select(p => (object)p.Label!)]),
                   new("probabilities", [predictions.Length, manifest.Classes.Count], "FP64",
                       [.. predictions.SelectMany(p => manifest.Classes.Select(c => (object)p.Probabilities![c]))])]
                : [new("value", [predictions.Length], "FP64", [.. predictions.Select(p => (object)p.Value!)])];
        return new InferResponse(manifest.Name, manifest.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), id, outputs);
    }

    /// <summary>The rows of the request's tensors, checked before any row is read: every tensor an object with a name, a
    /// shape of positive integers, as many data values as the shape holds (its product taken without overflow), and a
    /// datatype of the protocol that can hold each of its numbers (300 is no INT8, 1.5 no INT32, 1e5 no FP16).</summary>
    private static RequestRows Rows(JsonElement root, IReadOnlyList<ColumnInfo> schema)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
        {
            throw RequestRefusedException.Field("inputs", "expected {\"inputs\": [{\"name\": ..., \"shape\": [...], \"datatype\": ..., \"data\": [...]}]}");
        }

        if (root.TryGetProperty("id", out var id) && id.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw RequestRefusedException.Field("id", $"'id' must be a string, found {JsonRowReader.Describe(id.ValueKind)}");
        }

        var columns = new Dictionary<string, JsonElement>();
        int? length = null;
        var index = 0;
        foreach (var tensor in inputs.EnumerateArray())
        {
            var key = $"inputs[{index++}]";
            var (name, shape, data) = Tensor(tensor, key);
            if (inputs.GetArrayLength() == 1 && shape is [var count, var width] && width == schema.Count)
            {
                return new RequestRows((int)count, MatrixRows(data, schema), i => $"inputs[row {i}].");
            }

            if (length is { } other && other != data.GetArrayLength())
            {
                throw RequestRefusedException.Field(key, "every input tensor must hold the same number of values (one per row)");
            }

            if (Index(schema, name) >= 0 && !columns.TryAdd(name, data))
            {
                throw RequestRefusedException.Field(key, $"a second tensor named '{name}'");
            }

            length = data.GetArrayLength();
        }

        return length is { } rows
            ? new RequestRows(rows, ColumnRows(columns, rows), i => $"inputs[row {i}].")
            : throw RequestRefusedException.Field("inputs", "there are no input tensors: send one per input, or one of shape [n, inputs]");
    }

    /// <summary>A tensor's name, shape and data; refused with the error under <paramref name="key"/>.</summary>
    private static (string Name, long[] Shape, JsonElement Data) Tensor(JsonElement tensor, string key)
    {
        if (tensor.ValueKind != JsonValueKind.Object)
        {
            throw RequestRefusedException.Field(key, $"a tensor must be an object {{\"name\", \"shape\", \"datatype\", \"data\"}}, found {JsonRowReader.Describe(tensor.ValueKind)}");
        }

        if (!tensor.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw RequestRefusedException.Field(key + ".name", "a tensor needs a \"name\" string");
        }

        if (!tensor.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() == 0
            || shape.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var dimension) || dimension <= 0))
        {
            throw RequestRefusedException.Field(key + ".shape", $"\"shape\" must be a list of positive integers (at most {int.MaxValue}), found {Shorten(shape)}");
        }

        if (!tensor.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw RequestRefusedException.Field(key + ".data", $"a tensor needs a \"data\" array, found {(data.ValueKind == JsonValueKind.Undefined ? "none" : JsonRowReader.Describe(data.ValueKind))}");
        }

        long[] dimensions = [.. shape.EnumerateArray().Select(d => (long)d.GetInt32())];
        if (Product(dimensions) is not { } values || values != data.GetArrayLength())
        {
            throw RequestRefusedException.Field(key, $"tensor '{name.GetString()}' has shape [{string.Join(", ", dimensions)}] but {data.GetArrayLength()} values");
        }

        if (!tensor.TryGetProperty("datatype", out var datatype) || datatype.ValueKind != JsonValueKind.String || !s_datatypes.TryGetValue(datatype.GetString()!, out var range))
        {
            throw RequestRefusedException.Field(key + ".datatype", $"\"datatype\" must be one of {string.Join(", ", s_datatypes.Keys)}, found {Shorten(datatype)}");
        }

        if (range is var (integral, least, most) && OutOfRange(data, integral, least, most) is { } at)
        {
            throw RequestRefusedException.Field($"{key}.data[{at}]", $"tensor '{name.GetString()}' is {datatype.GetString()}, which cannot hold {Shorten(data[at])}"
                + (integral ? $" (an integer from {least:R} to {most:R})" : $" (from {least:R} to {most:R})"));
        }

        return (name.GetString()!, dimensions, data);
    }

    /// <summary>The first number of <paramref name="data"/> its tensor's datatype cannot hold, or null.</summary>
    private static int? OutOfRange(JsonElement data, bool integral, double least, double most)
    {
        var index = 0;
        foreach (var value in data.EnumerateArray())
        {
            if (value.ValueKind == JsonValueKind.Number && (!value.TryGetDouble(out var number) || number < least || number > most || (integral && Math.Floor(number) != number)))
            {
                return index;
            }

            index++;
        }

        return null;
    }

    /// <summary>How many values a shape holds; null past what a long counts.</summary>
    private static long? Product(long[] dimensions)
    {
        try
        {
            return dimensions.Aggregate(1L, (product, dimension) => checked(product * dimension));
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static string Shorten(JsonElement value) =>
        value.ValueKind == JsonValueKind.Undefined ? "none" : JsonRowReader.Shorten(value.GetRawText());

    /// <summary>The rows of one [n, k] tensor, its columns the model's inputs in order, read once the row count has been checked.</summary>
    private static IEnumerable<Func<string, JsonElement?>> MatrixRows(JsonElement data, IReadOnlyList<ColumnInfo> schema)
    {
        JsonElement[] values = [.. data.EnumerateArray()];
        for (var r = 0; r < values.Length / schema.Count; r++)
        {
            var row = r;
            yield return column => Index(schema, column) is var at and >= 0 ? values[row * schema.Count + at] : null;
        }
    }

    /// <summary>The rows of one tensor per column, read once the row count has been checked.</summary>
    private static IEnumerable<Func<string, JsonElement?>> ColumnRows(Dictionary<string, JsonElement> columns, int count)
    {
        var values = columns.ToDictionary(c => c.Key, c => c.Value.EnumerateArray().ToArray());
        for (var r = 0; r < count; r++)
        {
            var row = r;
            yield return column => values.TryGetValue(column, out var value) ? value[row] : null;
        }
    }

    private static int Index(IReadOnlyList<ColumnInfo> schema, string column)
    {
        for (var i = 0; i < schema.Count; i++)
        {
            if (schema[i].Name == column)
            {
                return i;
            }
        }

        return -1;
    }

    private static string DataType(ColumnKind kind) => kind switch
    {
        ColumnKind.Number => "FP64",
        ColumnKind.Boolean => "BOOL",
        _ => "BYTES",
    };
}

/// <summary>The V2 model metadata answer.</summary>
public sealed record ModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorMetadata> Inputs, IReadOnlyList<TensorMetadata> Outputs);

public sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<int> Shape);

/// <summary>The V2 model ready answer.</summary>
public sealed record ModelReady(string Name, bool Ready);

/// <summary>The V2 inference answer.</summary>
public sealed record InferResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    string? Id,
    IReadOnlyList<OutputTensor> Outputs);

public sealed record OutputTensor(string Name, IReadOnlyList<int> Shape, string Datatype, IReadOnlyList<object> Data);
