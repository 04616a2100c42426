namespace Ferry.Core.Spec;

/// <summary>The alert rules `monitor.alerts` may name, and the defaults when it names none.</summary>
internal static class AlertRules
{
    public const string DriftShareAbove = "drift_share_above";
    public const string PredictionPsiAbove = "prediction_psi_above";
    public const string P99LatencyMsAbove = "p99_latency_ms_above";
    public const string ErrorRateAbove = "error_rate_above";
    public const string EstimatedAccuracyBelow = "estimated_accuracy_below";
    public const string Stale = "stale";
    public const string ConceptDrift = "concept_drift";

    /// <summary>The challenger in shadow did better than the champion on the same labelled rows (opt-in).</summary>
    public const string ChallengerBetter = "challenger_better";

    /// <summary>Rules that are on or off (true/false) rather than a threshold.</summary>
    public static IReadOnlyList<string> Switches { get; } = [Stale, ConceptDrift, ChallengerBetter];

    public static IReadOnlyList<string> For(ProblemType type) =>
    [
        .. type.IsClassification()
            ? new[] { "accuracy_below", "f1_below", "precision_below", "recall_below", EstimatedAccuracyBelow }
            : ["rmse_above", "mae_above"],
        DriftShareAbove, PredictionPsiAbove, P99LatencyMsAbove, ErrorRateAbove, Stale, ConceptDrift, ChallengerBetter,
    ];

    /// <summary>The metric a performance rule watches (accuracy_below: accuracy), or null for other rules.</summary>
    public static string? Metric(string rule) => rule switch
    {
        EstimatedAccuracyBelow => null,
        _ when rule.EndsWith("_below", StringComparison.Ordinal) => rule[..^"_below".Length],
        "rmse_above" or "mae_above" => rule[..^"_above".Length],
        _ => null,
    };

    /// <summary>Rules for a model without `monitor.alerts`: the success metric's threshold, dataset drift at the drift
    /// share, the latency budget, and staleness when retrain_every is set.</summary>
    public static IReadOnlyList<AlertRule> Defaults(MonitorSpec monitor, SuccessMetric success, Constraints constraints)
    {
        var rules = new List<AlertRule> { new(DriftShareAbove, monitor.Drift.Share) };
        var metric = success.Name;
        if (success.Threshold is { } threshold && metric is not (MetricNames.RocAuc or MetricNames.R2))
        {
            rules.Add(new(metric + (MetricNames.HigherIsBetter(metric) ? "_below" : "_above"), threshold));
        }

        if (constraints.LatencyMs is { } latency)
        {
            rules.Add(new(P99LatencyMsAbove, latency));
        }

        if (constraints.RetrainEvery is not null)
        {
            rules.Add(new(Stale, 1));
        }

        return rules;
    }
}
