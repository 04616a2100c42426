using System.Diagnostics;
using Ferry.Core.Data;
using Ferry.Core.Prediction;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Single-row prediction latency in process, as the server pays it: featurize, score and explain
/// one raw row at a time, over test rows (at least one), after a warm-up. Bounded in time as well as in samples: an
/// explained prediction featurizes the row once per input, so a model with very many inputs takes fewer samples
/// (at least one) within <see cref="Budget"/>.</summary>
internal static class LatencyProbe
{
    private const int Warmup = 50;
    private const int Samples = 1_000;

    /// <summary>The most the probe spends on warm-up (a fifth) and samples.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public static Latency Measure(TrainedModel model, TrainingData data, int[] rows, int explainTop)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rows.Length);
        var predictor = new RowPredictor(model);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Warmup && Stopwatch.GetElapsedTime(started) < Budget / 5; i++)
        {
            predictor.Predict(new ProjectedRow(data.Table, data.FeatureColumns, rows[i % rows.Length]), explainTop);
        }

        var times = new double[Samples];
        var count = 0;
        while (count < Samples && (count == 0 || Stopwatch.GetElapsedTime(started) < Budget))
        {
            var row = new ProjectedRow(data.Table, data.FeatureColumns, rows[count % rows.Length]);
            var start = Stopwatch.GetTimestamp();
            predictor.Predict(row, explainTop);
            times[count++] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var measured = times[..count];
        Array.Sort(measured);
        return new Latency(Statistics.Quantile(measured, 0.5), Statistics.Quantile(measured, 0.99));
    }
}
