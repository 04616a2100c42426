using System.Text.Json.Serialization;
using Ferry.Core.Evaluation;

namespace Ferry.Core.Bundles.Format1;

/// <summary>One row of the manifest's `importance` (<see cref="FeatureImportance"/>).</summary>
internal sealed record ImportanceFile(
    [property: JsonPropertyName("feature")] string Feature,
    [property: JsonPropertyName("importance")] double Importance,
    [property: JsonPropertyName("stdDev")] double StdDev)
{
    public static ImportanceFile From(FeatureImportance importance) => new(importance.Feature, importance.Importance, importance.StdDev);

    public FeatureImportance ToImportance() => new(Feature, Importance, StdDev);
}
