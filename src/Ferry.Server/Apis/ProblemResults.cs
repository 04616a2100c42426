using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>application/problem+json answers naming what was wrong.</summary>
internal static class ProblemResults
{
    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult UnknownModel(string name, Models.ModelHosts hosts) =>
        Problem(StatusCodes.Status404NotFound, "Unknown model.", $"no model named '{name}' is served here (serving {hosts.Names})");

    public static ProblemHttpResult ModelNotNamed(Models.ModelHosts hosts) =>
        Problem(StatusCodes.Status400BadRequest, "Which model?", $"this server serves {hosts.Names}: name one with ?model=NAME");

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.SelectMany(e => e.Value).Take(10)), title: "The request has invalid fields.");
}
