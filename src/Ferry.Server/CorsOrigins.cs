using Ferry.Core;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Ferry.Server;

/// <summary>The browser origins allowed to call the API from another origin (<see cref="ServeOptions.Cors"/>, from
/// `ferry serve --cors`): none by default, so no Access-Control-* header is ever sent. Each is an absolute http(s)
/// origin without a path (a scheme, a host and a port if not the default), or `*` alone for any origin, in which case
/// credentials (cookies, HTTP authentication) are not allowed.</summary>
internal static class CorsOrigins
{
    public const string AnyOrigin = "*";

    /// <summary>The policy for <paramref name="origins"/>, or null when there are none; an origin that is not one throws
    /// a <see cref="FerryException"/> naming it and the expected form.</summary>
    public static CorsPolicy? Policy(IReadOnlyList<string> origins)
    {
        if (origins.Count == 0)
        {
            return null;
        }

        var policy = new CorsPolicyBuilder().WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("Content-Type", "Content-Encoding", "Authorization").WithExposedHeaders("Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        if (origins.Contains(AnyOrigin))
        {
            return origins.Count == 1 ? policy.AllowAnyOrigin().Build()
                : throw new FerryException($"CORS origin '{AnyOrigin}' already allows every origin: give it alone, not with {string.Join(", ", origins.Where(origin => origin != AnyOrigin))}");
        }

        return policy.WithOrigins([.. origins.Select(Normalized)]).AllowCredentials().Build();
    }

    /// <summary>The origin as a browser sends it (scheme and host lowercase, no default port, no trailing slash).</summary>
    private static string Normalized(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && Uri.CheckHostName(uri.IdnHost) != UriHostNameType.Unknown && uri.UserInfo.Length == 0 && uri.AbsolutePath == "/"
        && uri.Query.Length == 0 && uri.Fragment.Length == 0 && !origin.EndsWith('#') && !origin.EndsWith('?')
            ? uri.GetLeftPart(UriPartial.Authority)
            : throw new FerryException($"CORS origin '{origin}' is not an origin: expected an absolute http or https URL without a path, "
                + $"such as https://app.example.com or http://localhost:3000 (or '{AnyOrigin}' for any origin)");
}
