using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace Ferry.Server.Apis;

/// <summary>A store that fails (its PostgreSQL server down, its disk full) makes the request that needed it a 503
/// problem naming the store's error, not a 500; predictions do not need the store and keep being answered.</summary>
internal sealed class StoreFailureHandler(IProblemDetailsService problems, ILogger<StoreFailureHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DbException)
        {
            return false;
        }

        logger.LogWarning("{Method} {Path}: the store failed: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "The store is unavailable.", Detail = exception.Message },
        });
    }
}
