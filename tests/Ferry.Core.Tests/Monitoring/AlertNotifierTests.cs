using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Testing;
using Microsoft.Extensions.Logging;

namespace Ferry.Core.Tests.Monitoring;

/// <summary>The webhook of a run's stage changes, POSTed to a real receiver on loopback.</summary>
public sealed class AlertNotifierTests
{
    private static readonly DateTimeOffset s_noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly RetrainRun s_run = new RetrainRun(7, "iris", "accuracy_below", RunStages.Retrain, s_noon, s_noon, 3, null,
        [new RunStep(RunStages.Retrain, s_noon, "started by accuracy_below")], null)
        .With(new RunStep(RunStages.Gate, s_noon.AddMinutes(2), "v4 beats v3 on the recent labelled rows", 240, 0.8125, 0.9, "mcnemar-exact", 3, 0.0213)) with
    { Challenger = 4 };

    private readonly LogCapture _logs = new();
    private readonly InstantDelays _delays = new();

    private static MonitorSpec Monitor(Uri? webhook) => new() { Webhook = webhook };

    [Fact]
    public async Task NotifyRunAsync_ToAReceiver_PostsTheLatestStepWithEveryField()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var http = new HttpClient();

        await new AlertNotifier(http, _logs.CreateLogger("test")).NotifyRunAsync(Monitor(receiver.Url), s_run, CancellationToken.None);

        var body = Assert.Single(receiver.Received);
        Assert.Equal(("run", "iris", 7L, "accuracy_below", "gate", true), (body.GetProperty("event").GetString(), body.GetProperty("model").GetString(),
            body.GetProperty("run").GetInt64(), body.GetProperty("trigger").GetString(), body.GetProperty("stage").GetString(), body.GetProperty("open").GetBoolean()));
        Assert.Equal(s_noon.AddMinutes(2), body.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("v4 beats v3 on the recent labelled rows", body.GetProperty("reason").GetString());
        Assert.Equal((240, 3, 4), (body.GetProperty("rows").GetInt32(), body.GetProperty("champion").GetInt32(), body.GetProperty("challenger").GetInt32()));
        Assert.Equal((0.8125, 0.9), (body.GetProperty("championScore").GetDouble(), body.GetProperty("challengerScore").GetDouble()));
        Assert.Equal(("mcnemar-exact", 3.0, 0.0213), (body.GetProperty("test").GetString(), body.GetProperty("statistic").GetDouble(), body.GetProperty("pValue").GetDouble()));
        Assert.Equal("Ferry: iris run 7 (accuracy_below) -> gate: v4 beats v3 on the recent labelled rows "
            + "(champion v3 0.8125, challenger v4 0.9, 240 rows, mcnemar-exact p = 0.0213)", body.GetProperty("text").GetString());
    }

    [Fact]
    public async Task NotifyRunAsync_OfARunJustStarted_PostsItsStageWithoutEvidence()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var http = new HttpClient();
        var started = new RetrainRun(8, "iris", "schedule", RunStages.Retrain, s_noon, s_noon, 3, null, [new RunStep(RunStages.Retrain, s_noon, "started by schedule")], null);

        await new AlertNotifier(http, _logs.CreateLogger("test")).NotifyRunAsync(Monitor(receiver.Url), started, CancellationToken.None);

        var body = Assert.Single(receiver.Received);
        Assert.Equal("Ferry: iris run 8 (schedule) -> retrain: started by schedule", body.GetProperty("text").GetString());
        Assert.All(["challenger", "rows", "championScore", "test", "pValue"], name => Assert.Equal(JsonValueKind.Null, body.GetProperty(name).ValueKind));
    }

    [Fact]
    public async Task NotifyRunAsync_ToAReceiverAnswering500_TriesFourTimesWithDoublingDelaysThenLogsTheStatus()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        using var http = new HttpClient();

        await new AlertNotifier(http, _logs.CreateLogger("test"), _delays).NotifyRunAsync(Monitor(receiver.Url), s_run, CancellationToken.None);

        Assert.Equal(4, receiver.Received.Count);
        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _delays.Delays);
        Assert.Contains(_logs.Entries, entry => entry.Level == LogLevel.Warning
            && entry.Message == $"Webhook {receiver.Url.GetLeftPart(UriPartial.Authority)}/… failed for run 7 (gate): answered 500 (4 attempts); lost (no store to keep it)");
    }

    [Fact]
    public async Task NotifyRunAsync_ToAClosedPort_LogsTheFailureAndReturns()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/alerts");
        listener.Stop();
        using var http = new HttpClient();

        await new AlertNotifier(http, _logs.CreateLogger("test"), _delays).NotifyRunAsync(Monitor(closed), s_run, CancellationToken.None);

        Assert.Contains(_logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.StartsWith($"Webhook {closed.GetLeftPart(UriPartial.Authority)}/… failed for run 7 (gate): ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotifyRunAsync_WithoutAWebhook_SendsNothingAndLogsTheStage()
    {
        var requests = new CountingHandler();
        using var http = new HttpClient(requests);

        await new AlertNotifier(http, _logs.CreateLogger("test")).NotifyRunAsync(Monitor(null), s_run, CancellationToken.None);

        Assert.Equal(0, requests.Count);
        var entry = Assert.Single(_logs.Entries);
        Assert.Equal((LogLevel.Information, "Run 7 of iris: Ferry: iris run 7 (accuracy_below) -> gate: v4 beats v3 on the recent labelled rows "
            + "(champion v3 0.8125, challenger v4 0.9, 240 rows, mcnemar-exact p = 0.0213)"), (entry.Level, entry.Message));
    }

    /// <summary>Counts the requests an HttpClient sends, and answers each 200.</summary>
    private sealed class CountingHandler : HttpMessageHandler
    {
        public int Count { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Count++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
