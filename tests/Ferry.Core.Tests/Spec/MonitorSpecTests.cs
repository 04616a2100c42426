using Ferry.Core.Spec;

namespace Ferry.Core.Tests.Spec;

public sealed class MonitorSpecTests
{
    private static ProblemSpec Parse(string yaml) => MinimalSpec.With(yaml);

    [Theory]
    [InlineData("monitor: { windows: 10 }", "unknown key 'windows' in 'monitor' (allowed: every, window, performance_window, keep, drift, alerts, webhook, webhook_format, dashboard_url)")]
    [InlineData("monitor: { keep: 10 }", "'monitor.keep' is 10 but must be at least 1000 predictions")]
    [InlineData("monitor: { window: 0 }", "'monitor.window' must be a positive whole number of predictions")]
    [InlineData("monitor: { window: many }", "'monitor.window' must be a whole number, found 'many'")]
    [InlineData("monitor: { alerts: { rmse_above: 3 } }", "unknown alert rule 'rmse_above' in 'monitor.alerts' (allowed for binary-classification: accuracy_below, f1_below")]
    [InlineData("monitor: { alerts: { accuracy_below: high } }", "'monitor.alerts.accuracy_below' must be a number, found 'high'")]
    [InlineData("monitor: { alerts: { stale: maybe } }", "'monitor.alerts.stale' must be true or false, found 'maybe'")]
    [InlineData("monitor: { drift: { share: -1 } }", "'monitor.drift.share' must be a positive number")]
    [InlineData("monitor: { drift: { ks: 0.1 } }", "unknown key 'ks' in 'monitor.drift' (allowed: p_value, wasserstein, jensen_shannon, psi_warn, psi_drift, share, concept_drop)")]
    [InlineData("monitor: { webhook: ftp://example.org/x }", "'monitor.webhook' is 'ftp://example.org/x' but must be an http:// or https:// URL")]
    [InlineData("monitor: { webhook_format: discord }", "'monitor.webhook_format' is 'discord' but must be one of: ferry, slack, teams, alertmanager")]
    [InlineData("monitor: { dashboard_url: ferry.example.org }", "'monitor.dashboard_url' is 'ferry.example.org' but must be an http:// or https:// URL")]
    public void Parse_BadMonitorValue_NamesKeyLineAndAllowedValues(string yaml, string expected)
    {
        var message = Assert.Throws<FerryException>(() => Parse(yaml)).Message;

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains("ferry.yaml line 6", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MonitorSection_ReadsEveryKey()
    {
        var spec = Parse("""
            monitor:
              window: 500
              performance_window: 200
              drift: { p_value: 0.01, share: 0.3 }
              alerts: { accuracy_below: 0.8, p99_latency_ms_above: 5, stale: true, concept_drift: false }
              webhook: http://127.0.0.1:9000/alerts
            """);

        Assert.Equal(500, spec.Monitor.Window);
        Assert.Equal(200, spec.Monitor.PerformanceWindow);
        Assert.Equal(0.01, spec.Monitor.Drift.PValue);
        Assert.Equal(0.3, spec.Monitor.Drift.Share);
        Assert.Equal(DriftThresholds.Default.Wasserstein, spec.Monitor.Drift.Wasserstein);
        Assert.Equal(["accuracy_below:0.8", "p99_latency_ms_above:5", "stale:1"], spec.AlertRules.Select(r => $"{r.Name}:{r.Threshold}"));
        Assert.Equal(new Uri("http://127.0.0.1:9000/alerts"), spec.Monitor.Webhook);
    }

    [Fact]
    public void Parse_WebhookFormatAndDashboardUrl_ReadsThem()
    {
        var spec = Parse("monitor: { webhook_format: alertmanager, dashboard_url: 'https://ferry.example.org/dashboard' }");

        Assert.Equal((WebhookFormat.Alertmanager, new Uri("https://ferry.example.org/dashboard")), (spec.Monitor.WebhookFormat, spec.Monitor.DashboardUrl));
    }

    [Fact]
    public void Parse_WithoutWebhookFormat_IsFerrysOwn()
    {
        Assert.Equal((WebhookFormat.Ferry, null), (Parse("monitor: { window: 500 }").Monitor.WebhookFormat, Parse("monitor: { window: 500 }").Monitor.DashboardUrl));
    }

    [Fact]
    public void AlertRules_WithoutAlertsKey_FollowTheSuccessMetricLatencyAndRetrainInterval()
    {
        var spec = Parse("success_metric: { name: f1, threshold: 0.85 }\nconstraints: { latency_ms: 10, retrain_every: 7d }");

        Assert.Equal(["drift_share_above:0.5", "f1_below:0.85", "p99_latency_ms_above:10", "stale:1"], spec.AlertRules.Select(r => $"{r.Name}:{r.Threshold}"));
    }
}
