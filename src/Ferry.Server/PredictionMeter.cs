using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ferry.Server;

/// <summary>The predictions counted and timed as .NET metrics (meter `Ferry`), for OpenTelemetry's metrics pipeline beside
/// ASP.NET Core's own: the same measures /metrics gives Prometheus as ferry_predictions_total and
/// ferry_prediction_duration_seconds. An instrument nothing listens to costs one check.</summary>
public sealed class PredictionMeter
{
    /// <summary>The meter's name, which an OpenTelemetry meter provider adds to read it.</summary>
    public const string Name = "Ferry";

    private readonly Counter<long> _rows;
    private readonly Histogram<double> _duration;

    public PredictionMeter(IMeterFactory meters)
    {
        var meter = meters.Create(Name, Core.FerryVersion.Text);
        _rows = meter.CreateCounter<long>("ferry.predictions", "{row}", "Rows predicted, by model and version.");
        _duration = meter.CreateHistogram<double>("ferry.prediction.duration", "s", "Time to validate, featurize, score and explain a request's rows.");
    }

    /// <summary>A request's <paramref name="rows"/> predicted by <paramref name="model"/>'s <paramref name="version"/> in <paramref name="elapsed"/>.</summary>
    public void Predicted(string model, int version, int rows, TimeSpan elapsed)
    {
        if (!_rows.Enabled && !_duration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "ferry.model", model }, { "ferry.version", version } };
        _rows.Add(rows, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}
