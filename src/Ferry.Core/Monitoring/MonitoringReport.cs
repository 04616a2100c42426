using Ferry.Core.Storage;

namespace Ferry.Core.Monitoring;

/// <summary>Everything known about a served model at one moment: drift, performance, staleness, health, alerts.</summary>
public sealed record MonitoringReport(
    string Model,
    int Version,
    string Type,
    DateTimeOffset At,
    DriftSummary Drift,
    PerformanceSummary Performance,
    Staleness Staleness,
    IReadOnlyList<VersionHealth> Health,
    IReadOnlyList<RuleState> Rules,
    IReadOnlyList<Alert> Alerts,
    ChallengerComparison? Challenger = null);

/// <summary>The challenger served in shadow against the champion on the same labelled request rows.</summary>
/// <param name="Version">The challenger's version.</param>
/// <param name="Metric">The metric compared (the performance metric watched).</param>
/// <param name="Rows">Labelled request rows both versions answered.</param>
/// <param name="Champion">The champion's metric on those rows (null: too few rows).</param>
/// <param name="Challenger">The challenger's metric on the same rows (null: too few rows).</param>
/// <param name="Better">True when the challenger did better there (null: too few rows).</param>
/// <param name="Verdict">One sentence on it.</param>
public sealed record ChallengerComparison(int Version, string Metric, int Rows, double? Champion, double? Challenger, bool? Better, string Verdict);

/// <summary>The latest window of predictions against the training reference; features most drifted first.</summary>
public sealed record DriftSummary(int WindowRows, int ReferenceRows, IReadOnlyList<FeatureDrift> Features, int Drifted, double Share, bool DatasetDrift, FeatureDrift? Prediction);

/// <summary>Performance over time on labelled predictions, next to the test-set value and to the estimate from the
/// model's own confidence (CBPE) that needs no labels.</summary>
/// <param name="Metric">The metric watched: the success metric when it can be computed live, else accuracy or rmse.</param>
/// <param name="Test">The metric's value on the test part when the model was trained.</param>
/// <param name="Labelled">Labelled predictions read (up to 40 windows).</param>
/// <param name="Latest">The metric over the latest performance window of labelled predictions (null: too few labels).</param>
/// <param name="LatestMetrics">Every live metric over the latest performance window.</param>
/// <param name="EstimatedAccuracy">Mean probability of the predicted class over the drift window (classification).</param>
/// <param name="Windows">Consecutive windows of labelled predictions, oldest first.</param>
/// <param name="ConceptDrift">True when performance fell by more than monitor.drift.concept_drop while the inputs did not drift.</param>
/// <param name="Verdict">One sentence on the performance.</param>
public sealed record PerformanceSummary(
    string Metric,
    double Test,
    int Labelled,
    double? Latest,
    IReadOnlyDictionary<string, double> LatestMetrics,
    double? EstimatedAccuracy,
    IReadOnlyList<PerformanceWindow> Windows,
    bool ConceptDrift,
    string Verdict);

/// <summary>One window of labelled predictions, oldest first: realized metrics and the CBPE estimate.</summary>
public sealed record PerformanceWindow(int Index, DateTimeOffset From, DateTimeOffset To, int Count, IReadOnlyDictionary<string, double> Metrics, double? EstimatedAccuracy);

/// <summary>The model's age against constraints.retrain_every.</summary>
public sealed record Staleness(DateTimeOffset TrainedAt, double AgeDays, double? RetrainEveryDays, bool Stale);

/// <summary>An alert rule's current value against its threshold (value null: not enough data to judge).</summary>
public sealed record RuleState(string Rule, double? Value, double Threshold, bool Firing, string Message);
