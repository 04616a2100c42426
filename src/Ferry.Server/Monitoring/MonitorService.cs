using System.Collections.Concurrent;
using Ferry.Core.Lifecycle;
using Ferry.Core.Monitoring;
using Ferry.Core.Storage;
using Ferry.Server.Models;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Monitoring;

/// <summary>At start and then every <see cref="Period"/> (`monitor.every`, or the `MonitorSeconds` setting): notes which version serves (for uptime), judges each served model
/// and opens or resolves its alerts, which are logged and sent to the webhook. The latest report of each model is kept for
/// /monitoring and /dashboard, which only read it: a judgement reads the whole log window, so only this timer and the
/// admin verb (<see cref="JudgeAsync"/>) pay for one, one at a time.</summary>
public sealed class MonitorService(
    ModelHosts hosts, IMonitoringStore store, PredictionLog log, AlertNotifier notifier, AutopilotService autopilot, ServerMetrics metrics, TimeProvider time,
    IOptions<ServeOptions> options, ILogger<MonitorService> logger) : BackgroundService
{
    private readonly Dictionary<string, int> _served = [];
    private readonly ConcurrentDictionary<string, MonitoringReport> _latest = new();
    private readonly SemaphoreSlim _judging = new(1, 1);
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile StoreOutcome? _lastCheck;

    /// <summary>How the latest judgement ended, or null before the first.</summary>
    public StoreOutcome? LastCheck => _lastCheck;

    /// <summary>The latest judged report of a served model. Before the first round of judgements (which starts with the
    /// server) has ended it waits for that round rather than judging; null when no judgement of the model succeeded yet.</summary>
    public async Task<MonitoringReport?> LatestAsync(ModelHost host, CancellationToken cancellationToken)
    {
        await _firstRound.Task.WaitAsync(cancellationToken);
        return _latest.GetValueOrDefault(host.Model.Name);
    }

    /// <summary>Judges a served model now (after the log is written), acts on its alerts, keeps the report as its latest,
    /// and runs its autopilot check (which may retrain: the judgement returns after it).</summary>
    public async Task<MonitoringReport> JudgeAsync(ModelHost host, CancellationToken cancellationToken)
    {
        await _judging.WaitAsync(cancellationToken);
        try
        {
            await log.FlushAsync(cancellationToken);
            var (report, _) = await MonitorCheck.RunAsync(host.Current.Manifest, host.Model, store, notifier, time.GetUtcNow(), host.Challenger?.Manifest.Version, cancellationToken);
            Publish(report);
            _latest[host.Model.Name] = report;
            _lastCheck = new StoreOutcome(time.GetUtcNow(), null);
            await autopilot.CheckAsync(host, Period, cancellationToken);
            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _lastCheck = new StoreOutcome(time.GetUtcNow(), e.Message);
            throw;
        }
        finally
        {
            _judging.Release();
        }
    }

    public override void Dispose()
    {
        _judging.Dispose();
        base.Dispose();
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

    /// <summary>How often every model is judged: `MonitorSeconds` when set, else the shortest `monitor.every` served.</summary>
    public TimeSpan Period => options.Value.MonitorSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : hosts.All.Min(host => host.Model.Monitor.Every);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            await JudgeAllAsync(stoppingToken);
        }
        finally
        {
            _firstRound.TrySetResult();
        }

        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await JudgeAllAsync(stoppingToken);
        }
    }

    private async Task JudgeAllAsync(CancellationToken stoppingToken)
    {
        foreach (var host in hosts.All)
        {
            try
            {
                NoteServedVersion(host);
                await JudgeAsync(host, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _lastCheck = new StoreOutcome(time.GetUtcNow(), e.Message);
                logger.LogError(e, "Monitoring {Model} failed; retrying in {Seconds} s", host.Model.Name, Period.TotalSeconds);
            }
        }
    }

    /// <summary>Notes the version served when it changed; a model served for the first time also gets its runs in /metrics.</summary>
    private void NoteServedVersion(ModelHost host)
    {
        var version = host.Current.Manifest.Version;
        if (!_served.ContainsKey(host.Model.Name))
        {
            autopilot.PublishRuns(host);
        }

        if (_served.GetValueOrDefault(host.Model.Name) != version)
        {
            store.Served(host.Model.Name, version, time.GetUtcNow());
            _served[host.Model.Name] = version;
        }
    }
}
