using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>The out-of-fold answers of one cross-validated setting: each listed training row scored by the model of
/// the fold that held it out, so the answers are as honest as test rows' (what a threshold, a calibration or an ensemble
/// is fitted on).</summary>
/// <param name="Setting">The candidate and parameters.</param>
/// <param name="Rows">The training rows answered, in fold order (every training row for k folds and loo; the validation
/// part for one split).</param>
/// <param name="Scores">Per row, class probabilities or the predicted value.</param>
/// <param name="Folds">Per row, the index of the fold that answered it (what is fitted on the answers is judged fold by fold).</param>
internal sealed record OutOfFold(CandidateSetting Setting, int[] Rows, double[][] Scores, int[] Folds);
