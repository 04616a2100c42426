using System.Text.Json.Serialization;
using Ferry.Core.Spec;

namespace Ferry.Core.Bundles.Format1;

/// <summary>The manifest's `successMetric` (<see cref="SuccessMetric"/>).</summary>
internal sealed record SuccessMetricFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("threshold")] double? Threshold)
{
    public static SuccessMetricFile From(SuccessMetric metric) => new(metric.Name, metric.Threshold);

    public SuccessMetric ToMetric() => new(Name, Threshold);
}
