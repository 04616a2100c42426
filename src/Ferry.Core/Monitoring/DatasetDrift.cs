using Ferry.Core.Evaluation;
using Ferry.Core.Spec;

namespace Ferry.Core.Monitoring;

/// <summary>Drift of a whole window: every feature against its reference (in parallel), the drifted share, and the
/// dataset verdict (share at or above monitor.drift.share, with at least 30 rows); features most drifted first.</summary>
internal static class DatasetDrift
{
    public const int MinimumRows = 30;

    /// <param name="reference">The bundle's reference profile.</param>
    /// <param name="columns">Live values of every reference feature (matched by name).</param>
    /// <param name="prediction">Live predicted labels or values, or null.</param>
    /// <param name="rows">Rows in the window.</param>
    /// <param name="thresholds">`monitor.drift`.</param>
    public static DriftSummary Compare(ReferenceProfile reference, IReadOnlyList<LiveColumn> columns, LiveColumn? prediction, int rows, DriftThresholds thresholds)
    {
        if (rows == 0 || reference.Features.Count == 0)
        {
            return new DriftSummary(rows, reference.Rows, [], 0, 0, false, null);
        }

        var features = new FeatureDrift[reference.Features.Count];
        Parallel.For(0, features.Length, i =>
        {
            var live = columns.First(column => column.Name == reference.Features[i].Column);
            features[i] = DriftDetector.Compare(reference.Features[i], reference.Rows, live.Numbers, live.Texts, thresholds);
        });
        var predictionDrift = reference.Prediction is { } output && prediction is not null
            ? DriftDetector.Compare(output, reference.Rows, prediction.Numbers, prediction.Texts, thresholds)
            : null;
        var drifted = features.Count(f => f.Drifted);
        var share = (double)drifted / features.Length;
        var ordered = features.OrderByDescending(f => f.Drifted).ThenBy(f => f.PValue ?? -f.Statistic).ThenByDescending(f => f.Psi).ToArray();
        return new DriftSummary(rows, reference.Rows, ordered, drifted, share, rows >= MinimumRows && share >= thresholds.Share, predictionDrift);
    }
}
