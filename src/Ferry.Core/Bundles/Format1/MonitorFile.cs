using System.Text.Json.Serialization;
using Ferry.Core.Spec;

namespace Ferry.Core.Bundles.Format1;

/// <summary>The manifest's `monitor`, the spec's `monitor:` section (<see cref="MonitorSpec"/>). A manifest written
/// before a field was recorded reads as the spec's default for it.</summary>
internal sealed record MonitorFile
{
    [JsonPropertyName("window")]
    public int Window { get; init; } = MonitorSpec.Default.Window;

    [JsonPropertyName("performanceWindow")]
    public int PerformanceWindow { get; init; } = MonitorSpec.Default.PerformanceWindow;

    [JsonPropertyName("keep")]
    public int Keep { get; init; } = MonitorSpec.Default.Keep;

    [JsonPropertyName("drift")]
    public DriftFile Drift { get; init; } = DriftFile.From(MonitorSpec.Default.Drift);

    [JsonPropertyName("alerts")]
    public IReadOnlyList<AlertRuleFile>? Alerts { get; init; }

    [JsonPropertyName("webhook")]
    public Uri? Webhook { get; init; }

    /// <summary>Absent when Ferry's own, as in every manifest written before webhook formats.</summary>
    [JsonPropertyName("webhookFormat")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WebhookFormatName? WebhookFormat { get; init; }

    /// <summary>Absent when not set, as in every manifest written before it.</summary>
    [JsonPropertyName("dashboardUrl")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Uri? DashboardUrl { get; init; }

    public static MonitorFile From(MonitorSpec monitor) => new()
    {
        Window = monitor.Window,
        PerformanceWindow = monitor.PerformanceWindow,
        Keep = monitor.Keep,
        Drift = DriftFile.From(monitor.Drift),
        Alerts = monitor.Alerts is { } alerts ? [.. alerts.Select(AlertRuleFile.From)] : null,
        Webhook = monitor.Webhook,
        WebhookFormat = monitor.WebhookFormat == Spec.WebhookFormat.Ferry ? null : WebhookFormatNames.From(monitor.WebhookFormat),
        DashboardUrl = monitor.DashboardUrl,
    };

    public MonitorSpec ToSpec() => new()
    {
        Window = Window,
        PerformanceWindow = PerformanceWindow,
        Keep = Keep,
        Drift = Drift.ToThresholds(),
        Alerts = Alerts is { } alerts ? [.. alerts.Select(alert => alert.ToRule())] : null,
        Webhook = Webhook,
        WebhookFormat = WebhookFormat?.ToFormat() ?? MonitorSpec.Default.WebhookFormat,
        DashboardUrl = DashboardUrl,
    };
}
