using Ferry.Core.Monitoring;

namespace Ferry.Server.Monitoring;

/// <summary>The server's webhook delivery loop, off the monitor's path: a judgement or a run only keeps its bodies in the
/// store's outbox and wakes this loop, which sends them (<see cref="AlertNotifier.DeliverPendingAsync"/>, with its bounded
/// retries), so a receiver that is down or never answers holds up no judgement. What a receiver that is down could not
/// take is tried again at the next wake, or after <see cref="Pause"/>. Stopping the server leaves undelivered bodies in
/// the outbox for the next start (or another server of the store).</summary>
internal sealed class WebhookDelivery(AlertNotifier notifier) : BackgroundService
{
    /// <summary>The longest wait between two deliveries.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await notifier.DeliverPendingAsync(stoppingToken);
            await notifier.WaitForWorkAsync(Pause, stoppingToken);
        }
    }
}
