using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;
using Ferry.Server.Models;
using Ferry.Server.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Apis;

/// <summary>The Open Inference (KServe V2) protocol: `POST /v2/models/{name}/infer` with one input tensor per
/// column (<c>{"name": column, "shape": [n], "datatype": ..., "data": [...]}</c>) or one tensor of shape [n, k]
/// whose columns are the model's inputs in order; metadata and health under /v2.</summary>
public static class OpenInferenceApi
{
    public static IEndpointRouteBuilder MapOpenInferenceApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/health/live", () => TypedResults.Ok(new { live = true }));
        app.MapGet("/v2/health/ready", () => TypedResults.Ok(new { ready = true })); // a server listens only once its models are loaded
        app.MapGet("/v2/models/{name}", Metadata);
        app.MapPost("/v2/models/{name}/infer", InferAsync).WithName("OpenInferenceInfer");
        return app;
    }

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

    private static async Task<Results<Ok<InferResponse>, ValidationProblem, ProblemHttpResult>> InferAsync(
        string name, HttpRequest request, ModelHosts hosts, IOptions<ServeOptions> options, ServerMetrics metrics, PredictionRecorder recorder, CancellationToken cancellationToken)
    {
        var (model, document, problem) = await RowPredictions.ReadAsync(name, request, hosts, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
            {
                return ProblemResults.Invalid(new() { ["inputs"] = ["expected {\"inputs\": [{\"name\": ..., \"shape\": [...], \"datatype\": ..., \"data\": [...]}]}"] });
            }

            var rows = Rows([.. inputs.EnumerateArray()], model!.Manifest.Inputs, out var error);
            if (rows is null)
            {
                return ProblemResults.Invalid(new() { ["inputs"] = [error!] });
            }

            var id = root.TryGetProperty("id", out var given) && given.ValueKind == JsonValueKind.String ? given.GetString() : null;
            return RowPredictions.Predict(model, rows, i => $"inputs[row {i}].", options, metrics, recorder)
                .Answer(predictions => Response(model.Manifest, predictions, id));
        }
    }

    private static InferResponse Response(ModelManifest manifest, PredictionResult[] predictions, string? id)
    {
        List<OutputTensor> outputs = manifest.Type.IsClassification()
                ? [new("label", [predictions.Length], "BYTES", [.. predictions.Select(p => (object)p.Label!)]),
                   new("probabilities", [predictions.Length, manifest.Classes.Count], "FP64",
                       [.. predictions.SelectMany(p => manifest.Classes.Select(c => (object)p.Probabilities![c]))])]
                : [new("value", [predictions.Length], "FP64", [.. predictions.Select(p => (object)p.Value!)])];
        return new InferResponse(manifest.Name, manifest.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), id, outputs);
    }

    private static List<Func<string, JsonElement?>>? Rows(JsonElement[] tensors, IReadOnlyList<ColumnInfo> schema, out string? error)
    {
        error = null;
        if (tensors.Length == 1 && Shape(tensors[0]) is [var count, var width] && width == schema.Count)
        {
            var data = tensors[0].GetProperty("data").EnumerateArray().ToArray();
            if (data.Length != count * width)
            {
                error = $"tensor '{Name(tensors[0])}' has shape [{count}, {width}] but {data.Length} values";
                return null;
            }

            return [.. Enumerable.Range(0, count).Select(r => (Func<string, JsonElement?>)(column =>
                Index(schema, column) is var at and >= 0 ? data[r * width + at] : null))];
        }

        var columns = new Dictionary<string, JsonElement[]>();
        foreach (var tensor in tensors)
        {
            if (!tensor.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                error = $"tensor '{Name(tensor)}' needs a \"data\" array";
                return null;
            }

            columns[Name(tensor)] = [.. data.EnumerateArray()];
        }

        var lengths = columns.Values.Select(c => c.Length).Distinct().ToArray();
        if (lengths.Length != 1)
        {
            error = "every input tensor must hold the same number of values (one per row)";
            return null;
        }

        return [.. Enumerable.Range(0, lengths[0]).Select(r => (Func<string, JsonElement?>)(column => columns.TryGetValue(column, out var values) ? values[r] : null))];
    }

    private static int[]? Shape(JsonElement tensor) =>
        tensor.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Array && shape.EnumerateArray().All(d => d.ValueKind == JsonValueKind.Number)
            ? [.. shape.EnumerateArray().Select(d => d.GetInt32())]
            : null;

    private static string Name(JsonElement tensor) =>
        tensor.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : "";

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

/// <summary>The V2 inference answer.</summary>
public sealed record InferResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    string? Id,
    IReadOnlyList<OutputTensor> Outputs);

public sealed record OutputTensor(string Name, IReadOnlyList<int> Shape, string Datatype, IReadOnlyList<object> Data);
