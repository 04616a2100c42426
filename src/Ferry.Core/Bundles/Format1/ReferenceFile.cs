using System.Text.Json.Serialization;
using Ferry.Core.Evaluation;

namespace Ferry.Core.Bundles.Format1;

/// <summary>The manifest's `reference`, what drift is measured against (<see cref="ReferenceProfile"/>).</summary>
internal sealed record ReferenceFile(
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("features")] IReadOnlyList<FeatureReferenceFile> Features,
    [property: JsonPropertyName("prediction")] FeatureReferenceFile? Prediction)
{
    public static ReferenceFile From(ReferenceProfile profile) =>
        new(profile.Rows, [.. profile.Features.Select(FeatureReferenceFile.From)], profile.Prediction is { } prediction ? FeatureReferenceFile.From(prediction) : null);

    public ReferenceProfile ToProfile() => new(Rows, [.. Features.Select(feature => feature.ToReference())], Prediction?.ToReference());
}
