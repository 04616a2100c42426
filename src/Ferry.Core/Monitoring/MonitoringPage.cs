using System.Globalization;
using System.Net;
using System.Text;
using Ferry.Core.Storage;

namespace Ferry.Core.Monitoring;

/// <summary>One self-contained HTML page of a <see cref="MonitoringReport"/> (no network needed): rules and alerts,
/// the runs of the retraining loop, drift per feature with training and live histograms, performance over time, health,
/// staleness. Served at /dashboard and written by `ferry monitor --html`.</summary>
public static partial class MonitoringPage
{
    /// <summary>How many of the model's latest runs the page shows.</summary>
    public const int RunsShown = 20;

    private const int Histograms = 6;

    private const string Style = """
        <style>body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1d2733; } table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
        td, th { border: 1px solid #ccd5df; padding: 0.25rem 0.6rem; text-align: left; } th { background: #eef2f6; }
        .firing { color: #b3261e; font-weight: bold; } .ok { color: #1e7b34; } .open { color: #8a5a00; font-weight: bold; } .charts { display: flex; flex-wrap: wrap; gap: 0.5rem; }
        .chart svg { max-width: 100%; height: auto; }</style>
        """;

    /// <param name="report">What to show.</param>
    /// <param name="refreshSeconds">Reload the page this often (0: never).</param>
    /// <param name="runs">The model's latest runs, newest first (at most <see cref="RunsShown"/>).</param>
    public static string Render(MonitoringReport report, int refreshSeconds, IReadOnlyList<RetrainRun> runs)
    {
        var html = new StringBuilder();
        var refresh = refreshSeconds > 0 ? $"<meta http-equiv=\"refresh\" content=\"{refreshSeconds}\">" : "";
        var retrain = report.Staleness.RetrainEveryDays is { } days ? $" (retrain every {F(days)})" : "";
        var stale = report.Staleness.Stale ? ": <span class=\"firing\">stale</span>" : "";
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ferry monitoring: {E(report.Model)} v{report.Version}</title>{refresh}{Style}</head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(report.Model)} v{report.Version} <small>({E(report.Type)})</small></h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Judged at {report.At:yyyy-MM-dd HH:mm:ss} UTC over the latest {report.Drift.WindowRows} predictions against {report.Drift.ReferenceRows} training rows. ");
        html.Append(CultureInfo.InvariantCulture, $"{E(report.Performance.Verdict)}. Model age {F(report.Staleness.AgeDays)} days{retrain}{stale}.</p>");
        if (report.Challenger is { } challenger)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Challenger v{challenger.Version} in shadow: {E(challenger.Verdict)}.</p>");
        }

        Rules(html, report);
        Alerts(html, report.Alerts);
        Runs(html, runs);
        html.Append("<h2>Charts</h2><div class=\"charts\">");
        Chart(html, "performance", MonitoringCharts.Performance(report.Performance));
        if (report.Drift.Features.Count > 0)
        {
            Chart(html, "drift", MonitoringCharts.Drift(report.Drift));
        }

        if (report.Health.Count > 0)
        {
            Chart(html, "health", MonitoringCharts.Health(report.Health));
        }

        foreach (var feature in report.Drift.Features.Take(Histograms).Concat(report.Drift.Prediction is { } p ? [p] : []))
        {
            Chart(html, "histogram", MonitoringCharts.Histogram(feature));
        }

        html.Append("</div>");
        DriftTable(html, report.Drift);
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Rules(StringBuilder html, MonitoringReport report)
    {
        html.Append("<h2>Alert rules</h2><table id=\"rules\"><tr><th>rule</th><th>value</th><th>threshold</th><th>state</th><th>detail</th></tr>");
        foreach (var rule in report.Rules)
        {
            var state = rule.Value is null ? "no data" : rule.Firing ? "<span class=\"firing\">firing</span>" : "<span class=\"ok\">ok</span>";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(rule.Rule)}</td><td>{(rule.Value is { } v ? F(v) : "")}</td><td>{F(rule.Threshold)}</td><td>{state}</td><td>{E(rule.Message)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Alerts(StringBuilder html, IReadOnlyList<Alert> alerts)
    {
        html.Append("<h2>Alerts</h2>");
        if (alerts.Count == 0)
        {
            html.Append("<p>No alerts.</p>");
            return;
        }

        html.Append("<table id=\"alerts\"><tr><th>rule</th><th>opened</th><th>resolved</th><th>value</th><th>message</th></tr>");
        foreach (var alert in alerts)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(alert.ResolvedAt is null ? "firing" : "")}\"><td>{E(alert.Rule)}</td><td>{alert.OpenedAt:yyyy-MM-dd HH:mm:ss}</td><td>{alert.ResolvedAt:yyyy-MM-dd HH:mm:ss}</td><td>{F(alert.Value)}</td><td>{E(alert.Message)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void DriftTable(StringBuilder html, DriftSummary drift)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>Data drift</h2><p>{drift.Drifted} of {drift.Features.Count} features drifted (share {F(drift.Share)}); dataset drift: {(drift.DatasetDrift ? "<span class=\"firing\">yes</span>" : "no")}.</p>");
        html.Append("<table id=\"drift\"><tr><th>feature</th><th>test</th><th>statistic</th><th>p-value</th><th>drifted</th><th>PSI</th><th>training mean (std)</th><th>live mean (std)</th><th>missing</th></tr>");
        foreach (var f in drift.Features.Concat(drift.Prediction is { } p ? [p] : []))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(f.Column)}</td><td>{E(f.Test)}</td><td>{F(f.Statistic)}</td><td>{(f.PValue is { } pv ? F(pv) : "")}</td><td class=\"{(f.Drifted ? "firing" : "")}\">{(f.Drifted ? "yes" : "no")}</td><td>{F(f.Psi)} ({E(f.PsiLevel)})</td><td>{MeanStd(f.ReferenceMean, f.ReferenceStd)}</td><td>{MeanStd(f.CurrentMean, f.CurrentStd)}</td><td>{f.MissingShare:P1}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Chart(StringBuilder html, string kind, string svg) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"chart\" data-chart=\"{kind}\">{svg}</div>");

    private static string MeanStd(double mean, double std) => double.IsNaN(mean) ? "" : $"{F(mean)} ({F(std)})";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value) => double.IsNaN(value) ? "" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
