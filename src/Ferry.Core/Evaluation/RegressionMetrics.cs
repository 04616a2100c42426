using Ferry.Core.Spec;

namespace Ferry.Core.Evaluation;

/// <summary>Regression metrics: RMSE, MSE, MAE, R2 (1 - SS_res / SS_tot, as scikit-learn's r2_score) and MAPE
/// (mean of |error| / max(|actual|, machine epsilon), as scikit-learn's mean_absolute_percentage_error).</summary>
internal static class RegressionMetrics
{
    public const string Mse = "mse";
    public const string Mape = "mape";

    /// <summary>numpy.finfo(float64).eps, the floor of the MAPE denominator.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    public static Dictionary<string, double> Compute(double[] actual, double[] predicted)
    {
        var mean = actual.Average();
        double squared = 0, absolute = 0, total = 0, percentage = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var error = actual[i] - predicted[i];
            squared += error * error;
            absolute += Math.Abs(error);
            percentage += Math.Abs(error) / Math.Max(Math.Abs(actual[i]), MachineEpsilon);
            total += (actual[i] - mean) * (actual[i] - mean);
        }

        return new Dictionary<string, double>
        {
            [MetricNames.Rmse] = Math.Sqrt(squared / actual.Length),
            [Mse] = squared / actual.Length,
            [MetricNames.Mae] = absolute / actual.Length,
            [Mape] = percentage / actual.Length,
            [MetricNames.R2] = total == 0 ? 0 : 1 - squared / total,
        };
    }
}
