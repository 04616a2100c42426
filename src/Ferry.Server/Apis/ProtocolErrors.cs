using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Ferry.Server.Apis;

/// <summary>Every problem an endpoint marked with <see cref="AnswersIn"/> answers (a refusal from
/// <see cref="RefusalFilter"/>, an exception from <see cref="ProblemExceptionHandler"/>: a body past the size limit, a store
/// that fails, a fault) is written in its protocol's own error shape (MLflow's <see cref="MlflowErrors"/>, the Open
/// Inference protocol's <see cref="OpenInferenceErrors"/>) by the one problem-details writer registered before the default
/// one, as application/json with the problem's status kept. The marker is endpoint metadata carrying the shape, so a
/// protocol's clients get its errors on its routes only, and every other route keeps problem+json.</summary>
internal static class ProtocolErrors
{
    /// <summary>Answers the problems of <paramref name="endpoints"/> in <paramref name="shape"/>.</summary>
    public static TBuilder AnswersIn<TBuilder>(this TBuilder endpoints, Func<ProtocolProblem, object> shape)
        where TBuilder : IEndpointConventionBuilder => endpoints.WithMetadata(new Shape(shape));

    /// <summary>Registers the writer; before <c>AddProblemDetails</c>, so it is asked first.</summary>
    public static IServiceCollection AddProtocolErrors(this IServiceCollection services) =>
        services.AddSingleton<IProblemDetailsWriter, Writer>();

    private sealed class Writer : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Shape>() is not null;

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var (http, problem) = (context.HttpContext, context.ProblemDetails);
            var status = problem.Status ?? http.Response.StatusCode;
            var errors = (problem as HttpValidationProblemDetails)?.Errors is { Count: > 0 } fields ? fields : null;
            var message = errors is null ? problem.Detail ?? problem.Title ?? ReasonPhrases.GetReasonPhrase(status)
                : string.Join("; ", errors.Take(10).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            var error = http.GetEndpoint()!.Metadata.GetMetadata<Shape>()!.Of(new ProtocolProblem(status, message,
                problem.Title ?? ReasonPhrases.GetReasonPhrase(status), problem.Detail, errors, Activity.Current?.Id ?? http.TraceIdentifier));
            http.Response.StatusCode = status;
            return new ValueTask(http.Response.WriteAsJsonAsync(error, error.GetType(), (System.Text.Json.JsonSerializerOptions?)null, "application/json", http.RequestAborted));
        }
    }

    private sealed record Shape(Func<ProtocolProblem, object> Of);
}

/// <summary>A problem as a protocol's error shape takes it: the status, one line saying what was wrong (each bad field
/// with its messages, at most 10), and the problem's own fields.</summary>
internal sealed record ProtocolProblem(int Status, string Message, string Title, string? Detail, IDictionary<string, string[]>? Errors, string TraceId);
