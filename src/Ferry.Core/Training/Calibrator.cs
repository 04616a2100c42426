namespace Ferry.Core.Training;

/// <summary>What turns a classifier's raw class probabilities into calibrated ones, fitted on its out-of-fold answers:
/// one map for a binary model (the positive class's probability; the other class gets the rest), one per class for a
/// multiclass model (one-vs-rest, then normalized to sum to 1, as scikit-learn's CalibratedClassifierCV does).</summary>
/// <param name="Maps">The maps, in class order (binary: the positive class's only).</param>
public sealed record Calibrator(IReadOnlyList<CalibrationMap> Maps)
{
    /// <summary>"platt" or "isotonic": the method of its maps.</summary>
    public string Method => Maps[0].Method;

    /// <summary>Calibrates class probabilities in place.</summary>
    internal void Apply(Span<double> probabilities)
    {
        if (probabilities.Length == 2)
        {
            probabilities[1] = Maps[0].Map(probabilities[1]);
            probabilities[0] = 1 - probabilities[1];
            return;
        }

        var sum = 0.0;
        for (var c = 0; c < probabilities.Length; c++)
        {
            probabilities[c] = Maps[c].Map(probabilities[c]);
            sum += probabilities[c];
        }

        for (var c = 0; c < probabilities.Length; c++)
        {
            probabilities[c] = sum > 0 ? probabilities[c] / sum : 1.0 / probabilities.Length;
        }
    }

    /// <summary>Calibrated copies of many rows' class probabilities.</summary>
    internal double[][] Calibrate(IReadOnlyList<double[]> scores) => [.. scores.Select(score =>
    {
        var calibrated = (double[])score.Clone();
        Apply(calibrated);
        return calibrated;
    })];
}
