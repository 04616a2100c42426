namespace Ferry.Core.Storage;

/// <summary>System health of one model version over a recent period: latency percentiles, predictions per second,
/// failed requests over all requests, and seconds since a server started serving it.</summary>
public sealed record VersionHealth(int Version, int Predictions, int Errors, double P50Ms, double P95Ms, double P99Ms, double Throughput, double ErrorRate, double? UptimeSeconds);
