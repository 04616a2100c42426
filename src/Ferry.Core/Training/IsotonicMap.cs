namespace Ferry.Core.Training;

/// <summary>Isotonic calibration as scikit-learn's IsotonicRegression(out_of_bounds="clip") predicts: linear interpolation
/// between the fitted points (<paramref name="X"/> increasing, <paramref name="Y"/> non-decreasing, both in [0, 1]), and the
/// first or last point's value outside them.</summary>
public sealed record IsotonicMap(double[] X, double[] Y) : CalibrationMap
{
    public override string Method => Isotonic;

    internal override double Map(double probability)
    {
        if (probability <= X[0])
        {
            return Y[0];
        }

        if (probability >= X[^1])
        {
            return Y[^1];
        }

        var index = Array.BinarySearch(X, probability);
        if (index >= 0)
        {
            return Y[index];
        }

        var upper = ~index;
        var lower = upper - 1;
        return Y[lower] + (Y[upper] - Y[lower]) * (probability - X[lower]) / (X[upper] - X[lower]);
    }
}
