using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Core.Spec;

namespace Ferry.Core.Monitoring;

/// <summary>A <see cref="WebhookNotice"/> as the JSON body of `monitor.webhook_format`: Ferry's own (every field and a
/// `text`), Slack's `{"text"}`, a Teams MessageCard, or Alertmanager's webhook (version 4) with one alert.</summary>
internal static class WebhookBodies
{
    /// <summary>Alertmanager's time of an alert still firing (Go's zero time).</summary>
    public const string ZeroTime = "0001-01-01T00:00:00Z";

    private static readonly JsonSerializerOptions s_options = new(BundleJson.Options) { WriteIndented = false };

    public static string Format(WebhookNotice notice, WebhookFormat format) => format switch
    {
        WebhookFormat.Slack => JsonSerializer.Serialize(new SlackMessage(notice.Text), s_options),
        WebhookFormat.Teams => JsonSerializer.Serialize(Teams(notice), s_options),
        WebhookFormat.Alertmanager => JsonSerializer.Serialize(Alertmanager(notice), s_options),
        _ => JsonSerializer.Serialize(notice.Ferry, notice.Ferry.GetType(), s_options),
    };

    private static MessageCard Teams(WebhookNotice notice) => new(
        "MessageCard", "http://schema.org/extensions", notice.Title, notice.Title, notice.Text,
        notice.Firing ? notice.Severity == "warning" ? "D9534F" : "0076D7" : "5CB85C",
        notice.Dashboard is { } dashboard ? [new OpenUri("OpenUri", "Open the dashboard", [new UriTarget("default", dashboard.AbsoluteUri)])] : []);

    private static AlertmanagerMessage Alertmanager(WebhookNotice notice)
    {
        var status = notice.Firing ? "firing" : "resolved";
        var group = new Dictionary<string, string> { ["alertname"] = notice.Labels["alertname"], ["model"] = notice.Model };
        var groupKey = "{}:{" + string.Join(", ", group.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}=\"{pair.Value}\"")) + "}";
        var external = notice.Dashboard is { } dashboard ? dashboard.GetLeftPart(UriPartial.Authority) : "";
        var alert = new AlertmanagerAlert(status, notice.Labels, notice.Annotations, Rfc3339(notice.StartsAt), notice.EndsAt is { } end ? Rfc3339(end) : ZeroTime,
            notice.Dashboard?.AbsoluteUri ?? "", Fingerprint(notice.Labels));
        return new AlertmanagerMessage("4", groupKey, 0, status, "ferry", group, notice.Labels, notice.Annotations, external, [alert]);
    }

    /// <summary>A time as Alertmanager writes it: RFC 3339 in UTC, fractions of a second only when there are some.</summary>
    private static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Prometheus's fingerprint of a label set (its model.LabelSet.Fingerprint): FNV-1a 64 over the names in order,
    /// each name and value followed by the byte 255, as 16 hex digits.</summary>
    private static string Fingerprint(IReadOnlyDictionary<string, string> labels)
    {
        var hash = 14695981039346656037UL;
        void Add(byte value) => hash = (hash ^ value) * 1099511628211UL;
        foreach (var (name, value) in labels.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            foreach (var part in new[] { name, value })
            {
                foreach (var b in Encoding.UTF8.GetBytes(part))
                {
                    Add(b);
                }

                Add(255);
            }
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private sealed record SlackMessage([property: JsonPropertyName("text")] string Text);

    private sealed record MessageCard(
        [property: JsonPropertyName("@type")] string Type,
        [property: JsonPropertyName("@context")] string Context,
        [property: JsonPropertyName("summary")] string Summary,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("themeColor")] string ThemeColor,
        [property: JsonPropertyName("potentialAction")] IReadOnlyList<OpenUri> PotentialAction);

    private sealed record OpenUri(
        [property: JsonPropertyName("@type")] string Type,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("targets")] IReadOnlyList<UriTarget> Targets);

    private sealed record UriTarget([property: JsonPropertyName("os")] string Os, [property: JsonPropertyName("uri")] string Uri);

    private sealed record AlertmanagerMessage(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("groupKey")] string GroupKey,
        [property: JsonPropertyName("truncatedAlerts")] int TruncatedAlerts,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("receiver")] string Receiver,
        [property: JsonPropertyName("groupLabels")] IReadOnlyDictionary<string, string> GroupLabels,
        [property: JsonPropertyName("commonLabels")] IReadOnlyDictionary<string, string> CommonLabels,
        [property: JsonPropertyName("commonAnnotations")] IReadOnlyDictionary<string, string> CommonAnnotations,
        [property: JsonPropertyName("externalURL")] string ExternalUrl,
        [property: JsonPropertyName("alerts")] IReadOnlyList<AlertmanagerAlert> Alerts);

    private sealed record AlertmanagerAlert(
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
        [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
        [property: JsonPropertyName("startsAt")] string StartsAt,
        [property: JsonPropertyName("endsAt")] string EndsAt,
        [property: JsonPropertyName("generatorURL")] string GeneratorUrl,
        [property: JsonPropertyName("fingerprint")] string Fingerprint);
}
