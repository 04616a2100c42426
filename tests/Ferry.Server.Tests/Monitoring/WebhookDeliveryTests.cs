using System.Globalization;
using System.Text.RegularExpressions;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ferry.Server.Tests.Monitoring;

/// <summary>A real server whose stale model opens an alert at a judgement (the clock is a day ahead): the webhook is sent
/// off the judgement's path, so a receiver that is down or never answers holds up no judgement; /metrics counts the
/// failure and the body kept in the store, which is delivered, once, when the receiver is back, linking the server's
/// dashboard; and a webhook's secret path never reaches the server's log.</summary>
public sealed class WebhookDeliveryTests : IDisposable
{
    private const string Key = "webhook-admin-key";
    private readonly TestFiles _files = new();
    private readonly Shifted _clock = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Server_WhenTheReceiverIsDownThenBack_CountsTheFailureThenDeliversTheAlertOnce()
    {
        var (url, port) = WebhookReceiver.Closed();
        await using var server = await StartAsync(url);

        _clock.Ahead = TimeSpan.FromDays(1);
        await server.JudgeAsync("iris", Key);
        var metrics = await MetricsWhenAsync(server, text => Sample(text, "ferry_webhook_failures_total{model=\"iris\"}", absent: 0) >= 1);
        await using var receiver = await WebhookReceiver.StartAsync(port: port);
        await server.JudgeAsync("iris", Key);
        var after = await MetricsWhenAsync(server, text => Sample(text, "ferry_webhook_pending") == 0);
        await server.JudgeAsync("iris", Key);

        Assert.Equal(1, Sample(metrics, "ferry_webhook_pending"));
        Assert.Equal(0, Sample(after, "ferry_webhook_pending"));
        var text = Assert.Single(receiver.Accepted).GetProperty("text").GetString();
        Assert.StartsWith("Ferry: iris v1 alert stale opened", text, StringComparison.Ordinal);
        Assert.EndsWith($" - {server.Client.BaseAddress}dashboard?model=iris", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_WhileTheReceiverHoldsTheConnectionUnanswered_ReturnsThenTheBodyIsDeliveredOnceItAnswers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold();
        await using var server = await StartAsync(receiver.Url);

        _clock.Ahead = TimeSpan.FromDays(1);
        var judged = server.JudgeAsync("iris", Key);
        await UntilAsync(() => receiver.Received.Count == 1);
        var report = await judged.WaitAsync(TimeSpan.FromSeconds(5));
        var unanswered = receiver.Accepted.Count;
        receiver.Release();
        var metrics = await MetricsWhenAsync(server, text => Sample(text, "ferry_webhook_pending") == 0);

        Assert.Equal(0, unanswered);
        Assert.Contains(report.GetProperty("alerts").EnumerateArray(), alert => alert.GetProperty("rule").GetString() == "stale");
        Assert.StartsWith("Ferry: iris v1 alert stale opened", Assert.Single(receiver.Accepted).GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, Sample(metrics, "ferry_webhook_failures_total{model=\"iris\"}", absent: 0));
    }

    [Fact]
    public async Task Server_LoggingInformation_NamesAFailedSlackWebhookByItsHostNeverItsPath()
    {
        var (closed, port) = WebhookReceiver.Closed();
        var webhook = new Uri($"http://127.0.0.1:{port}/services/T000/B000/s3cretT0ken");
        var logs = new LogCapture();
        await using var server = await StartAsync(webhook, services => services.AddSingleton<ILoggerProvider>(logs), LogLevel.Information);

        _clock.Ahead = TimeSpan.FromDays(1);
        await server.JudgeAsync("iris", Key);
        await UntilAsync(() => logs.Entries.Any(entry => entry.Message.StartsWith("Webhook ", StringComparison.Ordinal)));

        var failure = Assert.Single(logs.Entries, entry => entry.Message.StartsWith("Webhook ", StringComparison.Ordinal));
        Assert.StartsWith($"Webhook {closed.GetLeftPart(UriPartial.Authority)}/… failed for alert stale: ", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.DoesNotContain(logs.Entries, entry => entry.Message.Contains("s3cretT0ken", StringComparison.Ordinal));
    }

    /// <summary>Trains iris with a `stale` rule (retrain_every 1h) and the Slack format for <paramref name="webhook"/>, and
    /// serves it on <see cref="_clock"/>; the timer never judges during a test.</summary>
    private async Task<RunningServer> StartAsync(Uri webhook, Action<IServiceCollection>? services = null, LogLevel logLevel = LogLevel.Warning)
    {
        var spec = _files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris",
            $"train: {{ candidates: [logistic] }}\nconstraints: {{ retrain_every: 1h }}\nmonitor: {{ alerts: {{ stale: true }}, webhook: '{webhook}', webhook_format: slack }}");
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(spec), null, CancellationToken.None);
        return await RunningServer.StartAsync(spec, new Dictionary<string, string> { ["AdminKey"] = Key, ["MonitorSeconds"] = "3600" }, collection =>
        {
            collection.AddSingleton<TimeProvider>(_clock);
            services?.Invoke(collection);
        }, logLevel: logLevel);
    }

    /// <summary>/metrics once <paramref name="done"/> holds (webhooks are delivered on the server's own loop), or fails after 30 s.</summary>
    private static async Task<string> MetricsWhenAsync(RunningServer server, Func<string, bool> done)
    {
        var metrics = "";
        await UntilAsync(async () => done(metrics = await server.Client.GetStringAsync("/metrics")), () => metrics);
        return metrics;
    }

    private static Task UntilAsync(Func<bool> done) => UntilAsync(() => Task.FromResult(done()), () => "");

    private static async Task UntilAsync(Func<Task<bool>> done, Func<string> state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not there in 30 s: {state()}");
            await Task.Delay(100);
        }
    }

    private static double Sample(string metrics, string series, double? absent = null) =>
        Regex.Match(metrics, $"^{Regex.Escape(series)} (\\S+)$", RegexOptions.Multiline) is { Success: true } match
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : absent ?? throw new Xunit.Sdk.XunitException($"{series} is not in /metrics:\n{metrics}");

    /// <summary>The system's clock, moved on by <see cref="Ahead"/>: a day on, a model trained now is a day old, so `stale`
    /// (retrain_every 1h) fires at the next judgement, after the server listens.</summary>
    private sealed class Shifted : TimeProvider
    {
        public TimeSpan Ahead { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Ahead;
    }
}
