using Ferry.Core.Storage;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>`GET /v1/models/{name}/runs`: the runs of the retraining loop, newest first, the open one with its stage.</summary>
public static class RunsApi
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/models/{name}").WithTags("Runs").MapGet("/runs", Runs);
        return app;
    }

    private static Results<Ok<RunsAnswer>, ProblemHttpResult> Runs(string name, int? limit, ModelHosts hosts, IRunStore runs)
    {
        if (hosts.Find(name) is null)
        {
            return ProblemResults.UnknownModel(name, hosts);
        }

        if (limit is < 1 or > MaxLimit)
        {
            return ProblemResults.Problem(StatusCodes.Status400BadRequest, "The request is invalid.", $"limit must be between 1 and {MaxLimit}; got {limit}");
        }

        return TypedResults.Ok(new RunsAnswer(name, runs.Runs(name, limit ?? DefaultLimit)));
    }
}

/// <summary>A model's runs, newest first.</summary>
public sealed record RunsAnswer(string Model, IReadOnlyList<RetrainRun> Runs);
