using System.Net;
using Ferry.Core.Monitoring;
using Ferry.Server.Models;
using Ferry.Server.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>`GET /v1/models/{name}/monitoring`: drift, performance, staleness, health and alerts, judged now; `GET /dashboard`: the same as a page of charts.</summary>
public static class MonitoringApi
{
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models/{name}/monitoring", MonitoringAsync).WithName("Monitoring");
        app.MapGet("/dashboard", DashboardAsync).WithName("Dashboard");
        return app;
    }

    private static async Task<Results<Ok<MonitoringReport>, ProblemHttpResult>> MonitoringAsync(string name, ModelHosts hosts, MonitorService monitor, CancellationToken cancellationToken)
    {
        if (hosts.Find(name) is not { } host)
        {
            return ProblemResults.UnknownModel(name, hosts);
        }

        return TypedResults.Ok(await monitor.CheckAsync(host, cancellationToken));
    }

    /// <summary>The dashboard of `?model=NAME`, or of the only model served; with several and none named, links to each.</summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> DashboardAsync(
        string? model, ModelHosts hosts, MonitorService monitor, CancellationToken cancellationToken)
    {
        if (hosts.Default(model) is not { } host)
        {
            return model is null ? TypedResults.Content(Index(hosts), "text/html; charset=utf-8") : ProblemResults.UnknownModel(model, hosts);
        }

        return TypedResults.Content(MonitoringPage.Render(await monitor.CheckAsync(host, cancellationToken), refreshSeconds: 30), "text/html; charset=utf-8");
    }

    private static string Index(ModelHosts hosts) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ferry monitoring</title></head><body><h1>Ferry monitoring</h1><ul>"
        + string.Concat(hosts.All.Select(h => $"<li><a href=\"/dashboard?model={Uri.EscapeDataString(h.Spec.Name)}\">{WebUtility.HtmlEncode(h.Spec.Name)}</a> v{h.Current.Manifest.Version}</li>"))
        + "</ul></body></html>";
}
