namespace Ferry.Server.Apis;

/// <summary>The Open Inference protocol's error answer, <c>{"error": "..."}</c> (inference_rest.md: every failed request's
/// body; tritonclient and KServe's client read <c>error</c>), application/json, with the problem's fields beside it;
/// <see cref="Errors"/> names each bad field.</summary>
public sealed record OpenInferenceError(string Error, string Title, int Status, string? Detail, IDictionary<string, string[]>? Errors, string TraceId);

/// <summary>Every problem an endpoint marked with <see cref="AnswersOpenInferenceErrors"/> answers is written as
/// <see cref="OpenInferenceError"/> (<see cref="ProtocolErrors"/>), its status kept.</summary>
internal static class OpenInferenceErrors
{
    public static TBuilder AnswersOpenInferenceErrors<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointConventionBuilder => endpoints.AnswersIn(problem =>
            new OpenInferenceError(problem.Message, problem.Title, problem.Status, problem.Detail, problem.Errors, problem.TraceId));
}
