using System.Diagnostics;
using Ferry.Core.Data;
using Ferry.Core.Prediction;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Single-row prediction latency in process, as the server pays it: featurize, score and explain
/// one raw row at a time, over test rows (at least one), after a warm-up.</summary>
public static class LatencyProbe
{
    private const int Warmup = 50;
    private const int Samples = 1_000;

    public static Latency Measure(TrainedModel model, TrainingData data, int[] rows, int explainTop)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rows.Length);
        var predictor = new RowPredictor(model);
        var times = new double[Samples];
        for (var i = -Warmup; i < Samples; i++)
        {
            var row = new ProjectedRow(data.Table, data.FeatureColumns, rows[((i % rows.Length) + rows.Length) % rows.Length]);
            var start = Stopwatch.GetTimestamp();
            predictor.Predict(row, explainTop);
            if (i >= 0)
            {
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        Array.Sort(times);
        return new Latency(Preparation.Statistics.Quantile(times, 0.5), Preparation.Statistics.Quantile(times, 0.99));
    }
}
