using System.Globalization;
using System.Text.RegularExpressions;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Server.Tests.Monitoring;

/// <summary>A real server whose webhook receiver is down when an alert opens: /metrics counts the failure and the body
/// kept in the store, and the monitor loop delivers it, once, when the receiver is back, linking the server's dashboard.</summary>
public sealed partial class WebhookDeliveryTests
{
    private const string Key = "webhook-admin-key";

    [Fact]
    public async Task Server_WhenTheReceiverIsDownThenBack_CountsTheFailureThenDeliversTheAlertOnce()
    {
        using var files = new TestFiles();
        var (url, port) = WebhookReceiver.Closed();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris",
            $"train: {{ candidates: [logistic] }}\nconstraints: {{ retrain_every: 1h }}\nmonitor: {{ alerts: {{ stale: true }}, webhook: '{url}', webhook_format: slack }}");
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(spec), null, CancellationToken.None);
        var clock = new Shifted();
        await using var server = await RunningServer.StartAsync(spec, new Dictionary<string, string> { ["AdminKey"] = Key, ["MonitorSeconds"] = "3600" },
            services => services.AddSingleton<TimeProvider>(clock));

        clock.Ahead = TimeSpan.FromDays(1);
        await server.JudgeAsync("iris", Key);
        var metrics = await server.Client.GetStringAsync("/metrics");
        await using var receiver = await WebhookReceiver.StartAsync(port: port);
        await server.JudgeAsync("iris", Key);
        await server.JudgeAsync("iris", Key);

        Assert.True(Sample(metrics, "ferry_webhook_failures_total{model=\"iris\"}") >= 1, metrics);
        Assert.Equal(1, Sample(metrics, "ferry_webhook_pending"));
        var text = Assert.Single(receiver.Accepted).GetProperty("text").GetString();
        Assert.StartsWith("Ferry: iris v1 alert stale opened", text, StringComparison.Ordinal);
        Assert.EndsWith($" - {server.Client.BaseAddress}dashboard?model=iris", text, StringComparison.Ordinal);
        Assert.Equal(0, Sample(await server.Client.GetStringAsync("/metrics"), "ferry_webhook_pending"));
    }

    private static double Sample(string metrics, string series) =>
        Regex.Match(metrics, $"^{Regex.Escape(series)} (\\S+)$", RegexOptions.Multiline) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new Xunit.Sdk.XunitException($"{series} is not in /metrics:\n{metrics}");

    /// <summary>The system's clock, moved on by <see cref="Ahead"/>: a day on, a model trained now is a day old, so `stale`
    /// (retrain_every 1h) fires at the next judgement, after the server listens.</summary>
    private sealed class Shifted : TimeProvider
    {
        public TimeSpan Ahead { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Ahead;
    }
}
