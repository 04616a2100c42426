using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests.Monitoring;

/// <summary>The alert changes and the spec sections the webhook tests send.</summary>
internal static class WebhookFixtures
{
    public static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly Uri Dashboard = new("https://ferry.example.org/dashboard");

    public static AlertChange Opened(string rule = "accuracy_below") =>
        new("opened", 3, new Alert(11, "iris", rule, 0.72, 0.8, "accuracy below 0.8: value 0.72", Noon, null));

    public static AlertChange Resolved(string rule = "accuracy_below") =>
        new("resolved", 3, new Alert(11, "iris", rule, 0.85, 0.8, "accuracy below 0.8: value 0.85", Noon, Noon.AddMinutes(30.5)));

    public static MonitorSpec Monitor(Uri webhook, WebhookFormat format = WebhookFormat.Ferry, Uri? dashboard = null) =>
        new() { Webhook = webhook, WebhookFormat = format, DashboardUrl = dashboard };
}
