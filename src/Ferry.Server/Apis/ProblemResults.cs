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

    /// <summary>The status and title of a user error of Ferry's by its kind: 404 for something named that does not exist,
    /// 422 for a change understood and refused, 400 for bad input.</summary>
    public static (int Status, string Title) Of(Core.FerryErrorKind kind) => kind switch
    {
        Core.FerryErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found."),
        Core.FerryErrorKind.Refused => (StatusCodes.Status422UnprocessableEntity, "The change was refused."),
        _ => (StatusCodes.Status400BadRequest, "The request is invalid."),
    };

    public static ProblemHttpResult Refused(Core.FerryException error)
    {
        var (status, title) = Of(error.Kind);
        return Problem(status, title, error.Message);
    }

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.SelectMany(e => e.Value).Take(10)), title: "The request has invalid fields.");
}
