using System.Text.Json.Serialization;
using Ferry.Core.Spec;

namespace Ferry.Core.Bundles.Format1;

/// <summary>The manifest's `constraints` (<see cref="Constraints"/>); `retrainEvery` is a TimeSpan as System.Text.Json
/// writes it ("30.00:00:00").</summary>
internal sealed record ConstraintsFile(
    [property: JsonPropertyName("latencyMs")] double? LatencyMs,
    [property: JsonPropertyName("explainTop")] int ExplainTop,
    [property: JsonPropertyName("retrainEvery")] TimeSpan? RetrainEvery)
{
    public static ConstraintsFile From(Constraints constraints) => new(constraints.LatencyMs, constraints.ExplainTop, constraints.RetrainEvery);

    public Constraints ToConstraints() => new(LatencyMs, ExplainTop, RetrainEvery);
}
