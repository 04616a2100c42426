namespace Ferry.Core.Spec;

/// <summary>`monitor.webhook_format`: the JSON shape the webhook is POSTed in.</summary>
public enum WebhookFormat
{
    /// <summary>Ferry's own: the alert change or run event with every field, and a one-line `text`.</summary>
    Ferry,

    /// <summary>A Slack incoming webhook's `{"text": ...}`.</summary>
    Slack,

    /// <summary>A Microsoft Teams incoming webhook's MessageCard (summary, title, text, themeColor, a link to the dashboard).</summary>
    Teams,

    /// <summary>Prometheus Alertmanager's webhook (version 4): status, alerts[] with labels, annotations, startsAt, endsAt.</summary>
    Alertmanager,
}
