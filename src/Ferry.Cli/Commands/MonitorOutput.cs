using System.Globalization;
using Ferry.Core.Monitoring;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>The terminal tables of `ferry monitor`: drifted features first, performance windows, health, rules, alerts.</summary>
internal static class MonitorOutput
{
    public static void Write(IAnsiConsole console, MonitoringReport report, IReadOnlyList<AlertChange> changes)
    {
        var drift = report.Drift;
        console.MarkupLine($"[bold]{Markup.Escape(report.Model)}[/] v{report.Version}: {drift.WindowRows} latest predictions against {drift.ReferenceRows} training rows; " +
            $"{drift.Drifted} of {drift.Features.Count} features drifted{(drift.DatasetDrift ? " [red]dataset drift[/]" : "")}.");
        var features = new Table().Title("Data drift (drifted first)").AddColumns("feature", "test", "statistic", "p-value", "drifted", "PSI", "training mean (std)", "live mean (std)", "missing");
        foreach (var f in drift.Features.Concat(drift.Prediction is { } p ? [p] : []))
        {
            features.AddRow(Markup.Escape(f.Column), f.Test, F(f.Statistic), f.PValue is { } pv ? F(pv) : "", f.Drifted ? "[red]yes[/]" : "no",
                $"{F(f.Psi)} ({f.PsiLevel})", MeanStd(f.ReferenceMean, f.ReferenceStd), MeanStd(f.CurrentMean, f.CurrentStd), f.MissingShare.ToString("P1", CultureInfo.InvariantCulture));
        }

        console.Write(features);
        var performance = report.Performance;
        console.MarkupLine($"Performance: {Markup.Escape(performance.Verdict)} ({performance.Labelled} labelled){(performance.EstimatedAccuracy is { } e ? $"; estimated accuracy of the latest predictions (CBPE) {F(e)}" : "")}.");
        if (performance.Windows.Count > 0)
        {
            var windows = new Table().Title($"{performance.Metric} per window of labelled predictions").AddColumns("window", "from", "to", "rows", performance.Metric, "estimated accuracy");
            foreach (var w in performance.Windows)
            {
                windows.AddRow((w.Index + 1).ToString(CultureInfo.InvariantCulture), w.From.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    w.To.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), w.Count.ToString(CultureInfo.InvariantCulture),
                    F(w.Metrics.GetValueOrDefault(performance.Metric, double.NaN)), w.EstimatedAccuracy is { } est ? F(est) : "");
            }

            console.Write(windows);
        }

        if (report.Challenger is { } challenger)
        {
            console.MarkupLine($"Challenger v{challenger.Version} in shadow: {Markup.Escape(challenger.Verdict)}{(challenger.Better is true ? " [green](better)[/]" : "")}.");
        }

        var health = new Table().Title("Health (last hour)").AddColumns("version", "predictions", "p50 ms", "p95 ms", "p99 ms", "per second", "error rate", "uptime");
        foreach (var h in report.Health)
        {
            health.AddRow($"v{h.Version}", h.Predictions.ToString(CultureInfo.InvariantCulture), F(h.P50Ms), F(h.P95Ms), F(h.P99Ms), F(h.Throughput),
                h.ErrorRate.ToString("P2", CultureInfo.InvariantCulture), h.UptimeSeconds is { } up ? TimeSpan.FromSeconds(Math.Round(up)).ToString("c", CultureInfo.InvariantCulture) : "");
        }

        console.Write(health);
        console.MarkupLine($"Staleness: trained {report.Staleness.TrainedAt:yyyy-MM-dd HH:mm}, {F(report.Staleness.AgeDays)} days old{(report.Staleness.Stale ? " [red](stale)[/]" : "")}.");
        var rules = new Table().Title("Alert rules").AddColumns("rule", "value", "threshold", "state", "detail");
        foreach (var rule in report.Rules)
        {
            rules.AddRow(rule.Rule, rule.Value is { } v ? F(v) : "", F(rule.Threshold), rule.Value is null ? "no data" : rule.Firing ? "[red]firing[/]" : "[green]ok[/]", Markup.Escape(rule.Message));
        }

        console.Write(rules);
        foreach (var change in changes)
        {
            console.MarkupLine($"Alert {change.Event}: {Markup.Escape(change.Alert.Rule)}: {Markup.Escape(change.Alert.Message)}");
        }
    }

    private static string MeanStd(double mean, double std) => double.IsNaN(mean) ? "" : $"{F(mean)} ({F(std)})";

    private static string F(double value) => double.IsNaN(value) ? "" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
