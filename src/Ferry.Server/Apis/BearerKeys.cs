using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Apis;

/// <summary>Endpoint metadata: the endpoint answers 401 unless the request carries the admin key or, for
/// <see cref="Feedback"/>, the feedback key; feedback stays open while no feedback key is set.</summary>
internal sealed record BearerKeyRequirement(bool OrFeedbackKey)
{
    public static readonly BearerKeyRequirement Admin = new(false);
    public static readonly BearerKeyRequirement Feedback = new(true);
}

/// <summary>The one bearer-key check of the admin and feedback endpoints. It runs as middleware on the endpoint's
/// <see cref="BearerKeyRequirement"/>, before the endpoint binds its body, so a request without the key gets 401 whatever
/// its body holds. Keys are compared in constant time.</summary>
internal static class BearerKeys
{
    public static TBuilder RequireKey<TBuilder>(this TBuilder builder, BearerKeyRequirement requirement)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(requirement);

    /// <summary>Whether the request's `Authorization: Bearer` header holds <paramref name="key"/> (never without a key).</summary>
    public static bool Carries(HttpRequest request, string? key)
    {
        var header = request.Headers.Authorization.ToString();
        var given = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : "";
        return !string.IsNullOrEmpty(key) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));
    }

    public static IApplicationBuilder UseBearerKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<BearerKeyRequirement>() is not { } requirement)
        {
            await next(context);
            return;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<ServeOptions>>().Value;
        var open = requirement.OrFeedbackKey && string.IsNullOrEmpty(options.FeedbackKey);
        if (open || Carries(context.Request, options.AdminKey) || (requirement.OrFeedbackKey && Carries(context.Request, options.FeedbackKey)))
        {
            await next(context);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        var detail = requirement.OrFeedbackKey ? "feedback needs Authorization: Bearer <FERRY_FEEDBACK_KEY> (or the admin key)"
            : string.IsNullOrEmpty(options.AdminKey) ? "admin endpoints are disabled: start the server with FERRY_ADMIN_KEY set"
            : "send Authorization: Bearer <FERRY_ADMIN_KEY>";
        await ProblemResults.Problem(StatusCodes.Status401Unauthorized, "Unauthorized.", detail).ExecuteAsync(context);
    });
}
