using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace Ferry.Server.Apis;

/// <summary>MLflow's error answer, <c>{"error_code": ..., "message": ...}</c> as its scoring server's MlflowException
/// serializes it (application/json), with the problem's fields beside it; <see cref="Errors"/> names each bad field.</summary>
public sealed record MlflowError(
    [property: JsonPropertyName("error_code")] string ErrorCode,
    string Message,
    string Title,
    int Status,
    string? Detail,
    IDictionary<string, string[]>? Errors,
    string TraceId);

/// <summary>Every problem an endpoint marked with <see cref="AnswersMlflowErrors"/> answers (a refusal from
/// <see cref="RefusalFilter"/>, an exception from <see cref="ProblemExceptionHandler"/>: a body past the size limit, a store
/// that fails, a fault) is written in MLflow's shape by the one problem-details writer registered before the default one;
/// the status is kept and the error code is MLflow's for it (mlflow/exceptions.py ERROR_CODE_TO_HTTP_STATUS).</summary>
internal static class MlflowErrors
{
    public static TBuilder AnswersMlflowErrors<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointConventionBuilder => endpoints.WithMetadata(Marker.Instance);

    /// <summary>Registers the writer; before <c>AddProblemDetails</c>, so it is asked first.</summary>
    public static IServiceCollection AddMlflowErrors(this IServiceCollection services) =>
        services.AddSingleton<IProblemDetailsWriter, Writer>();

    /// <summary>MLflow's error code for a status: INVALID_PARAMETER_VALUE for a refused <c>params</c> (as its
    /// _enforce_params_schema answers), BAD_REQUEST for any other bad request (its parsers' code), and the code MLflow
    /// maps to each other status.</summary>
    public static string Code(int status, IDictionary<string, string[]>? errors) => status switch
    {
        StatusCodes.Status400BadRequest when errors is { Count: > 0 } && errors.Keys.All(key => key == "params" || key.StartsWith("params.", StringComparison.Ordinal)) => "INVALID_PARAMETER_VALUE",
        StatusCodes.Status404NotFound => "RESOURCE_DOES_NOT_EXIST",
        StatusCodes.Status413PayloadTooLarge => "RESOURCE_LIMIT_EXCEEDED",
        StatusCodes.Status503ServiceUnavailable => "TEMPORARILY_UNAVAILABLE",
        >= StatusCodes.Status500InternalServerError => "INTERNAL_ERROR",
        _ => "BAD_REQUEST",
    };

    private sealed class Writer : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null;

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var (http, problem) = (context.HttpContext, context.ProblemDetails);
            var status = problem.Status ?? http.Response.StatusCode;
            var errors = (problem as HttpValidationProblemDetails)?.Errors is { Count: > 0 } fields ? fields : null;
            var message = errors is null ? problem.Detail ?? problem.Title ?? ReasonPhrases.GetReasonPhrase(status)
                : string.Join("; ", errors.Take(10).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            var error = new MlflowError(Code(status, errors), message, problem.Title ?? ReasonPhrases.GetReasonPhrase(status), status, problem.Detail, errors,
                Activity.Current?.Id ?? http.TraceIdentifier);
            http.Response.StatusCode = status;
            return new ValueTask(http.Response.WriteAsJsonAsync(error, (JsonSerializerOptions?)null, "application/json", http.RequestAborted));
        }
    }

    private sealed class Marker
    {
        public static readonly Marker Instance = new();
    }
}
