using YamlDotNet.RepresentationModel;

namespace Ferry.Core.Spec;

/// <summary>The `monitor:` section.</summary>
public static partial class SpecLoader
{
    private static MonitorSpec ReadMonitor(YamlNode node, ProblemType type, YamlNodes nodes)
    {
        var entries = nodes.Entries(nodes.Mapping(node, "monitor"), "monitor", ["every", "window", "performance_window", "keep", "drift", "alerts", "webhook", "webhook_format", "dashboard_url"]);
        var monitor = MonitorSpec.Default;
        if (entries.TryGetValue("every", out var every))
        {
            monitor = monitor with { Every = Duration(every, "monitor.every", "30s, 5m or 1h", nodes) };
        }

        if (entries.TryGetValue("window", out var window))
        {
            monitor = monitor with { Window = Positive(window, "monitor.window", nodes) };
        }

        if (entries.TryGetValue("performance_window", out var performance))
        {
            monitor = monitor with { PerformanceWindow = Positive(performance, "monitor.performance_window", nodes) };
        }

        if (entries.TryGetValue("keep", out var keep))
        {
            var value = Positive(keep, "monitor.keep", nodes);
            monitor = monitor with { Keep = value >= 1000 ? value : throw nodes.Error(keep, $"'monitor.keep' is {value} but must be at least 1000 predictions") };
        }

        if (entries.TryGetValue("drift", out var drift))
        {
            monitor = monitor with { Drift = ReadDrift(drift, nodes) };
        }

        if (entries.TryGetValue("alerts", out var alerts))
        {
            monitor = monitor with { Alerts = ReadAlerts(alerts, type, nodes) };
        }

        if (entries.TryGetValue("webhook", out var webhook))
        {
            monitor = monitor with { Webhook = HttpUrl(webhook, "monitor.webhook", nodes) };
        }

        if (entries.TryGetValue("webhook_format", out var format))
        {
            var name = nodes.OneOf(format, "monitor.webhook_format", [.. Enum.GetNames<WebhookFormat>().Select(n => n.ToLowerInvariant())]);
            monitor = monitor with { WebhookFormat = Enum.Parse<WebhookFormat>(name, ignoreCase: true) };
        }

        if (entries.TryGetValue("dashboard_url", out var dashboard))
        {
            monitor = monitor with { DashboardUrl = HttpUrl(dashboard, "monitor.dashboard_url", nodes) };
        }

        return monitor;
    }

    private static Uri HttpUrl(YamlNode node, string key, YamlNodes nodes)
    {
        var text = nodes.Scalar(node, key);
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw nodes.Error(node, $"'{key}' is '{text}' but must be an http:// or https:// URL");
    }

    private static TimeSpan Duration(YamlNode node, string key, string examples, YamlNodes nodes)
    {
        var text = nodes.Scalar(node, key);
        return Durations.TryParse(text, out var duration) ? duration : throw nodes.Error(node, $"'{key}' is '{text}' but must be a duration such as {examples}");
    }

    private static int Positive(YamlNode node, string key, YamlNodes nodes)
    {
        var value = nodes.Integer(node, key);
        return value > 0 ? value : throw nodes.Error(node, $"'{key}' must be a positive whole number of predictions");
    }

    private static DriftThresholds ReadDrift(YamlNode node, YamlNodes nodes)
    {
        var entries = nodes.Entries(nodes.Mapping(node, "monitor.drift"), "monitor.drift",
            ["p_value", "wasserstein", "jensen_shannon", "psi_warn", "psi_drift", "share", "concept_drop"]);
        double Read(string key, double fallback)
        {
            if (!entries.TryGetValue(key, out var value))
            {
                return fallback;
            }

            var number = nodes.Number(value, $"monitor.drift.{key}");
            return number > 0 ? number : throw nodes.Error(value, $"'monitor.drift.{key}' must be a positive number");
        }

        var defaults = DriftThresholds.Default;
        return new DriftThresholds(
            Read("p_value", defaults.PValue), Read("wasserstein", defaults.Wasserstein), Read("jensen_shannon", defaults.JensenShannon),
            Read("psi_warn", defaults.PsiWarn), Read("psi_drift", defaults.PsiDrift), Read("share", defaults.Share), Read("concept_drop", defaults.ConceptDrop));
    }

    private static List<AlertRule> ReadAlerts(YamlNode node, ProblemType type, YamlNodes nodes)
    {
        var allowed = AlertRules.For(type);
        var rules = new List<AlertRule>();
        foreach (var (name, value) in nodes.Pairs(node, "monitor.alerts"))
        {
            if (!allowed.Contains(name))
            {
                throw nodes.Error(value, $"unknown alert rule '{name}' in 'monitor.alerts' (allowed for {type.ToName()}: {string.Join(", ", allowed)})");
            }

            if (AlertRules.Switches.Contains(name))
            {
                if (nodes.Boolean(value, $"monitor.alerts.{name}"))
                {
                    rules.Add(new AlertRule(name, 1));
                }

                continue;
            }

            var threshold = nodes.Number(value, $"monitor.alerts.{name}");
            rules.Add(threshold >= 0 ? new AlertRule(name, threshold) : throw nodes.Error(value, $"'monitor.alerts.{name}' must not be negative"));
        }

        return rules;
    }
}
