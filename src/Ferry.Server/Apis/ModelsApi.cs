using Ferry.Core.Spec;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>`GET /v1/models` and `GET /v1/models/{name}`: what is served, its schema, metrics and the registry's versions.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/models").WithTags("Models");
        api.MapGet("", (ModelHosts hosts) => TypedResults.Ok(hosts.All.Select(host => Summary(host.Current)).ToArray()));
        api.MapGet("/{name}", Details);
        return app;
    }

    private static Results<Ok<ModelDetails>, ProblemHttpResult> Details(string name, ModelHosts hosts)
    {
        if (hosts.Find(name) is not { } host)
        {
            return ProblemResults.UnknownModel(name, hosts);
        }

        var model = host.Current;
        var manifest = model.Manifest;
        return TypedResults.Ok(new ModelDetails(
            Summary(model),
            host.Registry.Alias(name, Core.Storage.ModelRegistry.Champion),
            host.Challenger?.Manifest.Version,
            host.Canary?.Manifest.Version,
            [.. manifest.Inputs.Select(i => new InputField(i.Name, i.Kind.ToString().ToLowerInvariant()))],
            manifest.Classes,
            host.Registry.Versions(name)));
    }

    internal static ModelSummary Summary(LoadedModel model) => new(
        model.Manifest.Name, model.Manifest.Version, model.Manifest.Type.ToName(), model.Manifest.Candidate, model.Manifest.Metrics, model.Manifest.CreatedAt);
}

public sealed record ModelSummary(string Name, int Version, string Type, string Candidate, IReadOnlyDictionary<string, double> Metrics, DateTimeOffset CreatedAt);

public sealed record InputField(string Name, string Kind);

/// <summary>`GET /v1/models/{name}`: what is served, and the registry around it.</summary>
/// <param name="Serving">The version answering requests.</param>
/// <param name="Champion">The registry's champion.</param>
/// <param name="Shadow">The challenger this server scores every request with in shadow, or null.</param>
/// <param name="Canary">The version this server has answer a share of the requests instead of the champion, or null.</param>
/// <param name="Schema">The inputs a request gives.</param>
/// <param name="Classes">The classes a classifier answers with.</param>
/// <param name="Versions">Every registered version.</param>
public sealed record ModelDetails(ModelSummary Serving, int? Champion, int? Shadow, int? Canary, IReadOnlyList<InputField> Schema, IReadOnlyList<string> Classes, IReadOnlyList<Core.Storage.ModelVersion> Versions);
