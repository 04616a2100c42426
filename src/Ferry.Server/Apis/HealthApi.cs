using Ferry.Core.Monitoring;
using Ferry.Server.Models;
using Ferry.Server.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Apis;

/// <summary>Liveness and readiness probes, and `GET /health`: each part's state (models, store, log queue, admission).</summary>
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
        app.MapGet("/health", Health);
        return app;
    }

    /// <summary>Reads what the server already knows (no store call): an unauthenticated probe must not cost the store.</summary>
    private static Ok<HealthReport> Health(ModelHosts hosts, PredictionLog log, MonitorService monitor, RowAdmission admission, IOptions<ServeOptions> options)
    {
        var (read, written) = (monitor.LastCheck, log.LastWrite);
        var store = new StoreHealth(read is null && written is null ? "unknown" : read?.Error is null && written?.Error is null ? "ok" : "failing", read, written);
        var limits = log.Limits;
        var queue = new LogHealth(options.Value.PredictionLog, log.QueuedRows, log.QueuedBytes, limits.Rows, limits.Bytes,
            Enum.GetValues<PredictionLogDrop>().ToDictionary(ServerMetrics.Label, log.DroppedFor), log.TruncatedCells);
        var models = hosts.All.Select(host => host.Snapshot).Select(serving => new ModelHealth(serving.Champion.Manifest.Name, serving.Champion.Manifest.Version, serving.Challenger?.Manifest.Version));
        return TypedResults.Ok(new HealthReport(store.Status == "failing" ? "degraded" : "ok", [.. models], store, queue,
            new AdmissionHealth(admission.RowsInFlight, options.Value.MaxRowsInFlight, admission.BytesInFlight, options.Value.MaxBytesInFlight)));
    }
}
