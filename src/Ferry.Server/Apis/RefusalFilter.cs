namespace Ferry.Server.Apis;

/// <summary>Answers a <see cref="RequestRefusedException"/> thrown by any step of an endpoint with the refusal's problem
/// (<see cref="ProblemResults.Refused(RequestRefusedException)"/>); <see cref="FerryServerApp"/> puts it on the group of
/// every endpoint. It runs inside the endpoint, so the headers a step set before refusing (Retry-After,
/// Connection: close) are kept and no exception-handler headers are added; every other exception goes on to
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
    /// <summary>Answers the refusals of every endpoint of <paramref name="group"/> and of the groups within it.</summary>
    public static RouteGroupBuilder AnswersRefusals(this RouteGroupBuilder group) => group.AddEndpointFilter<RouteGroupBuilder, RefusalFilter>();
}
