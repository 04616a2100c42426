namespace Ferry.Core.Evaluation;

/// <summary>One setting's cross-validation: per fold, the validation rows' scores (class probabilities or the value) and
/// the seconds its fit took.</summary>
internal sealed record FoldAnswers(double[][][] Scores, double[] Seconds);
