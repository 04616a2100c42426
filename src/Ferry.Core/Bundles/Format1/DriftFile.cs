using System.Text.Json.Serialization;
using Ferry.Core.Spec;

namespace Ferry.Core.Bundles.Format1;

/// <summary>The manifest's `monitor.drift` (<see cref="DriftThresholds"/>).</summary>
internal sealed record DriftFile(
    [property: JsonPropertyName("pValue")] double PValue,
    [property: JsonPropertyName("wasserstein")] double Wasserstein,
    [property: JsonPropertyName("jensenShannon")] double JensenShannon,
    [property: JsonPropertyName("psiWarn")] double PsiWarn,
    [property: JsonPropertyName("psiDrift")] double PsiDrift,
    [property: JsonPropertyName("share")] double Share,
    [property: JsonPropertyName("conceptDrop")] double ConceptDrop)
{
    public static DriftFile From(DriftThresholds drift) =>
        new(drift.PValue, drift.Wasserstein, drift.JensenShannon, drift.PsiWarn, drift.PsiDrift, drift.Share, drift.ConceptDrop);

    public DriftThresholds ToThresholds() => new(PValue, Wasserstein, JensenShannon, PsiWarn, PsiDrift, Share, ConceptDrop);
}
