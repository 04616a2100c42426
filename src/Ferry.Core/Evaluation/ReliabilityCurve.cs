namespace Ferry.Core.Evaluation;

/// <summary>How far a classifier's probabilities are from the frequencies they claim: the non-empty bins of its
/// reliability curve and the expected calibration error (the count-weighted mean gap between a bin's mean probability and
/// its observed frequency; 0 is perfectly calibrated).</summary>
internal sealed record ReliabilityCurve(IReadOnlyList<ReliabilityBin> Bins, double ExpectedCalibrationError);
