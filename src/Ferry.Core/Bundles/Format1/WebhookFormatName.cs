using System.Text.Json.Serialization;
using Ferry.Core.Spec;

namespace Ferry.Core.Bundles.Format1;

/// <summary>The monitor's `webhookFormat`, with the strings format 1 writes (the spec's `monitor.webhook_format` values).</summary>
internal enum WebhookFormatName
{
    [JsonStringEnumMemberName("ferry")]
    Ferry,

    [JsonStringEnumMemberName("slack")]
    Slack,

    [JsonStringEnumMemberName("teams")]
    Teams,

    [JsonStringEnumMemberName("alertmanager")]
    Alertmanager,
}

internal static class WebhookFormatNames
{
    public static WebhookFormatName From(WebhookFormat format) => format switch
    {
        WebhookFormat.Ferry => WebhookFormatName.Ferry,
        WebhookFormat.Slack => WebhookFormatName.Slack,
        WebhookFormat.Teams => WebhookFormatName.Teams,
        WebhookFormat.Alertmanager => WebhookFormatName.Alertmanager,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "a webhook format bundle format 1 has no name for"),
    };

    public static WebhookFormat ToFormat(this WebhookFormatName name) => name switch
    {
        WebhookFormatName.Ferry => WebhookFormat.Ferry,
        WebhookFormatName.Slack => WebhookFormat.Slack,
        WebhookFormatName.Teams => WebhookFormat.Teams,
        WebhookFormatName.Alertmanager => WebhookFormat.Alertmanager,
        _ => throw new InvalidDataException($"webhook format {(int)name} is not a webhook format of bundle format 1"),
    };
}
