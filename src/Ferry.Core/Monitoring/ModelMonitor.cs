using System.Globalization;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Evaluation;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Core.Training;

namespace Ferry.Core.Monitoring;

/// <summary>Reads a model's prediction log and judges it against the bundle: drift of the latest window, performance
/// over labelled windows with the confidence-based estimate, concept drift, staleness, health, and each alert rule.
/// Reads only; <c>Lifecycle.MonitorCheck</c> acts on the rules.</summary>
public static class ModelMonitor
{
    private const int MinimumRows = DatasetDrift.MinimumRows;
    private const int HistoryWindows = 40;

    /// <summary>Alerts a report lists: the open ones, then the latest resolved.</summary>
    public const int AlertsShown = 50;

    /// <param name="manifest">The served version.</param>
    /// <param name="served">The model as served: its monitor settings and alert rules.</param>
    /// <param name="store">The prediction log.</param>
    /// <param name="now">The time judged at.</param>
    /// <param name="challenger">The version served in shadow, if any: compared with the served one on the same labelled rows.</param>
    public static MonitoringReport Analyze(ModelManifest manifest, ServedModel served, IMonitoringStore store, DateTimeOffset now, int? challenger = null)
    {
        var monitor = served.Monitor;
        var recent = store.Recent(manifest.Name, manifest.Version, monitor.Window);
        var drift = Drift(manifest, recent, monitor.Drift);
        var labelled = store.Labelled(manifest.Name, manifest.Version, monitor.PerformanceWindow * HistoryWindows);
        var performance = Performance(manifest, recent, labelled, monitor, drift);
        var age = (now - manifest.CreatedAt).TotalDays;
        var retrain = manifest.Constraints.RetrainEvery?.TotalDays;
        var staleness = new Staleness(manifest.CreatedAt, age, retrain, retrain is { } days && age > days);
        var health = store.Health(manifest.Name, now.AddHours(-1), now);
        var current = health.FirstOrDefault(h => h.Version == manifest.Version);
        var comparison = challenger is { } version ? Compare(manifest, store, version, labelled, performance.Metric, monitor) : null;
        var rules = served.Rules.Select(rule => Judge(rule, drift, performance, staleness, current, comparison)).ToArray();
        return new MonitoringReport(manifest.Name, manifest.Version, manifest.Type.ToName(), now, drift, performance, staleness, health, rules,
            store.Alerts(manifest.Name, AlertsShown), comparison);
    }

    /// <summary>The challenger's shadow answers against the champion's answers to the same labelled rows: the champion's
    /// labelled predictions lend their actual values to the shadow answers logged under their ids.</summary>
    private static ChallengerComparison Compare(ModelManifest manifest, IMonitoringStore store, int version, IReadOnlyList<LoggedPrediction> labelled,
        string metric, MonitorSpec monitor)
    {
        var champion = labelled.ToDictionary(p => PredictionRecord.ShadowId(p.Id), StringComparer.Ordinal);
        var pairs = store.Recent(manifest.Name, version, monitor.PerformanceWindow * HistoryWindows)
            .Where(shadow => champion.ContainsKey(shadow.Id))
            .Select(shadow => (Champion: champion[shadow.Id], Challenger: shadow with { Actual = champion[shadow.Id].Actual })).ToArray();
        if (pairs.Length < MinimumRows)
        {
            return new ChallengerComparison(version, metric, pairs.Length, null, null, null,
                $"too few labelled rows answered by both yet ({pairs.Length}; compared from {MinimumRows})");
        }

        var championValue = Metrics(manifest, [.. pairs.Select(p => p.Champion)])[metric];
        var challengerValue = Metrics(manifest, [.. pairs.Select(p => p.Challenger)])[metric];
        var better = MetricNames.HigherIsBetter(metric) ? challengerValue > championValue : challengerValue < championValue;
        var verdict = $"on the same {pairs.Length} labelled rows, challenger v{version} {metric} {Format(challengerValue)} against champion " +
            $"v{manifest.Version} {Format(championValue)}: " + (better ? $"the challenger does better (promote it: ferry models promote SPEC {version})" : "the champion holds");
        return new ChallengerComparison(version, metric, pairs.Length, championValue, challengerValue, better, verdict);
    }

