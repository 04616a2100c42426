using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Monitoring;

/// <summary>Logs every alert change and POSTs it as JSON to `monitor.webhook` when one is set. A webhook that fails
/// or times out is logged; it never stops monitoring.</summary>
public sealed class AlertNotifier(HttpClient http, ILogger logger)
{
    public async Task NotifyAsync(Uri? webhook, IReadOnlyList<AlertChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            var level = change.Event == "opened" ? LogLevel.Warning : LogLevel.Information;
            logger.Log(level, "Alert {Event}: {Model} v{Version} {Rule}: {Message}", change.Event, change.Alert.Model, change.Version, change.Alert.Rule, change.Alert.Message);
            if (webhook is null)
            {
                continue;
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                using var response = await http.PostAsJsonAsync(webhook, change, BundleJson.Options, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    logger.LogWarning("Webhook {Webhook} answered {Status} to alert {Rule}", webhook, (int)response.StatusCode, change.Alert.Rule);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Webhook {Webhook} failed for alert {Rule}: {Error}", webhook, change.Alert.Rule, e.Message);
            }
        }
    }

    /// <summary>Logs a run's latest step and POSTs the run to the webhook.</summary>
    public async Task NotifyRunAsync(Uri? webhook, Storage.RetrainRun run, CancellationToken cancellationToken)
    {
        logger.LogInformation("Run {Run} of {Model} ({Trigger}): {Stage}: {Reason}", run.Id, run.Model, run.Trigger, run.Stage, run.Steps[^1].Reason);
        if (webhook is null)
        {
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await http.PostAsJsonAsync(webhook, run, BundleJson.Options, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Webhook {Webhook} failed for run {Run}: {Error}", webhook, run.Id, e.Message);
        }
    }
}
