using Ferry.Core.Monitoring;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Apis;

/// <summary>Liveness and readiness probes (not ready, 503, while the server drains to stop), and `GET /health`: each part's state (models, store, log queue, admission).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/health").WithTags("Health");
        api.MapGet("/live", () => TypedResults.Ok(new { status = "live" }));
        api.MapGet("/ready", Ready).Produces<Readiness>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("", Health);
        return app;
    }

    /// <summary>200 with the models answering, or 503 problem+json while the server drains to stop.</summary>
    private static IResult Ready(ModelHosts hosts, ShutdownDrain drain) => drain.Draining
        ? TypedResults.Problem(title: "The server is draining to stop.", detail: "it answers what it is sent until it stops, but should be sent nothing new",
            statusCode: StatusCodes.Status503ServiceUnavailable)
        : TypedResults.Ok(new Readiness("ready", hosts.First.Current.Manifest.Name, hosts.First.Current.Manifest.Version,
            [.. hosts.All.Select(host => new ReadyModel(host.Current.Manifest.Name, host.Current.Manifest.Version))]));

    /// <summary>Reads what the server already knows (no store call): an unauthenticated probe must not cost the store.</summary>
    private static Ok<HealthReport> Health([AsParameters] HealthServices services)
    {
        var (hosts, log, admission, options) = (services.Hosts, services.Log, services.Admission, services.Options.Value);
        var (read, written) = (services.Monitor.LastCheck, log.LastWrite);
        var store = new StoreHealth(read is null && written is null ? "unknown" : read?.Error is null && written?.Error is null ? "ok" : "failing", read, written);
        var limits = log.Limits;
        var queue = new LogHealth(options.PredictionLog, log.QueuedRows, log.QueuedBytes, limits.Rows, limits.Bytes,
            Enum.GetValues<PredictionLogDrop>().ToDictionary(ServerMetrics.Label, log.DroppedFor), log.TruncatedCells);
        var models = hosts.All.Select(host => host.Snapshot).Select(serving => new ModelHealth(serving.Champion.Manifest.Name, serving.Champion.Manifest.Version, serving.Challenger?.Manifest.Version));
        return TypedResults.Ok(new HealthReport(store.Status == "failing" ? "degraded" : "ok", [.. models], store, queue,
            new AdmissionHealth(admission.RowsInFlight, options.MaxRowsInFlight, admission.BytesInFlight, options.MaxBytesInFlight)));
    }
}

/// <summary>`GET /health/ready`: ready, the first model served and every model with its champion version.</summary>
public sealed record Readiness(string Status, string Model, int Version, IReadOnlyList<ReadyModel> Models);

/// <summary>A model served and the champion version answering for it.</summary>
public sealed record ReadyModel(string Model, int Version);
