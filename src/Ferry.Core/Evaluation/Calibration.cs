using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Chooses a classifier's calibration on its out-of-fold answers, as scikit-learn's CalibratedClassifierCV
/// (ensemble=False) fits it: Platt scaling and isotonic regression are each judged honestly by cross-fitting (fitted on the
/// other folds' answers, applied to each fold's) and scored as the leaderboard scores a setting, by the mean over folds of
/// the log loss. The better one is kept when it lowers the uncalibrated log loss by more than <see cref="MinGain"/> of it
/// and does not lower the scoring metric (unless the threshold is tuned afterwards, on the calibrated answers), then refitted
/// on every answer. Binary models calibrate the positive class's probability, multiclass ones every class's one-vs-rest,
/// normalized (<see cref="Calibrator"/>).</summary>
internal static class Calibration
{
    /// <summary>The share of the uncalibrated log loss a calibration must save to be kept: less is noise, and not worth
    /// a step between the model and its answers.</summary>
    public const double MinGain = 0.01;

    /// <summary>Fewer out-of-fold answers than this are too few to fit a calibration on and judge it.</summary>
    public const int MinRows = 50;

    /// <summary>Groups of rows the calibration is cross-fitted over when the answers' folds cannot serve (one validation
    /// split, or leave-one-out's one row per fold).</summary>
    private const int FallbackGroups = 5;

    private const int MaxFolds = 10;

    private static readonly string[] s_methods = [CalibrationMap.Platt, CalibrationMap.Isotonic];

    /// <param name="actual">The class index of each answered row.</param>
    /// <param name="scores">The out-of-fold class probabilities of each row.</param>
    /// <param name="folds">The fold that answered each row.</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="metric">The scoring metric calibration must not lower, or null when the threshold is tuned after it.</param>
    public static CalibrationChoice Choose(int[] actual, double[][] scores, int[] folds, int classCount, string? metric)
    {
        if (actual.Length < MinRows || scores.Any(score => score.Any(double.IsNaN)))
        {
            return CalibrationChoice.None;
        }

        var groups = Groups(folds);
        var uncalibrated = Score(actual, scores, groups, classCount, metric);
        var tried = s_methods.ToDictionary(method => method, method => Score(actual, CrossFitted(method, actual, scores, groups, classCount), groups, classCount, metric));
        var (best, score) = tried.MinBy(pair => pair.Value.LogLoss);
        var kept = score.LogLoss < uncalibrated.LogLoss * (1 - MinGain)
            && (metric is null || (MetricNames.HigherIsBetter(metric) ? score.Metric >= uncalibrated.Metric : score.Metric <= uncalibrated.Metric));
        return new CalibrationChoice(kept ? Fit(best, actual, scores, classCount) : null, uncalibrated.LogLoss,
            tried.ToDictionary(pair => pair.Key, pair => pair.Value.LogLoss));
    }

    /// <summary>A calibrator of <paramref name="method"/> fitted on the rows' answers.</summary>
    public static Calibrator Fit(string method, int[] actual, IReadOnlyList<double[]> scores, int classCount)
    {
        int[] calibrated = classCount == 2 ? [1] : [.. Enumerable.Range(0, classCount)];
        return new Calibrator([.. calibrated.Select(c => Map(method, [.. scores.Select(score => score[c])], [.. actual.Select(a => a == c ? 1.0 : 0.0)]))]);
    }

    private static CalibrationMap Map(string method, double[] probability, double[] outcome) =>
        method == CalibrationMap.Platt ? PlattFit.Fit(probability, outcome) : IsotonicFit.Fit(probability, outcome);

    /// <summary>Each group's answers calibrated by a calibrator fitted on the other groups' answers.</summary>
    private static double[][] CrossFitted(string method, int[] actual, double[][] scores, int[] groups, int classCount)
    {
        var calibrated = new double[scores.Length][];
        foreach (var group in groups.Distinct())
        {
            int[] fit = [.. Enumerable.Range(0, scores.Length).Where(i => groups[i] != group)];
            var calibrator = Fit(method, [.. fit.Select(i => actual[i])], [.. fit.Select(i => scores[i])], classCount);
            foreach (var i in Enumerable.Range(0, scores.Length).Where(i => groups[i] == group))
            {
                calibrated[i] = (double[])scores[i].Clone();
                calibrator.Apply(calibrated[i]);
            }
        }

        return calibrated;
    }

    /// <summary>The means over groups of the log loss and of the scoring metric (binary classes decided at 0.5).</summary>
    private static (double LogLoss, double Metric) Score(int[] actual, double[][] scores, int[] groups, int classCount, string? metric)
    {
        var values = groups.Distinct().Select(group =>
        {
            int[] rows = [.. Enumerable.Range(0, scores.Length).Where(i => groups[i] == group)];
            var metrics = ClassificationMetrics.Compute([.. rows.Select(i => actual[i])], [.. rows.Select(i => scores[i])], classCount, Decision.DefaultThreshold);
            return (LogLoss: metrics[ClassificationMetrics.LogLoss], Metric: metric is null ? 0 : metrics[metric]);
        }).ToArray();
        return (values.Average(v => v.LogLoss), values.Average(v => v.Metric));
    }

    /// <summary>The answers' folds, when there are 2 to <see cref="MaxFolds"/> of them; else <see cref="FallbackGroups"/>
    /// groups by position.</summary>
    private static int[] Groups(int[] folds)
    {
        var count = folds.Distinct().Count();
        return count is >= 2 and <= MaxFolds ? folds : [.. folds.Select((_, i) => i % FallbackGroups)];
    }
}
