using System.Collections.Concurrent;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Monitoring;

/// <summary>Logs every alert change and every stage a run of the retraining loop reaches, and POSTs each to
/// `monitor.webhook` when one is set, in `monitor.webhook_format`, with a one-line `text` that links to the dashboard. A
/// body the receiver cannot take now (network error, timeout, 5xx, 429) is sent again with a bounded backoff, then kept
/// in the store's outbox and delivered, in order, when the receiver is back (<see cref="DeliverPendingAsync"/>); a body it
/// refuses (another 4xx) is logged and dropped. A webhook never stops monitoring or a run.</summary>
/// <param name="http">Sends the webhooks.</param>
/// <param name="logger">Where changes and webhook failures are logged.</param>
/// <param name="time">The clock of the backoff; the system's when null.</param>
/// <param name="outbox">Where undelivered bodies wait; without one they are logged and lost.</param>
/// <param name="serverUrl">The address the server listens on (the dashboard's when `monitor.dashboard_url` is not set), or null.</param>
public sealed class AlertNotifier(HttpClient http, ILogger logger, TimeProvider? time = null, IWebhookOutbox? outbox = null, Func<Uri?>? serverUrl = null)
{
    /// <summary>The most bodies the outbox keeps; beyond, the oldest are dropped (and counted).</summary>
    public const int OutboxCapacity = 1000;

    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(5);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly WebhookSender _sender = new(http, time ?? TimeProvider.System);
    private readonly string _holder = $"webhooks {Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private long _refused;
    private long _overflow;
    private int _pending;

    /// <summary>Deliveries that failed (a body's attempts as it happened, or one attempt from the outbox), by model.</summary>
    public IReadOnlyDictionary<string, long> Failures => _failures;

    /// <summary>Bodies dropped because their receiver refused them (a 4xx other than 429).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Bodies dropped from the outbox because it was full.</summary>
    public long Overflowed => Interlocked.Read(ref _overflow);

    /// <summary>Bodies in the outbox after this notifier last looked.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Delivers what waits in the outbox, then logs each change and POSTs it (behind what still waits for the same receiver).</summary>
    public async Task NotifyAsync(MonitorSpec monitor, IReadOnlyList<AlertChange> changes, CancellationToken cancellationToken)
    {
        await DeliverPendingAsync(cancellationToken);
        foreach (var change in changes)
        {
            var level = change.Event == "opened" ? LogLevel.Warning : LogLevel.Information;
            logger.Log(level, "Alert {Event}: {Model} v{Version} {Rule}: {Message}", change.Event, change.Alert.Model, change.Version, change.Alert.Rule, change.Alert.Message);
            if (monitor.Webhook is { } webhook)
            {
                await SendAsync(webhook, monitor.WebhookFormat, WebhookNotice.Of(change, Dashboard(monitor, change.Alert.Model)), cancellationToken);
            }
        }
    }

    /// <summary>Logs the stage <paramref name="run"/> just reached (its latest step) and POSTs it.</summary>
    public async Task NotifyRunAsync(MonitorSpec monitor, RetrainRun run, CancellationToken cancellationToken)
    {
        var notice = WebhookNotice.Of(run, Dashboard(monitor, run.Model));
        var level = notice.Severity == "warning" ? LogLevel.Warning : LogLevel.Information;
        logger.Log(level, "Run {Run} of {Model}: {Text}", run.Id, run.Model, notice.Text);
        if (monitor.Webhook is { } webhook)
        {
            await SendAsync(webhook, monitor.WebhookFormat, notice, cancellationToken);
        }
    }

    /// <summary>Sends what waits in the outbox, oldest first, one attempt each: a delivered or refused body is deleted; a
    /// receiver still down keeps its bodies (and the later ones for it) for the next call. Among the servers of a shared
    /// store one at a time delivers (a lease), so each body arrives once.</summary>
    public async Task DeliverPendingAsync(CancellationToken cancellationToken)
    {
        if (outbox is null)
        {
            return;
        }

        var count = outbox.PendingWebhookCount(null);
        if (count == 0 || !outbox.HoldLease("webhook-outbox", _holder, _time.GetUtcNow(), s_lease))
        {
            Volatile.Write(ref _pending, count);
            return;
        }

        try
        {
            var down = new HashSet<Uri>();
            foreach (var pending in outbox.PendingWebhooks(OutboxCapacity))
            {
                if (down.Contains(pending.Url))
                {
                    continue;
                }

                var result = await _sender.SendAsync(pending.Url, pending.Body, 1, cancellationToken);
                if (result.Delivered || !result.Retryable)
                {
                    outbox.DeleteWebhook(pending.Id);
                }

                if (!result.Delivered)
                {
                    Failed(pending.Model, pending.Url, pending.What, result, result.Retryable ? "kept to send again" : "dropped");
                    if (result.Retryable)
                    {
                        down.Add(pending.Url);
                    }
                }
            }
        }
        finally
        {
            outbox.ReleaseLease("webhook-outbox", _holder);
            Volatile.Write(ref _pending, outbox.PendingWebhookCount(null));
        }
    }

    private async Task SendAsync(Uri webhook, WebhookFormat format, WebhookNotice notice, CancellationToken cancellationToken)
    {
        var body = WebhookBodies.Format(notice, format);
        if (outbox is not null && outbox.PendingWebhookCount(webhook) > 0)
        {
            Keep(webhook, notice, body);
            return;
        }

        var result = await _sender.SendAsync(webhook, body, WebhookSender.Attempts, cancellationToken);
        if (result.Delivered)
        {
            return;
        }

        var keep = result.Retryable && outbox is not null;
        Failed(notice.Model, webhook, notice.What, result, keep ? "kept to send again" : result.Retryable ? "lost (no store to keep it)" : "dropped");
        if (keep)
        {
            Keep(webhook, notice, body);
        }
    }

    private void Keep(Uri webhook, WebhookNotice notice, string body)
    {
        var dropped = outbox!.KeepWebhook(new PendingWebhook(0, notice.Model, webhook, notice.What, body, _time.GetUtcNow()), OutboxCapacity);
        if (dropped > 0)
        {
            Interlocked.Add(ref _overflow, dropped);
            logger.LogWarning("The webhook outbox is full ({Capacity} bodies): the oldest {Dropped} were dropped", OutboxCapacity, dropped);
        }

        Volatile.Write(ref _pending, outbox.PendingWebhookCount(null));
    }

    private void Failed(string model, Uri webhook, string what, WebhookResult result, string fate)
    {
        _failures.AddOrUpdate(model, 1, (_, count) => count + 1);
        if (!result.Retryable)
        {
            Interlocked.Increment(ref _refused);
        }

        logger.LogWarning("Webhook {Webhook} failed for {What}: {Error} ({Attempts} attempts); {Fate}", webhook, what, result.Error, result.Attempts, fate);
    }

    /// <summary>The model's dashboard: `monitor.dashboard_url` when set, else /dashboard where the server listens; null when neither is known.</summary>
    private Uri? Dashboard(MonitorSpec monitor, string model)
    {
        if ((monitor.DashboardUrl ?? (serverUrl?.Invoke() is { } server ? new Uri(server, "/dashboard") : null)) is not { } dashboard)
        {
            return null;
        }

        var query = dashboard.Query.TrimStart('?');
        return new UriBuilder(dashboard) { Query = (query.Length > 0 ? query + "&" : "") + "model=" + Uri.EscapeDataString(model) }.Uri;
    }
}
