using Ferry.Core.Evaluation;

namespace Ferry.Core.Lifecycle;

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
