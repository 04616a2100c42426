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

/// <summary>The champion a candidate must not fall behind.</summary>
/// <param name="Version">The champion's version.</param>
/// <param name="Metric">The metric <paramref name="Score"/> is in (no comparison when it is not the candidate's).</param>
/// <param name="Score">The champion's score.</param>
/// <param name="SameRows">True when both were scored on the same rows: then the candidate must be strictly better;
/// otherwise (each on its own test rows) no worse is enough.</param>
public sealed record ChampionScore(int Version, string Metric, double Score, bool SameRows);

/// <summary>Promote the candidate, reject it, or wait for more labelled rows before the paired test can tell.</summary>
public enum PromotionVerdict
{
    Promote,
    Reject,
    Wait,
}

/// <summary>Whether the candidate may become champion, and why.</summary>
/// <param name="Verdict">Promote, reject or wait.</param>
/// <param name="Reason">Why, naming the versions, the scores and (with paired rows) the test's p-value.</param>
/// <param name="Score">The candidate's success metric where it was judged.</param>
/// <param name="ChampionScore">The champion's there, or null when there was none to compare with.</param>
/// <param name="Test">The paired test, when both were judged on the same rows row by row.</param>
public sealed record PromotionDecision(PromotionVerdict Verdict, string Reason, double Score, double? ChampionScore = null, PairedTest? Test = null)
{
    public bool Promote => Verdict == PromotionVerdict.Promote;
}
