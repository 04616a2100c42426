using Prometheus;

namespace Ferry.Server;

/// <summary>Ferry's own Prometheus metrics, in the app's registry beside prometheus-net's HTTP ones
/// (request count and latency histogram by endpoint and status code) and its process and runtime ones
/// (<see cref="DotNetStats"/>: CPU seconds, start time, memory, open handles, threads, GC collections and heap).</summary>
public sealed class ServerMetrics
{
    public ServerMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        DotNetStats.Register(Registry);

        // The standard name of the process's resident memory (what DotNetStats calls its working set), which dashboards
        // and alerts written for any Prometheus client read.
        var resident = factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        Registry.AddBeforeCollectCallback(() => resident.Set(Environment.WorkingSet));
        Predictions = factory.CreateCounter("ferry_predictions_total", "Rows predicted, by model and version.", "model", "version");
        PredictionSeconds = factory.CreateHistogram("ferry_prediction_duration_seconds", "Time to validate, featurize, score and explain a request's rows.",
            new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = Histogram.ExponentialBuckets(0.00005, 2, 16) });
        ModelLoadSeconds = factory.CreateGauge("ferry_model_load_seconds", "Time the served model took to load.", "model", "version");
        DriftShare = factory.CreateGauge("ferry_drift_share", "Share of inputs drifted in the latest window, at the last check.", "model", "version");
        DatasetDrift = factory.CreateGauge("ferry_dataset_drift", "1 when the latest window drifted as a whole, at the last check.", "model", "version");
        LiveMetric = factory.CreateGauge("ferry_live_metric", "The watched metric over the latest labelled window, at the last check.", "model", "version", "metric");
        EstimatedAccuracy = factory.CreateGauge("ferry_estimated_accuracy", "Mean probability of the predicted class over the latest window (CBPE).", "model", "version");
        AlertsOpen = factory.CreateGauge("ferry_alerts_open", "Open alerts, by rule.", "model", "rule");
        LogDropped = factory.CreateCounter("ferry_prediction_log_dropped_total",
            "Predictions the log could not keep, by reason: queue_rows or queue_bytes (its queue was full), store (the write failed).", "reason");
        LogTruncatedCells = factory.CreateCounter("ferry_prediction_log_truncated_cells_total", "Logged cells whose text was cut to the longest a cell keeps.");
        AdmissionRefused = factory.CreateCounter("ferry_admission_refused_total", "Requests answered 503 at once because their rows or body bytes did not fit in flight.", "unit");
        ShadowDropped = factory.CreateCounter("ferry_shadow_dropped_total", "Request rows the challenger could not score in shadow (its queue was full).");
        ChallengerMetric = factory.CreateGauge("ferry_challenger_metric", "The watched metric of champion and challenger on the same labelled rows, at the last check.",
            "model", "version", "role", "metric");
        Runs = factory.CreateGauge("ferry_runs", "Retraining runs of the model in the store, by the stage they are at, as of the last check.", "model", "stage");
        RunChanges = factory.CreateCounter("ferry_run_changes_total", "Stage changes this server's autopilot made to retraining runs, by the stage reached.", "model", "stage");
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    /// <summary>Keeps the log's drop and truncation counters equal to its own counts at every scrape, whatever judges or not.</summary>
    public void Watch(Core.Monitoring.PredictionLog log) => Registry.AddBeforeCollectCallback(() =>
    {
        foreach (var reason in Enum.GetValues<Core.Monitoring.PredictionLogDrop>())
        {
            LogDropped.WithLabels(Label(reason)).IncTo(log.DroppedFor(reason));
        }

        LogTruncatedCells.IncTo(log.TruncatedCells);
    });

    /// <summary>The label of a drop reason in /metrics and /health.</summary>
    public static string Label(Core.Monitoring.PredictionLogDrop reason) => reason switch
    {
        Core.Monitoring.PredictionLogDrop.QueueRows => "queue_rows",
        Core.Monitoring.PredictionLogDrop.QueueBytes => "queue_bytes",
        _ => "store",
    };

    public Counter Predictions { get; }

    public Histogram PredictionSeconds { get; }

    public Gauge ModelLoadSeconds { get; }

    public Gauge DriftShare { get; }

    public Gauge DatasetDrift { get; }

    public Gauge LiveMetric { get; }

    public Gauge EstimatedAccuracy { get; }

    public Gauge AlertsOpen { get; }

    public Counter LogDropped { get; }

    public Counter LogTruncatedCells { get; }

    public Counter AdmissionRefused { get; }

    public Counter ShadowDropped { get; }

    public Gauge ChallengerMetric { get; }

    public Gauge Runs { get; }

    public Counter RunChanges { get; }
}
