using Ferry.Core.Evaluation;
using Ferry.Core.Training;

namespace Ferry.Core.Tests.Evaluation;

/// <summary>The reference values are scikit-learn 1.2's on the same 20 rows: IsotonicRegression(out_of_bounds="clip",
/// y_min=0, y_max=1).fit(p, y) (X_thresholds_, y_thresholds_, predict), calibration._sigmoid_calibration on the log-odds of
/// p (its A and B are minus Platt's slope and intercept here) and calibration_curve(y, p, n_bins=10).</summary>
public sealed class CalibrationTests
{
    private static readonly double[] s_probability = [0.05, 0.1, 0.1, 0.2, 0.3, 0.35, 0.4, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.85, 0.9, 0.95, 0.3, 0.6, 0.99];
    private static readonly int[] s_actual = [0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1];

    private static double[] Outcome => [.. s_actual.Select(a => (double)a)];

    [Fact]
    public void IsotonicFit_KnownSample_KeepsScikitLearnsThresholds()
    {
        var map = IsotonicFit.Fit(s_probability, Outcome);

        Assert.Equal([0.05, 0.1, 0.35, 0.4, 0.7, 0.8, 0.99], map.X);
        Assert.Equal([0.0, 1 / 3.0, 1 / 3.0, 0.5, 0.5, 1.0, 1.0], map.Y, new ToleranceComparer(1e-12));
    }

    [Fact]
    public void IsotonicMap_KnownSample_InterpolatesAndClipsAsScikitLearnPredicts()
    {
        var map = IsotonicFit.Fit(s_probability, Outcome);

        double[] predicted = [.. new[] { 0.0, 0.07, 0.33, 0.62, 1.0 }.Select(p => map.Map(p))];

        Assert.Equal([0.0, 0.13333333333333336, 1 / 3.0, 0.5, 1.0], predicted, new ToleranceComparer(1e-12));
    }

    [Fact]
    public void PlattFit_KnownSample_FindsScikitLearnsSigmoid()
    {
        var map = PlattFit.Fit(s_probability, Outcome);

        Assert.Equal(0.5706409333615464, map.Slope, 5);
        Assert.Equal(0.1637285758203083, map.Intercept, 5);
    }

