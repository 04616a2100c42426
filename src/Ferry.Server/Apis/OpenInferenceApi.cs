using System.Globalization;
using System.Text.Json.Serialization;
using Ferry.Core;
using Ferry.Core.Data;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>The Open Inference (KServe V2) protocol (kserve/open-inference-protocol: inference_rest.md): server metadata
/// (`GET /v2`), liveness and readiness, each model's metadata and readiness, and `POST /v2/models/{name}/infer` with its
/// tensors read by <see cref="OpenInferenceTensors"/> (or <see cref="OpenInferenceBinary"/>) and answered by
/// <see cref="OpenInferenceOutputs"/>. Every model route also takes `/versions/{version}`: a version the server serves
/// (the champion, or the canary or challenger, which then answers instead); another is 404. Every error under /v2 is
/// the protocol's <see cref="OpenInferenceError"/>; an infer body without a Content-Type is JSON (tritonclient's
/// default), and Python's bare NaN, Infinity and -Infinity are missing values.</summary>
public static class OpenInferenceApi
{
    /// <summary>The extensions the server metadata lists: Triton's binary tensor data.</summary>
    private static readonly string[] s_extensions = ["binary_tensor_data"];

    public static IEndpointRouteBuilder MapOpenInferenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v2").WithTags("Open Inference").AnswersOpenInferenceErrors();
        api.MapGet("", () => TypedResults.Ok(new ServerMetadata("ferry", FerryVersion.Text, s_extensions))).WithName("OpenInferenceServerMetadata");
        api.MapGet("/health/live", () => TypedResults.Ok(new { live = true }));
        // A server listens only once its models are loaded, and is not ready once it drains to stop.
        api.MapGet("/health/ready", (ShutdownDrain drain) => drain.Draining
            ? Results.Json(new ServerReady(false), statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok(new ServerReady(true))).Produces<ServerReady>().Produces<ServerReady>(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/models/{name}", (string name, ModelHosts hosts) => Metadata(name, null, hosts)).WithName("OpenInferenceModelMetadata");
        api.MapGet("/models/{name}/versions/{version}", Metadata).WithName("OpenInferenceVersionMetadata");
        api.MapGet("/models/{name}/ready", (string name, ModelHosts hosts) => Ready(name, null, hosts)).WithName("OpenInferenceModelReady");
        api.MapGet("/models/{name}/versions/{version}/ready", Ready).WithName("OpenInferenceVersionReady");
        var infer = api.MapGroup("/models/{name}").CountsFailures().ReadsNonFiniteAsNull().ReadsMissingContentTypeAsJson();
        infer.MapPost("/infer", (string name, HttpRequest request, [AsParameters] PredictionServices services, CancellationToken cancellationToken) =>
            InferAsync(name, null, request, services, cancellationToken)).WithName("OpenInferenceInfer").Produces<InferResponse>();
        infer.MapPost("/versions/{version}/infer", InferAsync).WithName("OpenInferenceVersionInfer").Produces<InferResponse>();
        api.MapFallback("{**path}", RouteNotFound).ExcludeFromDescription();
        return app;
    }

    /// <summary>Model ready: 200 for a model (or version) this server serves (it is loaded before the server listens), 404 otherwise.</summary>
    private static Ok<ModelReady> Ready(string name, string? version, ModelHosts hosts) =>
        TypedResults.Ok(new ModelReady(Served(name, version, hosts).Manifest.Name, true));

    private static Ok<ModelMetadata> Metadata(string name, string? version, ModelHosts hosts)
    {
        var manifest = Served(name, version, hosts).Manifest;
        return TypedResults.Ok(new ModelMetadata(manifest.Name, [.. Roles(hosts.Find(name)!.Snapshot).Select(r => Text(r.Model))], "ferry",
            [.. manifest.Inputs.Select(i => new TensorMetadata(i.Name, DataType(i.Kind), [-1]))], OpenInferenceOutputs.Of(manifest)));
    }

    private static async Task<IResult> InferAsync(string name, string? version, HttpRequest request, [AsParameters] PredictionServices services, CancellationToken cancellationToken) =>
        await PredictionFlow.AnswerAsync(services, name, request, OpenInferenceBinary.ReadAsync,
            (body, manifest) =>
            {
                var rows = OpenInferenceTensors.Rows(body, manifest.Inputs, services.Options.Value.MaxRows);
                OpenInferenceOutputs.Requested(body.Json.RootElement, manifest);
                return rows;
            },
            (body, model, predictions) => OpenInferenceOutputs.Answer(request, body.Json.RootElement, model, predictions), cancellationToken,
            version is null ? null : serving => Version(serving, name, version, services.Hosts));

    /// <summary>The model named in the route, or its version named; refused (404) when it is not served here.</summary>
    private static LoadedModel Served(string name, string? version, ModelHosts hosts)
    {
        var host = hosts.Find(name) ?? throw RequestRefusedException.UnknownModel(name, hosts);
        return version is null ? host.Current : Version(host.Snapshot, name, version, hosts);
    }

    /// <summary>The served model of <paramref name="version"/>; refused (404) naming the versions served, and saying so when
    /// the registry holds that version but the server does not serve it.</summary>
    private static LoadedModel Version(Serving serving, string name, string version, ModelHosts hosts)
    {
        var roles = Roles(serving);
        if (roles.FirstOrDefault(r => Text(r.Model) == version) is { Model: { } model })
        {
            return model;
        }

        var registered = int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number.ToString(CultureInfo.InvariantCulture) == version && hosts.Find(name)!.Registry.Versions(name).Any(v => v.Version == number);
        throw new RequestRefusedException(RequestRefusal.NotFound, "Unknown version.",
            (registered ? $"version {version} of model '{name}' is in the registry but not served here" : $"model '{name}' has no version '{JsonRowReader.Shorten(version)}'")
            + $"; this server serves {string.Join(", ", roles.Select(r => $"{Text(r.Model)} ({r.Role})"))}");
    }

    /// <summary>The versions served and their roles, the champion first, each version once.</summary>
    private static IReadOnlyList<(LoadedModel Model, string Role)> Roles(Serving serving)
    {
        var roles = new List<(LoadedModel Model, string Role)> { (serving.Champion, "champion") };
        foreach (var (model, role) in new[] { (serving.Canary, "canary"), (serving.Challenger, "challenger") })
        {
            if (model is not null && roles.All(r => r.Model.Manifest.Version != model.Manifest.Version))
            {
                roles.Add((model, role));
            }
        }

        return roles;
    }

    private static string Text(LoadedModel model) => model.Manifest.Version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Any other path under /v2: 404 in the protocol's error shape, naming its routes.</summary>
    private static IResult RouteNotFound(HttpRequest request) => throw new RequestRefusedException(RequestRefusal.NotFound, "Not found.",
        $"no Open Inference route {request.Method} {request.Path}: the routes are GET /v2, GET /v2/health/live, GET /v2/health/ready, "
        + "GET /v2/models/{name}[/versions/{version}], GET /v2/models/{name}[/versions/{version}]/ready and POST /v2/models/{name}[/versions/{version}]/infer");

    private static string DataType(ColumnKind kind) => kind switch
    {
        ColumnKind.Number => "FP64",
        ColumnKind.Boolean => "BOOL",
        _ => "BYTES",
    };
}

/// <summary>The V2 server readiness answer (200 ready; 503 while the server drains to stop).</summary>
public sealed record ServerReady(bool Ready);

/// <summary>The V2 server metadata answer.</summary>
public sealed record ServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);

/// <summary>The V2 model metadata answer: the versions it may be asked for, its inputs and outputs.</summary>
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

/// <summary>One output tensor: its data, or with <see cref="Parameters"/> the size of its binary data after the JSON.</summary>
public sealed record OutputTensor(string Name, IReadOnlyList<int> Shape, string Datatype, OutputParameters? Parameters, IReadOnlyList<object>? Data);

/// <summary>An output's parameters: the bytes of its binary data (Triton's binary tensor data extension).</summary>
public sealed record OutputParameters([property: JsonPropertyName("binary_data_size")] long BinaryDataSize);
