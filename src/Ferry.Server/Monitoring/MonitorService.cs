using Ferry.Core.Monitoring;
using Ferry.Core.Storage;
using Ferry.Server.Models;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Monitoring;

/// <summary>Every `MonitorSeconds`: notes which version serves (for uptime), judges the served model and opens or
/// resolves its alerts, which are logged and sent to the webhook.</summary>
public sealed class MonitorService(
    ModelHosts hosts, IMonitoringStore store, PredictionLog log, AlertNotifier notifier, ServerMetrics metrics, TimeProvider time,
    IOptions<ServeOptions> options, ILogger<MonitorService> logger) : BackgroundService
{
    private readonly Dictionary<string, int> _served = [];

    /// <summary>Judges a served model once and acts on its alerts.</summary>
    public async Task<MonitoringReport> CheckAsync(ModelHost host, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        var (report, _) = await MonitorCheck.RunAsync(host.Current.Manifest, host.Spec, store, notifier, time.GetUtcNow(), host.Challenger?.Manifest.Version, cancellationToken);
        Publish(report);
        return report;
    }

    /// <summary>The report's headline numbers as Prometheus gauges, for alerting outside Ferry.</summary>
    private void Publish(MonitoringReport report)
    {
        string[] labels = [report.Model, report.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        metrics.DriftShare.WithLabels(labels).Set(report.Drift.Share);
        metrics.DatasetDrift.WithLabels(labels).Set(report.Drift.DatasetDrift ? 1 : 0);
        if (report.Performance.Latest is { } latest)
        {
            metrics.LiveMetric.WithLabels([.. labels, report.Performance.Metric]).Set(latest);
        }

        if (report.Performance.EstimatedAccuracy is { } estimated)
        {
            metrics.EstimatedAccuracy.WithLabels(labels).Set(estimated);
        }

        foreach (var rule in report.Rules)
        {
            metrics.AlertsOpen.WithLabels(report.Model, rule.Rule).Set(report.Alerts.Count(a => a.Rule == rule.Rule && a.ResolvedAt is null));
        }

        if (report.Challenger is { Champion: { } champion, Challenger: { } challenger } comparison)
        {
            metrics.ChallengerMetric.WithLabels([.. labels, "champion", comparison.Metric]).Set(champion);
            metrics.ChallengerMetric.WithLabels(report.Model, comparison.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), "challenger", comparison.Metric).Set(challenger);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.MonitorSeconds), time);
        do
        {
            foreach (var host in hosts.All)
            {
                try
                {
                    NoteServedVersion(host);
                    await CheckAsync(host, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Monitoring {Model} failed; retrying in {Seconds} s", host.Spec.Name, options.Value.MonitorSeconds);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private void NoteServedVersion(ModelHost host)
    {
        var version = host.Current.Manifest.Version;
        if (_served.GetValueOrDefault(host.Spec.Name) != version)
        {
            store.Served(host.Spec.Name, version, time.GetUtcNow());
            _served[host.Spec.Name] = version;
        }
    }
}
