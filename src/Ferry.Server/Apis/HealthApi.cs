using Ferry.Server.Models;

namespace Ferry.Server.Apis;

/// <summary>Liveness and readiness probes.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        app.MapGet("/health/ready", (ModelHosts hosts) => TypedResults.Ok(new
        {
            status = "ready",
            model = hosts.First.Current.Manifest.Name,
            version = hosts.First.Current.Manifest.Version,
            models = hosts.All.Select(host => new { model = host.Current.Manifest.Name, version = host.Current.Manifest.Version }),
        }));
        return app;
    }
}
