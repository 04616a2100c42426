using Ferry.Core.Bundles;
using Ferry.Core.Monitoring;
using Ferry.Core.Storage;

namespace Ferry.Core.Lifecycle;

/// <summary>One check of a served model, as the server's timer, its /monitoring and /dashboard, and `ferry monitor` run
/// it: judge the model, open and resolve its alerts, log them and send them to the webhook.</summary>
public static class MonitorCheck
{
    /// <returns>The report (its alerts as they stand after this check) and the alerts this check opened or resolved.</returns>
    public static async Task<(MonitoringReport Report, IReadOnlyList<AlertChange> Changes)> RunAsync(
        ModelManifest manifest, ServedModel served, IMonitoringStore store, AlertNotifier notifier, DateTimeOffset now, int? challenger, CancellationToken cancellationToken)
    {
        var report = ModelMonitor.Analyze(manifest, served, store, now, challenger);
        var changes = AlertBook.Apply(report, store, now);
        await notifier.NotifyAsync(served.Monitor, changes, cancellationToken);
        return (changes.Count == 0 ? report : report with { Alerts = store.Alerts(manifest.Name, ModelMonitor.AlertsShown) }, changes);
    }
}
