using Ferry.Core.Bundles;

namespace Ferry.Core.Lifecycle;

/// <summary>A version put up for champion: its manifest, its success metric where it was judged, and the champion's there.</summary>
/// <param name="Manifest">The candidate's manifest (its version, success metric, latency verdict).</param>
/// <param name="Score">The candidate's success metric on the rows it is judged on.</param>
/// <param name="JudgedOn">Those rows, for the reasons: "on its test rows", "on the held-out rows".</param>
/// <param name="Champion">The champion to replace and its score, or null when there is none to compare with.</param>
public sealed record PromotionCase(ModelManifest Manifest, double Score, string JudgedOn, ChampionScore? Champion = null)
{
    /// <summary>A version judged on its own test rows, as training scored it.</summary>
    public static PromotionCase OnTestRows(ModelManifest manifest, ChampionScore? champion = null) =>
        new(manifest, manifest.Metrics.TryGetValue(manifest.SuccessMetric.Name, out var score) ? score : double.NaN, "on its test rows", champion);
}

/// <summary>The champion a candidate must not fall behind.</summary>
/// <param name="Version">The champion's version.</param>
/// <param name="Metric">The metric <paramref name="Score"/> is in (no comparison when it is not the candidate's).</param>
/// <param name="Score">The champion's score.</param>
/// <param name="SameRows">True when both were scored on the same rows: then the candidate must be strictly better;
/// otherwise (each on its own test rows) no worse is enough.</param>
public sealed record ChampionScore(int Version, string Metric, double Score, bool SameRows);

/// <summary>Whether the candidate may become champion, and why.</summary>
public sealed record PromotionDecision(bool Promote, string Reason);
