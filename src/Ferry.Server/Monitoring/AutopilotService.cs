using Ferry.Core.Lifecycle;
using Ferry.Core.Monitoring;
using Ferry.Core.Storage;
using Ferry.Server.Models;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Ferry.Server.Monitoring;

/// <summary>Runs the <see cref="Autopilot"/> of every served model each monitor period, once the server listens (the
/// addresses it listens on decide whether feedback may steer what is learned, <see cref="FeedbackTrust"/>): open runs
/// move on, triggers start runs, and each stage change is logged and sent to the model's webhook. A check that throws is
/// logged and tried again next period; the champion keeps serving whatever a run does.</summary>
internal sealed class AutopilotService(
    ModelHosts hosts, MonitoringStore store, MonitorService monitor, AlertNotifier notifier, IServer server, IHostApplicationLifetime lifetime, TimeProvider time,
    IOptions<ServeOptions> options, ILogger<AutopilotService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        var trusted = FeedbackTrust.Untrusted(options.Value.FeedbackKey, [.. server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []]) is null;
        var autopilot = new Autopilot(time);
        using var timer = new PeriodicTimer(monitor.Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var host in hosts.All)
            {
                await CheckAsync(autopilot, host, trusted, stoppingToken);
            }
        }
    }

    private async Task CheckAsync(Autopilot autopilot, ModelHost host, bool trusted, CancellationToken stoppingToken)
    {
        var changes = new List<RetrainRun>();
        try
        {
            var done = await Task.Run(() => autopilot.Check(host.Model, host.Registry, store, store, trusted, changes.Add, stoppingToken), stoppingToken);
            if (done is not null)
            {
                logger.LogInformation("{Model}: {Run}", host.Model.Name, done);
                host.Reload();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The retraining loop of {Model} failed; trying again in {Seconds} s", host.Model.Name, monitor.Period.TotalSeconds);
        }

        foreach (var run in changes)
        {
            await notifier.NotifyRunAsync(host.Model.Monitor.Webhook, run, stoppingToken);
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStart = lifetime.ApplicationStarted.Register(() => started.TrySetResult(true));
        using var onStop = stoppingToken.Register(() => started.TrySetResult(false));
        return await started.Task;
    }
}
