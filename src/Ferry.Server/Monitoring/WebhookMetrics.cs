using Ferry.Core.Monitoring;
using Prometheus;

namespace Ferry.Server.Monitoring;

/// <summary>The webhook's counts in /metrics, kept equal to the notifier's own at every scrape:
/// ferry_webhook_failures_total{model}, ferry_webhook_dropped_total{reason} and ferry_webhook_pending.</summary>
internal static class WebhookMetrics
{
    public static void Watch(ServerMetrics metrics, AlertNotifier notifier)
    {
        var factory = Metrics.WithCustomRegistry(metrics.Registry);
        var failures = factory.CreateCounter("ferry_webhook_failures_total",
            "Webhook deliveries that failed (a body's bounded attempts in one delivery from the outbox), by model.", "model");
        var dropped = factory.CreateCounter("ferry_webhook_dropped_total",
            "Webhook bodies given up, by reason: refused (the receiver answered a 4xx other than 429), outbox_full (the oldest beyond the outbox's capacity), "
            + "expired (kept longer than the outbox's time to live) or unconfigured (for a URL their model no longer sends to).", "reason");
        var pending = factory.CreateGauge("ferry_webhook_pending", "Webhook bodies in the store's outbox, waiting for their receiver.");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var (model, count) in notifier.Failures)
            {
                failures.WithLabels(model).IncTo(count);
            }

            dropped.WithLabels("refused").IncTo(notifier.Refused);
            dropped.WithLabels("outbox_full").IncTo(notifier.Overflowed);
            dropped.WithLabels("expired").IncTo(notifier.Expired);
            dropped.WithLabels("unconfigured").IncTo(notifier.Unconfigured);
            pending.Set(notifier.Pending);
        });
    }
}
