using System.Text.Json.Serialization;

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

/// <summary>Every problem an endpoint marked with <see cref="AnswersMlflowErrors"/> answers is written in MLflow's shape
/// (<see cref="ProtocolErrors"/>); the status is kept and the error code is MLflow's for it (mlflow/exceptions.py
/// ERROR_CODE_TO_HTTP_STATUS).</summary>
internal static class MlflowErrors
{
    public static TBuilder AnswersMlflowErrors<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointConventionBuilder => endpoints.AnswersIn(problem =>
            new MlflowError(Code(problem.Status, problem.Errors), problem.Message, problem.Title, problem.Status, problem.Detail, problem.Errors, problem.TraceId));

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
}
