using System.Text.Json.Serialization;
using Ferry.Core.Evaluation;

namespace Ferry.Core.Bundles.Format1;

/// <summary>The manifest's `latency` (<see cref="Latency"/>).</summary>
internal sealed record LatencyFile(
    [property: JsonPropertyName("p50Ms")] double P50Ms,
    [property: JsonPropertyName("p99Ms")] double P99Ms)
{
    public static LatencyFile From(Latency latency) => new(latency.P50Ms, latency.P99Ms);

    public Latency ToLatency() => new(P50Ms, P99Ms);
}
