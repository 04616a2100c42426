using System.Globalization;
using System.Text;
using Ferry.Core.Bundles;
using Ferry.Core.Evaluation;
using Ferry.Core.Training;

namespace Ferry.Core.Lifecycle;

/// <summary>The report's calibration section.</summary>
internal static partial class ReportWriter
{
    /// <summary>Whether a classifier's probabilities are calibrated and why (the cross-validated log loss without and with
    /// each method), and how well they match the test part's frequencies: the expected calibration error, the reliability
    /// table and its chart.</summary>
    private static void Calibration(StringBuilder html, ModelManifest manifest, CalibrationChoice calibration, ReliabilityCurve? reliability)
    {
        if (reliability is null)
        {
            return;
        }

        html.Append("<h2>Calibration</h2>");
        var method = calibration.Calibrator?.Method ?? "none";
        var losses = string.Join(", ", calibration.Tried.Select(pair => $"{MethodName(pair.Key)} {N(pair.Value)}"));
        var found = double.IsNaN(calibration.Uncalibrated)
            ? "no out-of-fold answers to fit one on (a single setting is not cross-validated, and fewer than "
                + $"{Evaluation.Calibration.MinRows.ToString(CultureInfo.InvariantCulture)} answers are too few)"
            : $"cross-validated log loss {N(calibration.Uncalibrated)} uncalibrated, {losses}";
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"calibration\" data-method=\"{method}\">");
        html.Append(calibration.Calibrator is null
            ? $"Probabilities are the model's own: {E(found)}; a calibration is kept when it lowers the log loss by more than {N(Evaluation.Calibration.MinGain * 100)}% without lowering the scoring metric.</p>"
            : $"Probabilities calibrated by {MethodName(method)}, fitted on the winner's out-of-fold answers: {E(found)}.</p>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p id=\"ece\" data-value=\"{reliability.ExpectedCalibrationError:R}\">Expected calibration error on the test part: <b>{N(reliability.ExpectedCalibrationError)}</b> ({Reliability.BinCount} equal-width bins of {(manifest.Classes.Count == 2 ? $"the probability of {E(manifest.Classes[1])}" : "the top class's probability, against how often it is right")}).</p>");
        Table(html, ["probability", "mean predicted", "observed", "rows"], reliability.Bins.Select(bin => new[]
        {
            $"({N(bin.Low)}, {N(bin.High)}]", N(bin.MeanPredicted), N(bin.Observed), bin.Count.ToString(CultureInfo.InvariantCulture),
        }));
        Image(html, "reliability", Charts.Lines("Reliability (test part)", "mean predicted probability", "observed frequency",
            [("model", [.. reliability.Bins.Select(bin => bin.MeanPredicted)], [.. reliability.Bins.Select(bin => bin.Observed)])], diagonal: true));
    }

    private static string MethodName(string method) => method switch
    {
        CalibrationMap.Platt => "Platt scaling",
        CalibrationMap.Isotonic => "isotonic regression",
        _ => method,
    };
}
