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

    private static Results<Ok<RunsAnswer>, ProblemHttpResult> Runs(string name, string? limit, ModelHosts hosts, IRunStore runs)
    {
        if (hosts.Find(name) is null)
        {
            return ProblemResults.UnknownModel(name, hosts);
        }

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count)
            || count is < 1 or > MaxLimit))
        {
            var (status, title) = ProblemResults.Of(Core.FerryErrorKind.Invalid);
            return ProblemResults.Problem(status, title,
                $"limit must be a whole number from 1 to {MaxLimit}; got '{JsonRowReader.Shorten(limit)}'");
        }

        return TypedResults.Ok(new RunsAnswer(name, runs.Runs(name, count)));
    }
}

/// <summary>A model's runs, newest first.</summary>
public sealed record RunsAnswer(string Model, IReadOnlyList<RetrainRun> Runs);
