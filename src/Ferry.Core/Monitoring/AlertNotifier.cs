using System.Collections.Concurrent;
using System.Data.Common;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Monitoring;

/// <summary>Logs every alert change and every stage a run of the retraining loop reaches, and POSTs each to
/// `monitor.webhook` when one is set, in `monitor.webhook_format`, with a one-line `text` that links to the dashboard.
/// Each body is first kept in the store's outbox (the alert change is already committed, so a body must outlive a
/// cancellation or a restart), then delivered by <see cref="DeliverPendingAsync"/>: at once when notifying (`ferry
/// monitor`), or by the server's delivery loop when <see cref="DeliverLater"/> is set, so a slow receiver never holds up
/// a judgement. A body the receiver cannot take now (network error, timeout, 5xx, 429) is sent again with a bounded
/// backoff, then left in the outbox for the next delivery, in order, until it is <see cref="OutboxTtl"/> old; a body it
/// refuses (another 4xx) is logged and dropped. Logs name a webhook by its scheme and host only: a Slack or Teams URL's
/// path is its credential. A webhook never stops monitoring or a run.</summary>
/// <param name="http">Sends the webhooks.</param>
/// <param name="logger">Where changes and webhook failures are logged.</param>
/// <param name="time">The clock of the backoff and of the outbox's expiry; the system's when null.</param>
/// <param name="outbox">Where bodies wait for their receiver; without one they are sent at once and lost when that fails.</param>
/// <param name="serverUrl">The address the server listens on (the dashboard's when `monitor.dashboard_url` is not set), or null.</param>
/// <param name="webhooks">The webhook each model served here configures now (null: none): a kept body of one of these
/// models for another URL is dropped. Bodies of other models are delivered (another server of the store serves them).</param>
public sealed class AlertNotifier(HttpClient http, ILogger logger, TimeProvider? time = null, IWebhookOutbox? outbox = null, Func<Uri?>? serverUrl = null,
    IReadOnlyDictionary<string, Uri?>? webhooks = null)
{
    /// <summary>The most bodies the outbox keeps; beyond, the oldest are dropped (and counted).</summary>
    public const int OutboxCapacity = 1000;

    private const string Lease = "webhook-outbox";
    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(5);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly WebhookSender _sender = new(http, time ?? TimeProvider.System);
    private readonly string _holder = $"webhooks {Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<PendingWebhook> _unkept = new();
    private readonly SemaphoreSlim _work = new(0, 1);
    private long _refused;
    private long _overflow;
    private long _expired;
    private long _unconfigured;
    private int _pending;

    /// <summary>How old a kept body may grow: an older one is dropped (and counted) rather than delivered this late.</summary>
    public static TimeSpan OutboxTtl { get; } = TimeSpan.FromHours(24);

    /// <summary>True when a delivery loop calls <see cref="DeliverPendingAsync"/> (woken by <see cref="WaitForWorkAsync"/>):
    /// notifying then only keeps the bodies and returns. False: notifying delivers before it returns.</summary>
    public bool DeliverLater { get; init; }

    /// <summary>Deliveries that failed (a body's bounded attempts in one delivery), by model.</summary>
    public IReadOnlyDictionary<string, long> Failures => _failures;

    /// <summary>Bodies dropped because their receiver refused them (a 4xx other than 429).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Bodies dropped from the outbox because it was full.</summary>
    public long Overflowed => Interlocked.Read(ref _overflow);

    /// <summary>Bodies dropped from the outbox because they were older than <see cref="OutboxTtl"/>.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Bodies dropped from the outbox because their model no longer configures their URL.</summary>
    public long Unconfigured => Interlocked.Read(ref _unconfigured);

    /// <summary>Bodies in the outbox after this notifier last looked.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Logs each change and keeps its body for the webhook, then delivers what waits (or wakes the delivery loop,
    /// which a judgement without changes also does: a receiver that is back gets what waited).</summary>
    public async Task NotifyAsync(MonitorSpec monitor, IReadOnlyList<AlertChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            var level = change.Event == "opened" ? LogLevel.Warning : LogLevel.Information;
            logger.Log(level, "Alert {Event}: {Model} v{Version} {Rule}: {Message}", change.Event, change.Alert.Model, change.Version, change.Alert.Rule, change.Alert.Message);
            if (monitor.Webhook is { } webhook)
            {
                await SendAsync(webhook, monitor.WebhookFormat, WebhookNotice.Of(change, Dashboard(monitor, change.Alert.Model)), cancellationToken);
            }
        }

        await DeliverAsync(cancellationToken);
    }

    /// <summary>Logs the stage <paramref name="run"/> just reached (its latest step), keeps its body for the webhook and delivers it.</summary>
    public async Task NotifyRunAsync(MonitorSpec monitor, RetrainRun run, CancellationToken cancellationToken)
    {
        var notice = WebhookNotice.Of(run, Dashboard(monitor, run.Model));
        var level = notice.Severity == "warning" ? LogLevel.Warning : LogLevel.Information;
        logger.Log(level, "Run {Run} of {Model}: {Text}", run.Id, run.Model, notice.Text);
        if (monitor.Webhook is { } webhook)
        {
            await SendAsync(webhook, monitor.WebhookFormat, notice, cancellationToken);
            await DeliverAsync(cancellationToken);
        }
    }

    /// <summary>Waits until a notice was kept, or at most <paramref name="longest"/> (on the clock): the delivery loop's pause.</summary>
    public async Task WaitForWorkAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(longest, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _work.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The pause is over: deliver what still waits for a receiver that was down.
        }
    }

    /// <summary>Sends what waits in the outbox, oldest first, each with the bounded retries: a delivered or refused body is
    /// deleted; a receiver still down keeps its bodies (and the later ones for it) for the next call; a body past
    /// <see cref="OutboxTtl"/>, or for a URL its model no longer configures, is dropped. Among the servers of a shared store
    /// one at a time delivers (a lease, renewed while it sends), so each body arrives once, unless a store error after
    /// its delivery keeps it: delivery is at least once. A store error is logged; the next call tries again.</summary>
    public async Task DeliverPendingAsync(CancellationToken cancellationToken)
    {
        if (outbox is null)
        {
            return;
        }

        try
        {
            KeepUnkept();
            if (outbox.PendingWebhookCount(null) > 0 && LeaseRenewal.Hold(outbox, Lease, _holder, s_lease, _time) is { } lease)
            {
                using (lease)
                {
                    using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
                    await DeliverKeptAsync(outbox, held.Token);
                }
            }
        }
        catch (DbException e)
        {
            logger.LogError("The webhook outbox could not be read or written: {Error}; it is tried again at the next delivery", e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Another server took the webhook outbox's lease; it delivers what is left");
        }
        finally
        {
            CountPending();
        }
    }

    private async Task DeliverKeptAsync(IWebhookOutbox kept, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var down = new HashSet<Uri>();
        foreach (var pending in kept.PendingWebhooks(OutboxCapacity))
        {
            if (Stale(pending, now) is { } reason)
            {
                kept.DeleteWebhook(pending.Id);
                if (reason == "expired")
                {
                    Interlocked.Increment(ref _expired);
                }
                else
                {
                    Interlocked.Increment(ref _unconfigured);
                }

                logger.LogWarning("Webhook {Webhook} body for {What} of {Model} dropped: {Reason}", Shown(pending.Url), pending.What, pending.Model,
                    reason == "expired" ? $"older than {OutboxTtl.TotalHours:0} h" : "the model no longer sends to this webhook");
                continue;
            }

            if (down.Contains(pending.Url))
            {
                continue;
            }

            var result = await _sender.SendAsync(pending.Url, pending.Body, WebhookSender.Attempts, cancellationToken);
            if (result.Delivered || !result.Retryable)
            {
                kept.DeleteWebhook(pending.Id);
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

    /// <summary>Why a kept body is not delivered any more (expired, unconfigured), or null.</summary>
    private string? Stale(PendingWebhook pending, DateTimeOffset now) =>
        now - pending.At > OutboxTtl ? "expired"
        : webhooks is not null && webhooks.TryGetValue(pending.Model, out var configured) && configured != pending.Url ? "unconfigured"
        : null;

    private Task DeliverAsync(CancellationToken cancellationToken)
    {
        if (!DeliverLater)
        {
            return DeliverPendingAsync(cancellationToken);
        }

        if (_work.CurrentCount == 0)
        {
            try
            {
                _work.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another notice woke the loop just now.
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Keeps the body in the outbox; one the store cannot take now waits in memory for the next delivery (a store
    /// error is logged and never stops the notices after it). Without an outbox the body is sent at once.</summary>
    private async Task SendAsync(Uri webhook, WebhookFormat format, WebhookNotice notice, CancellationToken cancellationToken)
    {
        var body = WebhookBodies.Format(notice, format);
        if (outbox is null)
        {
            var result = await _sender.SendAsync(webhook, body, WebhookSender.Attempts, cancellationToken);
            if (!result.Delivered)
            {
                Failed(notice.Model, webhook, notice.What, result, result.Retryable ? "lost (no store to keep it)" : "dropped");
            }

            return;
        }

        var pending = new PendingWebhook(0, notice.Model, webhook, notice.What, body, _time.GetUtcNow());
        KeepUnkept();
        if (!_unkept.IsEmpty || !TryKeep(pending))
        {
            Remember(pending);
        }

        CountPending();
    }

    /// <summary>Moves the bodies the store could not take into it, in order, until it fails again.</summary>
    private void KeepUnkept()
    {
        while (_unkept.TryPeek(out var pending) && TryKeep(pending))
        {
            _unkept.TryDequeue(out _);
        }
    }

    private bool TryKeep(PendingWebhook pending)
    {
        try
        {
            var dropped = outbox!.KeepWebhook(pending, OutboxCapacity);
            if (dropped > 0)
            {
                Interlocked.Add(ref _overflow, dropped);
                logger.LogWarning("The webhook outbox is full ({Capacity} bodies): the oldest {Dropped} were dropped", OutboxCapacity, dropped);
            }

            return true;
        }
        catch (DbException e)
        {
            logger.LogError("The webhook body for {What} of {Model} could not be kept in the store: {Error}; it waits in memory", pending.What, pending.Model, e.Message);
            return false;
        }
    }

    /// <summary>Holds a body the store refused, at most <see cref="OutboxCapacity"/> of them (the oldest dropped beyond).</summary>
    private void Remember(PendingWebhook pending)
    {
        _unkept.Enqueue(pending);
        while (_unkept.Count > OutboxCapacity && _unkept.TryDequeue(out _))
        {
            Interlocked.Increment(ref _overflow);
        }
    }

    private void CountPending()
    {
        try
        {
            Volatile.Write(ref _pending, outbox!.PendingWebhookCount(null) + _unkept.Count);
        }
        catch (DbException)
        {
            // The count stays as last seen; the store's failure is logged where it matters (keeping, delivering).
        }
    }

    private void Failed(string model, Uri webhook, string what, WebhookResult result, string fate)
    {
        _failures.AddOrUpdate(model, 1, (_, count) => count + 1);
        if (!result.Retryable)
        {
            Interlocked.Increment(ref _refused);
        }

        logger.LogWarning("Webhook {Webhook} failed for {What}: {Error} ({Attempts} attempts); {Fate}", Shown(webhook), what, result.Error, result.Attempts, fate);
    }

    /// <summary>A webhook as logs name it: scheme, host and port, then "/…" for the path it hides (a Slack or Teams
    /// webhook's path is its secret, and user info a password).</summary>
    public static string Shown(Uri webhook) => $"{webhook.Scheme}://{webhook.Authority}" + (webhook.PathAndQuery is "/" or "" ? "" : "/…");

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
