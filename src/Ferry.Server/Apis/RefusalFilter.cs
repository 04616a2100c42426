namespace Ferry.Server.Apis;

/// <summary>Answers a <see cref="RequestRefusedException"/> thrown by any step of an endpoint of its group with the
/// refusal's problem (<see cref="ProblemResults.Refused(RequestRefusedException)"/>). It runs inside the endpoint, so
/// the headers a step set before refusing (Retry-After, Connection: close) are kept; every other exception goes on to
/// <see cref="ProblemExceptionHandler"/>.</summary>
internal sealed class RefusalFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RequestRefusedException refused)
        {
            return ProblemResults.Refused(refused);
        }
    }
}

internal static class RefusalFilterExtensions
{
    /// <summary>Answers the refusals of every endpoint of <paramref name="group"/>.</summary>
    public static RouteGroupBuilder AnswersRefusals(this RouteGroupBuilder group) => group.AddEndpointFilter<RouteGroupBuilder, RefusalFilter>();
}
