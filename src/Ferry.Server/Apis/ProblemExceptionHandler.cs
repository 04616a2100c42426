using System.Data.Common;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Ferry.Server.Apis;

/// <summary>The one mapping from an exception to the answer, for every endpoint, as problem+json: a bad request that
/// Kestrel or a decoder refused (a body past the size limit, a malformed chunked body, bytes that are not UTF-8) is
/// its 4xx, logged at debug; a user error of Ferry's is answered by its kind (<see cref="Core.FerryErrorKind"/>: 400,
/// 404, 422); a store that fails (its PostgreSQL server down, its disk full) is 503 naming the store's
/// error (predictions do not need the store and keep being answered); anything else is a fault of Ferry's: 500, logged
/// once at error.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = Map(httpContext, exception);

        // The exception handler cleared the endpoint; put it back so /metrics counts this answer under its endpoint.
        httpContext.SetEndpoint(httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private (int Status, string Title, string Detail) Map(HttpContext context, Exception exception)
    {
        var request = context.Request;
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                logger.LogDebug("{Method} {Path}: the body is too large", request.Method, request.Path);
                return (StatusCodes.Status413PayloadTooLarge, "The body is too large.",
                    $"the body is larger than the server's limit of {context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes; send fewer rows per request");
            case BadHttpRequestException bad:
                logger.LogDebug("{Method} {Path}: bad request: {Reason}", request.Method, request.Path, bad.Message);
                return (bad.StatusCode, "Bad request.", bad.Message);
            case DecoderFallbackException:
                logger.LogDebug("{Method} {Path}: the request is not valid UTF-8", request.Method, request.Path);
                return (StatusCodes.Status400BadRequest, "Bad request.", "the request is not valid UTF-8");
            case Core.FerryException error:
                logger.LogDebug("{Method} {Path}: refused: {Reason}", request.Method, request.Path, error.Message);
                var (status, title) = ProblemResults.Of(error.Kind);
                return (status, title, error.Message);
            case DbException:
                logger.LogWarning("{Method} {Path}: the store failed: {Reason}", request.Method, request.Path, exception.Message);
                return (StatusCodes.Status503ServiceUnavailable, "The store is unavailable.", exception.Message);
            default:
                logger.LogError(exception, "{Method} {Path} failed", request.Method, request.Path);
                return (StatusCodes.Status500InternalServerError, "Ferry failed to answer.", "an internal error of the server, logged with this answer's traceId");
        }
    }
}
