using Ferry.Core.Bundles;
using Ferry.Core.Evaluation;

namespace Ferry.Core.Lifecycle;

/// <summary>A version put up for champion: its manifest, its success metric where it was judged, and the champion's there.</summary>
/// <param name="Manifest">The candidate's manifest (its version, success metric, latency verdict).</param>
/// <param name="Score">The candidate's success metric on the rows it is judged on.</param>
/// <param name="JudgedOn">Those rows, for the reasons: "on its test rows", "on the held-out rows".</param>
/// <param name="Champion">The champion to replace and its score, or null when there is none to compare with.</param>
/// <param name="Paired">Both models' answers row by row on those rows (when the champion was scored on the same rows):
/// then the gain must be significant in a paired test, and with too few rows to tell the decision waits.</param>
/// <param name="MinImprovement">The margin over the champion the candidate must reach on the paired rows.</param>
/// <param name="Seed">Seeds the paired permutation test.</param>
public sealed record PromotionCase(
    ModelManifest Manifest,
    double Score,
    string JudgedOn,
    ChampionScore? Champion = null,
    PairedAnswers? Paired = null,
    double MinImprovement = 0,
    int Seed = 0)
{
    /// <summary>A version judged on its own test rows, as training scored it.</summary>
    public static PromotionCase OnTestRows(ModelManifest manifest, ChampionScore? champion = null) =>
        new(manifest, manifest.Metrics.TryGetValue(manifest.SuccessMetric.Name, out var score) ? score : double.NaN, "on its test rows", champion);
}
