using Ferry.Server.Models;
using Ferry.Server.Monitoring;

namespace Ferry.Server.Apis;

/// <summary>Logs each prediction request that was not answered 2xx as a failure for monitoring, with the status the
/// client received: a refused row, a body that is not JSON, a request past capacity, a fault of Ferry's (500, set by
/// <see cref="ProblemExceptionHandler"/>, which this wraps). Only endpoints marked with <see cref="CountsFailures"/>
/// are counted, for the model <see cref="PredictionFlow"/> chose.</summary>
internal static class FailedPredictions
{
    private static readonly object s_modelKey = new();

    /// <summary>Marks the endpoints whose failed requests are logged.</summary>
    public static TBuilder CountsFailures<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointConventionBuilder => endpoints.WithMetadata(Marker.Instance);

    /// <summary>Notes the model a request is answered with.</summary>
    public static void Serving(HttpContext context, LoadedModel model) => context.Items[s_modelKey] = model;

    public static IApplicationBuilder UseFailedPredictionLog(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var counted = context.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null;
        await next(context);
        if (counted && context.Response.StatusCode >= StatusCodes.Status400BadRequest && context.Items[s_modelKey] is LoadedModel model)
        {
            context.RequestServices.GetRequiredService<PredictionRecorder>().Failed(model, context.Response.StatusCode);
        }
    });

    private sealed class Marker
    {
        public static readonly Marker Instance = new();
    }
}