    private static DriftSummary Drift(ModelManifest manifest, IReadOnlyList<LoggedPrediction> recent, DriftThresholds thresholds)
    {
        var columns = manifest.Inputs.Select((input, i) => input.Kind == ColumnKind.Category
            ? new LiveColumn(input.Name, null, [.. recent.Select(p => p.Values[i])])
            : new LiveColumn(input.Name, [.. recent.Select(p => Number(p.Values[i]))], null)).ToArray();
        var prediction = manifest.Type.IsClassification()
            ? new LiveColumn(ReferenceProfiler.Prediction, null, [.. recent.Select(p => p.Label)])
            : new LiveColumn(ReferenceProfiler.Prediction, [.. recent.Select(p => p.Value ?? double.NaN)], null);
        return DatasetDrift.Compare(manifest.Reference, columns, prediction, recent.Count, thresholds);
    }

    private static PerformanceSummary Performance(ModelManifest manifest, IReadOnlyList<LoggedPrediction> recent, IReadOnlyList<LoggedPrediction> labelled,
        MonitorSpec monitor, DriftSummary drift)
    {
        var classification = manifest.Type.IsClassification();
        var metric = classification
            ? manifest.SuccessMetric.Name is MetricNames.Accuracy or MetricNames.F1 or MetricNames.Precision or MetricNames.Recall ? manifest.SuccessMetric.Name : MetricNames.Accuracy
            : manifest.SuccessMetric.Name is MetricNames.Rmse or MetricNames.Mae or MetricNames.R2 ? manifest.SuccessMetric.Name : MetricNames.Rmse;
        var test = manifest.Metrics.GetValueOrDefault(metric, double.NaN);
        var windows = labelled.Chunk(monitor.PerformanceWindow)
            .Select((chunk, i) => new PerformanceWindow(i, chunk[0].At, chunk[^1].At, chunk.Length, Metrics(manifest, chunk), Estimate(chunk)))
            .ToArray();
        var latestRows = labelled.Skip(Math.Max(0, labelled.Count - monitor.PerformanceWindow)).ToArray();
        var enough = latestRows.Length >= Math.Min(MinimumRows, monitor.PerformanceWindow);
        var latestMetrics = enough ? Metrics(manifest, latestRows) : new Dictionary<string, double>();
        double? latest = enough ? latestMetrics[metric] : null;
        var drop = latest is not { } value || double.IsNaN(test) ? 0
            : MetricNames.HigherIsBetter(metric) ? test - value : (value - test) / Math.Max(Math.Abs(test), 1e-12);
        var fell = drop > monitor.Drift.ConceptDrop;
        var verdict = latest is null ? $"too few labelled predictions yet ({latestRows.Length})"
            : !fell ? $"{metric} {Format(latest.Value)} is in line with the test value {Format(test)}"
            : drift.DatasetDrift ? $"{metric} fell from {Format(test)} to {Format(latest.Value)} and the inputs drifted: data drift explains the fall"
            : $"{metric} fell from {Format(test)} to {Format(latest.Value)} while the inputs did not drift: suspected concept drift";
        return new PerformanceSummary(metric, test, labelled.Count, latest, latestMetrics, classification ? Estimate(recent) : null, windows,
            fell && !drift.DatasetDrift, verdict);
    }

