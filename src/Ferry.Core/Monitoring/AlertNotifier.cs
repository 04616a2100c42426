using System.Net.Http.Json;
using Ferry.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Monitoring;

/// <summary>Logs every alert change and every stage a run of the retraining loop reaches, and POSTs each as JSON to
/// `monitor.webhook` when one is set. A webhook that fails or times out is logged; it never stops monitoring or a run.</summary>
public sealed class AlertNotifier(HttpClient http, ILogger logger)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    public async Task NotifyAsync(Uri? webhook, IReadOnlyList<AlertChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            var level = change.Event == "opened" ? LogLevel.Warning : LogLevel.Information;
            logger.Log(level, "Alert {Event}: {Model} v{Version} {Rule}: {Message}", change.Event, change.Alert.Model, change.Version, change.Alert.Rule, change.Alert.Message);
            if (webhook is not null)
            {
                await PostAsync(webhook, change, $"alert {change.Alert.Rule}", cancellationToken);
            }
        }
    }

    /// <summary>Logs the stage <paramref name="run"/> just reached (its latest step) and POSTs it as a <see cref="RunEvent"/>.</summary>
    public async Task NotifyRunAsync(Uri? webhook, RetrainRun run, CancellationToken cancellationToken)
    {
        var notice = RunEvent.Of(run);
        var level = notice.Stage is RunStages.Failed or RunStages.RolledBack ? LogLevel.Warning : LogLevel.Information;
        logger.Log(level, "Run {Run} of {Model}: {Text}", run.Id, run.Model, notice.Text);
        if (webhook is not null)
        {
            await PostAsync(webhook, notice, $"run {run.Id} ({notice.Stage})", cancellationToken);
        }
    }

    private async Task PostAsync<T>(Uri webhook, T payload, string what, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_timeout);
            using var response = await http.PostAsJsonAsync(webhook, payload, BundleJson.Options, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Webhook {Webhook} answered {Status} to {What}", webhook, (int)response.StatusCode, what);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Webhook {Webhook} failed for {What}: {Error}", webhook, what, e.Message);
        }
    }
}
