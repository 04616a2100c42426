using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Fits Platt scaling (Platt 1999) on the log-odds of the model's probability, with the objective scikit-learn's
/// CalibratedClassifierCV(method="sigmoid") minimizes: the log loss against Platt's smoothed targets ((N+ + 1) / (N+ + 2)
/// for the class's rows, 1 / (N- + 2) for the others), so a separable fold does not drive the slope to infinity. Solved by
/// Newton's method with a backtracking line search (Lin, Lin and Weng 2007, "A note on Platt's probabilistic outputs").</summary>
internal static class PlattFit
{
    private const int MaxIterations = 100;
    private const double Ridge = 1e-12;

    /// <param name="probability">The model's probability of the class, per row.</param>
    /// <param name="outcome">1 where the row is of the class, else 0.</param>
    public static PlattMap Fit(double[] probability, double[] outcome)
    {
        var f = Array.ConvertAll(probability, PlattMap.LogOdds);
        var positives = outcome.Sum();
        var negatives = outcome.Length - positives;
        var targets = Array.ConvertAll(outcome, o => o > 0 ? (positives + 1) / (positives + 2) : 1 / (negatives + 2));
        var (a, b) = (0.0, Math.Log((positives + 1) / (negatives + 1)));
        var loss = Loss(f, targets, a, b);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            double ga = 0, gb = 0, haa = Ridge, hab = 0, hbb = Ridge;
            for (var i = 0; i < f.Length; i++)
            {
                var p = Sigmoid(a * f[i] + b);
                var d = p - targets[i];
                var w = p * (1 - p);
                ga += d * f[i];
                gb += d;
                haa += w * f[i] * f[i];
                hab += w * f[i];
                hbb += w;
            }

            if (Math.Max(Math.Abs(ga), Math.Abs(gb)) < 1e-10 * Math.Max(1, f.Length))
            {
                break;
            }

            var determinant = haa * hbb - hab * hab;
            var (da, db) = (-(hbb * ga - hab * gb) / determinant, -(haa * gb - hab * ga) / determinant);
            var descent = ga * da + gb * db;
            var step = 1.0;
            while (step >= 1e-10)
            {
                var next = Loss(f, targets, a + step * da, b + step * db);
                if (next < loss + 1e-4 * step * descent)
                {
                    (a, b, loss) = (a + step * da, b + step * db, next);
                    break;
                }

                step /= 2;
            }

            if (step < 1e-10)
            {
                break;
            }
        }

        return new PlattMap(a, b);
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>log(1 + e^z) without overflow.</summary>
    private static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

    private static double Loss(double[] f, double[] targets, double a, double b)
    {
        var sum = 0.0;
        for (var i = 0; i < f.Length; i++)
        {
            var z = a * f[i] + b;
            sum += targets[i] * Softplus(-z) + (1 - targets[i]) * Softplus(z);
        }

        return sum;
    }
}