    [Fact]
    public void Reliability_KnownSample_BinsAsScikitLearnsCalibrationCurve()
    {
        var curve = Reliability.Compute(s_actual, [.. s_probability.Select(p => new[] { 1 - p, p })]);

        Assert.Equal([1 / 3.0, 0, 0.5, 1 / 3.0, 1, 1 / 3.0, 0.5, 1, 1, 1], curve.Bins.Select(b => b.Observed), new ToleranceComparer(1e-12));
        Assert.Equal([0.08333333333333333, 0.2, 0.3, 0.3833333333333333, 0.5, 0.5833333333333334, 0.675, 0.8, 0.875, 0.97],
            curve.Bins.Select(b => b.MeanPredicted), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void Reliability_ExpectedCalibrationError_IsTheCountWeightedGap()
    {
        var curve = Reliability.Compute([1, 0, 1, 1], [[0.88, 0.12], [0.82, 0.18], [0.18, 0.82], [0.12, 0.88]]);

        Assert.Equal((2 * 0.35 + 2 * 0.15) / 4, curve.ExpectedCalibrationError, 12);
    }

    [Fact]
    public void Choose_OverconfidentBinaryModel_CalibratesAndLowersHeldOutLogLoss()
    {
        var (actual, truth, folds) = Draw(3000, 1);
        var overconfident = Scores(truth, logOdds => 3 * logOdds);
        var (heldOutActual, heldOutTruth, _) = Draw(3000, 2);
        var heldOut = Scores(heldOutTruth, logOdds => 3 * logOdds);

        var choice = Calibration.Choose(actual, overconfident, folds, 2, metric: null);

        Assert.NotNull(choice.Calibrator);
        Assert.True(choice.Tried[choice.Calibrator.Method] < choice.Uncalibrated, $"{choice.Calibrator.Method} {choice.Tried[choice.Calibrator.Method]}, uncalibrated {choice.Uncalibrated}");
        var raw = LogLoss(heldOutActual, heldOut);
        var calibrated = LogLoss(heldOutActual, choice.Calibrator.Calibrate(heldOut));
        Assert.True(calibrated < raw - 0.05, $"held-out log loss {calibrated} calibrated, {raw} raw");
    }

    [Fact]
    public void Choose_CalibratedModel_KeepsTheModelsOwnProbabilities()
    {
        var (actual, truth, folds) = Draw(3000, 3);

        var choice = Calibration.Choose(actual, Scores(truth, logOdds => logOdds), folds, 2, metric: null);

        Assert.Null(choice.Calibrator);
        Assert.Equal([CalibrationMap.Platt, CalibrationMap.Isotonic], choice.Tried.Keys);
    }

    [Fact]
    public void Choose_SquashedMulticlassModel_CalibratesToNormalizedProbabilities()
    {
        var random = new Random(4);
        var truth = Enumerable.Range(0, 3000).Select(_ => Softmax([.. Enumerable.Range(0, 3).Select(_ => 3 * random.NextDouble())], 1)).ToArray();
        int[] actual = [.. truth.Select(p => Sample(random, p))];
        int[] folds = [.. actual.Select((_, i) => i % 5)];
        double[][] squashed = [.. truth.Select(p => Softmax([.. p.Select(v => Math.Log(v))], 0.3))];

        var choice = Calibration.Choose(actual, squashed, folds, 3, metric: null);

        Assert.NotNull(choice.Calibrator);
        Assert.Equal(3, choice.Calibrator.Maps.Count);
        var calibrated = choice.Calibrator.Calibrate(squashed);
        Assert.All(calibrated, p => Assert.Equal(1, p.Sum(), 12));
        Assert.True(LogLoss(actual, calibrated) < LogLoss(actual, squashed));
    }

    [Fact]
    public void Choose_TooFewAnswers_TriesNothing()
    {
        var (actual, truth, folds) = Draw(Calibration.MinRows - 1, 5);

        var choice = Calibration.Choose(actual, Scores(truth, logOdds => 3 * logOdds), folds, 2, metric: null);

        Assert.Null(choice.Calibrator);
        Assert.Empty(choice.Tried);
    }

    /// <summary>Rows whose true probability of class 1 is uniform, their class drawn from it, in 5 folds.</summary>
    private static (int[] Actual, double[] Truth, int[] Folds) Draw(int rows, int seed)
    {
        var random = new Random(seed);
        double[] truth = [.. Enumerable.Range(0, rows).Select(_ => 0.02 + 0.96 * random.NextDouble())];
        int[] actual = [.. truth.Select(p => random.NextDouble() < p ? 1 : 0)];
        return (actual, truth, [.. actual.Select((_, i) => i % 5)]);
    }

    /// <summary>A model's answers whose log-odds are a function of the true ones.</summary>
    private static double[][] Scores(double[] truth, Func<double, double> logOdds) =>
        [.. truth.Select(p => 1 / (1 + Math.Exp(-logOdds(Math.Log(p / (1 - p)))))).Select(p => new[] { 1 - p, p })];

    private static double[] Softmax(double[] logits, double temperature)
    {
        var exps = logits.Select(l => Math.Exp(l * temperature)).ToArray();
        return [.. exps.Select(e => e / exps.Sum())];
    }

    private static int Sample(Random random, double[] probabilities)
    {
        var u = random.NextDouble();
        var c = 0;
        while (c < probabilities.Length - 1 && u > probabilities[c])
        {
            u -= probabilities[c];
            c++;
        }

        return c;
    }

    private static double LogLoss(int[] actual, IReadOnlyList<double[]> scores) => actual.Select((a, i) => -Math.Log(Math.Max(scores[i][a], 1e-15))).Average();

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
