using System.Globalization;
using System.Text.Json;
using Ferry.Core.Bundles;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;
using Ferry.Server.Models;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Apis;

/// <summary>The outputs an Open Inference request asks for and the answer made of them: a classifier's <c>label</c>
/// (BYTES) and <c>probabilities</c> (FP64, [n, classes]), a regression's <c>value</c> (FP64); all of them when the request
/// names none, else only those it names (an unknown name is refused, naming the model's). The request's
/// <c>binary_data_output</c> and each output's <c>binary_data</c> (which wins) ask for binary data
/// (<see cref="OpenInferenceBinary"/>); any other parameter is refused, never ignored.</summary>
internal static class OpenInferenceOutputs
{
    public const string BinaryDataOutput = "binary_data_output";
    public const string BinaryData = "binary_data";

    private static readonly string[] s_requestParameters = [BinaryDataOutput];
    private static readonly string[] s_outputParameters = [BinaryData];

    /// <summary>The model's outputs, as its metadata lists them.</summary>
    public static IReadOnlyList<TensorMetadata> Of(ModelManifest manifest) => manifest.Type.IsClassification()
        ? [new TensorMetadata("label", "BYTES", [-1]), new TensorMetadata("probabilities", "FP64", [-1, manifest.Classes.Count])]
        : [new TensorMetadata("value", "FP64", [-1])];

    /// <summary>The outputs the request asks for, each as binary data or not, checked before anything is predicted.</summary>
    public static IReadOnlyList<RequestedOutput> Requested(JsonElement root, ModelManifest manifest)
    {
        var binary = Flag(OpenInferenceTensors.Parameters(root, "parameters", s_requestParameters), BinaryDataOutput, "parameters") ?? false;
        string[] names = [.. Of(manifest).Select(o => o.Name)];
        if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind == JsonValueKind.Null)
        {
            return [.. names.Select(name => new RequestedOutput(name, binary))];
        }

        if (outputs.ValueKind != JsonValueKind.Array)
        {
            throw RequestRefusedException.Field("outputs", $"\"outputs\" must be a list of {{\"name\": ...}}, found {JsonRowReader.Describe(outputs.ValueKind)}");
        }

        var requested = new List<RequestedOutput>();
        var index = 0;
        foreach (var output in outputs.EnumerateArray())
        {
            var key = $"outputs[{index++}]";
            if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                throw RequestRefusedException.Field(key, "an output must be an object with a \"name\" string");
            }

            if (!names.Contains(name.GetString()))
            {
                throw RequestRefusedException.Field(key + ".name", $"unknown output '{JsonRowReader.Shorten(name.GetString()!)}': model '{manifest.Name}' has the outputs {string.Join(", ", names)}");
            }

            if (requested.Any(r => r.Name == name.GetString()))
            {
                throw RequestRefusedException.Field(key + ".name", $"output '{name.GetString()}' is asked for twice");
            }

            var parameters = OpenInferenceTensors.Parameters(output, key + ".parameters", s_outputParameters);
            requested.Add(new RequestedOutput(name.GetString()!, Flag(parameters, BinaryData, key + ".parameters") ?? binary));
        }

        return requested.Count > 0 ? requested : throw RequestRefusedException.Field("outputs", $"\"outputs\" names no output: leave it out for all of them ({string.Join(", ", names)})");
    }

    /// <summary>The answer: JSON, or with any output asked as binary the JSON header and those outputs' bytes after it
    /// (application/octet-stream, its length in <see cref="OpenInferenceBinary.Header"/>), as tritonclient reads it.</summary>
    public static IResult Answer(HttpRequest request, JsonElement root, LoadedModel model, PredictionResult[] predictions)
    {
        var manifest = model.Manifest;
        var binary = new List<byte[]>();
        var outputs = new List<OutputTensor>();
        foreach (var output in Requested(root, manifest))
        {
            var (shape, datatype, data) = Values(output.Name, manifest, predictions);
            if (output.Binary)
            {
                binary.Add(OpenInferenceBinary.Encode(data));
                outputs.Add(new OutputTensor(output.Name, shape, datatype, new OutputParameters(binary[^1].Length), null));
            }
            else
            {
                outputs.Add(new OutputTensor(output.Name, shape, datatype, null, data));
            }
        }

        var answer = new InferResponse(manifest.Name, manifest.Version.ToString(CultureInfo.InvariantCulture),
            root.TryGetProperty("id", out var id) ? id.GetString() : null, outputs);
        if (binary.Count == 0)
        {
            return TypedResults.Ok(answer);
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(answer, request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions);
        request.HttpContext.Response.Headers[OpenInferenceBinary.Header] = json.Length.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Bytes(OpenInferenceBinary.Body(json, binary), OpenInferenceBinary.ContentType);
    }

    private static (IReadOnlyList<int> Shape, string Datatype, IReadOnlyList<object> Data) Values(string name, ModelManifest manifest, PredictionResult[] predictions) => name switch
    {
        "label" => ([predictions.Length], "BYTES", [.. predictions.Select(p => (object)p.Label!)]),
        "probabilities" => ([predictions.Length, manifest.Classes.Count], "FP64", [.. predictions.SelectMany(p => manifest.Classes.Select(c => (object)p.Probabilities![c]))]),
        _ => ([predictions.Length], "FP64", [.. predictions.Select(p => (object)p.Value!)]),
    };

    /// <summary>A boolean parameter, or null when it is not given.</summary>
    private static bool? Flag(JsonElement? parameters, string name, string key) =>
        parameters is { } found && found.TryGetProperty(name, out var flag)
            ? flag.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw RequestRefusedException.Field($"{key}.{name}", $"\"{name}\" must be true or false, found {OpenInferenceTensors.Shorten(flag)}"),
            }
            : null;
}

/// <summary>An output the request asks for, and whether as binary data.</summary>
internal sealed record RequestedOutput(string Name, bool Binary);
