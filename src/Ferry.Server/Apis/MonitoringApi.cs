using System.Net;
using Ferry.Core.Monitoring;
using Ferry.Server.Models;
using Ferry.Server.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>`GET /v1/models/{name}/monitoring`: drift, performance, staleness, health and alerts as the latest background
/// judgement found them; `GET /dashboard`: the same as a page of charts, with the timeline of the model's runs. Both only read: no alert opens or resolves, no
/// webhook is sent. `POST /v1/models/{name}/monitoring/judge` (an admin verb, mapped in <see cref="AdminApi"/>) judges now.</summary>
public static class MonitoringApi
{
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Monitoring");
        api.MapGet("/v1/models/{name}/monitoring", MonitoringAsync).WithName("Monitoring");
        api.MapGet("/dashboard", DashboardAsync).WithName("Dashboard");
        return app;
    }

    /// <summary>Judges the model now, acts on its alerts and keeps the report for the reads; the admin verb.</summary>
    internal static async Task<Results<Ok<MonitoringReport>, ProblemHttpResult>> JudgeAsync(
        string name, [AsParameters] MonitoringServices services, CancellationToken cancellationToken) =>
        services.Hosts.Find(name) is { } host ? TypedResults.Ok(await services.Monitor.JudgeAsync(host, cancellationToken)) : ProblemResults.UnknownModel(name, services.Hosts);

    private static async Task<Results<Ok<MonitoringReport>, ProblemHttpResult>> MonitoringAsync(
        string name, HttpResponse response, [AsParameters] MonitoringServices services, CancellationToken cancellationToken)
    {
        if (services.Hosts.Find(name) is not { } host)
        {
            return ProblemResults.UnknownModel(name, services.Hosts);
        }

        return await services.Monitor.LatestAsync(host, cancellationToken) is { } report ? TypedResults.Ok(report) : NotJudged(host, response, services.Monitor);
    }

    /// <summary>The dashboard of `?model=NAME`, or of the only model served; with several and none named, links to each.</summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> DashboardAsync(
        string? model, HttpResponse response, [AsParameters] MonitoringServices services, CancellationToken cancellationToken)
    {
        if (services.Hosts.Default(model) is not { } host)
        {
            return model is null ? TypedResults.Content(Index(services.Hosts), "text/html; charset=utf-8") : ProblemResults.UnknownModel(model, services.Hosts);
        }

        return await services.Monitor.LatestAsync(host, cancellationToken) is { } report
            ? TypedResults.Content(MonitoringPage.Render(report, refreshSeconds: 30, services.Runs.Runs(host.Model.Name, MonitoringPage.RunsShown)), "text/html; charset=utf-8")
            : NotJudged(host, response, services.Monitor);
    }

    /// <summary>503 with Retry-After: the model has no judgement yet (its first one failed, or it began serving since).</summary>
    private static ProblemHttpResult NotJudged(ModelHost host, HttpResponse response, MonitorService monitor)
    {
        var seconds = (int)Math.Ceiling(monitor.Period.TotalSeconds);
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ProblemResults.Problem(StatusCodes.Status503ServiceUnavailable, "Not judged yet.",
            $"{host.Model.Name} has no monitoring report yet: the server judges it every {seconds} s (or POST /v1/models/{host.Model.Name}/monitoring/judge with the admin key)");
    }

    private static string Index(ModelHosts hosts) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ferry monitoring</title></head><body><h1>Ferry monitoring</h1><ul>"
        + string.Concat(hosts.All.Select(h => $"<li><a href=\"/dashboard?model={Uri.EscapeDataString(h.Model.Name)}\">{WebUtility.HtmlEncode(h.Model.Name)}</a> v{h.Current.Manifest.Version}</li>"))
        + "</ul></body></html>";
}
