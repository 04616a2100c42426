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
        var admin = app.MapGroup("/v1/models/{name}").RequireKey(BearerKeyRequirement.Admin);
        admin.MapPost("/promote", (string name, HttpRequest http, ModelHosts hosts, TimeProvider time, CancellationToken cancellationToken) =>
            WithBodyAsync<PromoteRequest>(http, cancellationToken, request =>
                Change(name, hosts, registry => PromotionPolicy.Promote(registry, name, request.Version, time.GetUtcNow(), request.Force))));
        admin.MapPost("/rollback", (string name, ModelHosts hosts) => Change(name, hosts, registry => registry.Rollback(name)));
        admin.MapPost("/reload", (string name, ModelHosts hosts) => Change(name, hosts, _ => { }));
        admin.MapPost("/challenge", (string name, HttpRequest http, ModelHosts hosts, TimeProvider time, CancellationToken cancellationToken) =>
            WithBodyAsync<ChallengeRequest>(http, cancellationToken, request =>
                Change(name, hosts, registry => _ = request.Version is { } version ? registry.Challenge(name, version, time.GetUtcNow()).Version : registry.StopChallenge(name))));
        admin.MapPost("/monitoring/judge", MonitoringApi.JudgeAsync);
        return app;
    }

    /// <summary>The verb's body read by the one JSON parser (<see cref="JsonBody"/>), so a body that is not JSON or does not
    /// fit is 400 naming what was wrong, then the verb.</summary>
    private static async Task<Results<Ok<ModelSummary>, ProblemHttpResult>> WithBodyAsync<T>(
        HttpRequest http, CancellationToken cancellationToken, Func<T, Results<Ok<ModelSummary>, ProblemHttpResult>> verb)
        where T : class
    {
        var (request, problem) = await JsonBody.ReadAsync<T>(http, cancellationToken);
        return problem ?? (Results<Ok<ModelSummary>, ProblemHttpResult>)verb(request!);
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
