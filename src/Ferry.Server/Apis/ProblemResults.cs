using Ferry.Core;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>application/problem+json answers naming what was wrong, and the one mapping of each kind of error to its status.</summary>
internal static class ProblemResults
{
    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult UnknownModel(string name, ModelHosts hosts) => Problem(RequestRefusedException.UnknownModel(name, hosts));

    /// <summary>The status and title of a user error of Ferry's by its kind: 404 for something named that does not exist,
    /// 422 for a change understood and refused, 400 for bad input.</summary>
    public static (int Status, string Title) Of(FerryErrorKind kind) => kind switch
    {
        FerryErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found."),
        FerryErrorKind.Refused => (StatusCodes.Status422UnprocessableEntity, "The change was refused."),
        _ => (StatusCodes.Status400BadRequest, "The request is invalid."),
    };

    /// <summary>The status of a refused request by its kind.</summary>
    public static int Status(RequestRefusal kind) => kind switch
    {
        RequestRefusal.NotFound => StatusCodes.Status404NotFound,
        RequestRefusal.TooLarge => StatusCodes.Status413PayloadTooLarge,
        RequestRefusal.Unsupported => StatusCodes.Status415UnsupportedMediaType,
        RequestRefusal.AtCapacity => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static ProblemHttpResult Refused(FerryException error)
    {
        var (status, title) = Of(error.Kind);
        return Problem(status, title, error.Message);
    }

    /// <summary>A refused request: a validation problem listing its fields, or the problem of its kind.</summary>
    public static IResult Refused(RequestRefusedException refused) => refused.Errors is { } errors
        ? TypedResults.ValidationProblem(errors, detail: refused.Message, title: refused.Title)
        : Problem(refused);

    private static ProblemHttpResult Problem(RequestRefusedException refused) => Problem(Status(refused.Kind), refused.Title, refused.Message);
}
