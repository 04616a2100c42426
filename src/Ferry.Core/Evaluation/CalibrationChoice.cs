using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>What calibration found on a model's out-of-fold answers: the calibrator kept (null: the model's own
/// probabilities are kept), the cross-validated log loss without one and with each method tried.</summary>
/// <param name="Calibrator">The calibrator kept, refitted on every out-of-fold answer; null when none was kept.</param>
/// <param name="Uncalibrated">The mean over folds of the uncalibrated answers' log loss.</param>
/// <param name="Tried">Per method tried, the mean over folds of the log loss of its cross-fitted answers (empty when
/// there were too few answers to try any).</param>
internal sealed record CalibrationChoice(Calibrator? Calibrator, double Uncalibrated, IReadOnlyDictionary<string, double> Tried)
{
    public static CalibrationChoice None { get; } = new(null, double.NaN, new Dictionary<string, double>());
}