    private static Dictionary<string, double> Metrics(ModelManifest manifest, IReadOnlyList<LoggedPrediction> rows)
    {
        if (!manifest.Type.IsClassification())
        {
            var metrics = RegressionMetrics.Compute([.. rows.Select(r => Number(r.Actual))], [.. rows.Select(r => r.Value ?? double.NaN)]);
            return new Dictionary<string, double> { [MetricNames.Rmse] = metrics[MetricNames.Rmse], [MetricNames.Mae] = metrics[MetricNames.Mae], [MetricNames.R2] = metrics[MetricNames.R2] };
        }

        var classes = manifest.Classes.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var known = rows.Where(r => r.Actual is not null && classes.ContainsKey(r.Actual)).ToArray();
        var onehot = known.Select(r => Enumerable.Range(0, classes.Count).Select(c => r.Label is not null && classes.GetValueOrDefault(r.Label, -1) == c ? 1.0 : 0.0).ToArray()).ToArray();
        var all = ClassificationMetrics.Compute([.. known.Select(r => classes[r.Actual!])], onehot, classes.Count, Decision.DefaultThreshold);
        return new[] { MetricNames.Accuracy, MetricNames.F1, MetricNames.Precision, MetricNames.Recall }.ToDictionary(name => name, name => all[name]);
    }

    private static double? Estimate(IReadOnlyList<LoggedPrediction> rows)
    {
        var confident = rows.Where(r => r.Confidence is not null).ToArray();
        return confident.Length == 0 ? null : confident.Average(r => r.Confidence!.Value);
    }

    private static RuleState Judge(AlertRule rule, DriftSummary drift, PerformanceSummary performance, Staleness staleness, VersionHealth? health,
        ChallengerComparison? challenger)
    {
        var metric = AlertRules.Metric(rule.Name);
        double? value = rule.Name switch
        {
            AlertRules.DriftShareAbove => drift.WindowRows >= MinimumRows ? drift.Share : null,
            AlertRules.PredictionPsiAbove => drift.WindowRows >= MinimumRows && drift.Prediction is { } p && !double.IsNaN(p.Psi) ? p.Psi : null,
            AlertRules.P99LatencyMsAbove => health is { Predictions: >= MinimumRows } ? health.P99Ms : null,
            AlertRules.ErrorRateAbove => health is { } h && h.Predictions + h.Errors >= MinimumRows ? h.ErrorRate : null,
            AlertRules.EstimatedAccuracyBelow => drift.WindowRows >= MinimumRows ? performance.EstimatedAccuracy : null,
            AlertRules.Stale => staleness.AgeDays,
            AlertRules.ConceptDrift => performance.Latest is null ? null : performance.ConceptDrift ? 1 : 0,
            AlertRules.ChallengerBetter => challenger?.Better is { } better ? better ? 1 : 0 : null,
            _ when metric is not null && performance.LatestMetrics.TryGetValue(metric, out var live) => live,
            _ => null,
        };
        var firing = value is { } v && rule.Name switch
        {
            AlertRules.DriftShareAbove => v >= rule.Threshold,
            AlertRules.Stale => staleness.Stale,
            AlertRules.ConceptDrift or AlertRules.ChallengerBetter => v >= 1,
            _ => rule.Name.EndsWith("_below", StringComparison.Ordinal) ? v < rule.Threshold : v > rule.Threshold,
        };
        var message = value is not { } shown ? $"{rule.Name}: not enough data yet"
            : rule.Name switch
            {
                AlertRules.Stale => $"model is {Format(shown)} days old; retrain_every is {Format(staleness.RetrainEveryDays ?? 0)} days",
                AlertRules.ConceptDrift => performance.Verdict,
                AlertRules.ChallengerBetter => $"challenger v{challenger!.Version} in shadow: {challenger.Verdict}",
                AlertRules.DriftShareAbove => $"{drift.Drifted} of {drift.Features.Count} features drifted (share {Format(shown)}, threshold {Format(rule.Threshold)}): {string.Join(", ", drift.Features.Where(f => f.Drifted).Take(5).Select(f => f.Column))}",
                _ => $"{rule.Name.Replace('_', ' ')} {Format(rule.Threshold)}: value {Format(shown)}",
            };
        return new RuleState(rule.Name, value, rule.Threshold, firing, message);
    }

    /// <summary>A logged number at the precision training data is held in (32-bit floats), so a live 1.4 falls in the
    /// same bin and ties with a training 1.4.</summary>
    private static double Number(string? text) =>
        text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? (float)value : double.NaN;

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
