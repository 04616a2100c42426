using Microsoft.OpenApi;

namespace Ferry.Server.Apis.OpenApi;

/// <summary>The error bodies, by protocol: application/problem+json (RFC 9457) on Ferry's own routes, MLflow's
/// <c>{"error_code", "message"}</c> on /invocations and the Open Inference protocol's <c>{"error"}</c> under /v2.</summary>
internal static class ErrorSchemas
{
    public const string Problem = "Problem";
    public const string MlflowError = "MlflowError";
    public const string OpenInferenceError = "OpenInferenceError";

    public static IEnumerable<(string Name, OpenApiSchema Schema)> Components()
    {
        yield return (Problem, Schemas.Object(
            "RFC 9457 problem details naming what was wrong; a 400 for bad fields lists each under `errors`. Some answers add members: "
            + "`unknownIds` (feedback ids that match no logged prediction), `conflicts` (labels already recorded).",
            ["type", "title", "status", "detail"],
            ("type", Schemas.String("A URI reference of the kind of problem.")),
            ("title", Schemas.String("A short summary of the kind of problem.")),
            ("status", Schemas.Integer("The HTTP status.")),
            ("detail", Schemas.String("What exactly was wrong: the field, row, column and what was expected.")),
            ("instance", Schemas.String()),
            ("traceId", Schemas.String("The trace id, as logged with the answer.")),
            ("errors", new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Each bad field (`rows[2].age`, `inputs[0].shape`) with its messages.",
                AdditionalProperties = Schemas.Array(Schemas.String()),
            })));
        yield return (MlflowError, Schemas.Object(
            "MLflow's scoring-server error (as MLflow's clients read it); problem-details members may be present as well.",
            ["error_code", "message"],
            ("error_code", Schemas.String("MLflow's error code, such as BAD_REQUEST.")),
            ("message", Schemas.String("What was wrong."))));
        yield return (OpenInferenceError, Schemas.Object(
            "The Open Inference (KServe V2) protocol's error (as tritonclient and KServe's clients read it); problem-details members may be present as well.",
            ["error"],
            ("error", Schemas.String("What was wrong."))));
    }

    /// <summary>The error body of the route at <paramref name="path"/> and its media type.</summary>
    public static (string Name, string MediaType) For(string path) =>
        path.StartsWith("/invocations", StringComparison.Ordinal) ? (MlflowError, "application/json")
        : path.StartsWith("/v2", StringComparison.Ordinal) ? (OpenInferenceError, "application/json")
        : (Problem, "application/problem+json");
}
