using Ferry.Core;
using Ferry.Core.Lifecycle;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>Admin verbs behind `Authorization: Bearer &lt;FERRY_ADMIN_KEY&gt;`: promote a version, roll back the
/// latest promotion, reload the champion, start or stop a challenger in shadow. Each swaps the served model in place,
/// with no restart. The key is checked before the body is read (<see cref="BearerKeys"/>).</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/models/{name}").WithTags("Admin").RequireKey(BearerKeyRequirement.Admin);
        admin.MapPost("/promote", PromoteAsync);
        admin.MapPost("/rollback", (string name, [AsParameters] AdminServices services) => Change(name, services.Hosts, registry => registry.Rollback(name)));
        admin.MapPost("/reload", (string name, [AsParameters] AdminServices services) => Change(name, services.Hosts, _ => { }));
        admin.MapPost("/challenge", ChallengeAsync);
        admin.MapPost("/monitoring/judge", MonitoringApi.JudgeAsync);
        return app;
    }

    /// <summary>The verb's body is read by the one JSON parser (<see cref="JsonBody"/>), so a body that is not JSON or does
    /// not fit is 400 naming what was wrong, before the verb.</summary>
    private static async Task<Results<Ok<ModelSummary>, ProblemHttpResult>> PromoteAsync(
        string name, HttpRequest http, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadAsync<PromoteRequest>(http, cancellationToken);
        return Change(name, services.Hosts, registry => PromotionPolicy.Promote(registry, name, request.Version, services.Time.GetUtcNow(), request.Force));
    }

    /// <summary>Starts the body's version as the challenger in shadow, or stops the challenger when it names none.</summary>
    private static async Task<Results<Ok<ModelSummary>, ProblemHttpResult>> ChallengeAsync(
        string name, HttpRequest http, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadAsync<ChallengeRequest>(http, cancellationToken);
        return Change(name, services.Hosts, registry =>
            _ = request.Version is { } version ? registry.Challenge(name, version, services.Time.GetUtcNow()).Version : registry.StopChallenge(name));
    }

    private static Results<Ok<ModelSummary>, ProblemHttpResult> Change(string name, ModelHosts hosts, Action<Core.Storage.ModelRegistry> change)
    {
        if (hosts.Find(name) is not { } host)
        {
            return ProblemResults.UnknownModel(name, hosts);
        }

        try
        {
            change(host.Registry);
            return TypedResults.Ok(ModelsApi.Summary(host.Reload()));
        }
        catch (FerryException e)
        {
            return ProblemResults.Refused(e);
        }
    }
}

/// <summary>The body of `POST /v1/models/{name}/promote`.</summary>
public sealed record PromoteRequest(int Version, bool Force = false);

/// <summary>The body of `POST /v1/models/{name}/challenge`: the version to shadow the champion with, or null to stop.</summary>
public sealed record ChallengeRequest(int? Version);
