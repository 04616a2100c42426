using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static Ferry.Core.Tests.Monitoring.WebhookFixtures;

namespace Ferry.Core.Tests.Monitoring;

/// <summary>What the outbox (a SQLite store) guarantees a committed alert or run stage: its body outlives a cancellation
/// and a store that fails for a moment, expires after its time to live, is dropped once its model sends elsewhere, and
/// a webhook's secret path never reaches the log.</summary>
public sealed class WebhookOutboxTests : WebhookStoreTest
{
    private ILogger Logger => Logs.CreateLogger("test");

    private static PendingWebhook Kept(string model, Uri url, DateTimeOffset at) => new(0, model, url, $"alert of {model}", $$"""{"model":"{{model}}","at":"{{at:O}}"}""", at);

    private static string Model(System.Text.Json.JsonElement body) => body.GetProperty("model").GetString()!;

    private static async Task UntilAsync(Func<bool> done)
    {
        for (var attempt = 0; attempt < 500 && !done(); attempt++)
        {
            await Task.Delay(20);
        }

        Assert.True(done(), "not there in 10 s");
    }

    [Fact]
    public async Task Notify_CancelledDuringTheBackoff_KeepsTheBodyForTheNextDelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        var clock = new FakeTimeProvider(Noon);
        using var stop = new CancellationTokenSource();
        var notifying = new AlertNotifier(Http, Logger, clock, Store).NotifyAsync(Monitor(receiver.Url), [Opened()], stop.Token);
        await UntilAsync(() => receiver.Received.Count == 1);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => notifying);
        receiver.Status = 200;
        await new AlertNotifier(Http, Logger, clock, Store).DeliverPendingAsync(CancellationToken.None);
        Assert.Equal("opened", Assert.Single(receiver.Accepted).GetProperty("event").GetString());
        Assert.Equal(0, Store.PendingWebhookCount(null));
    }

    [Fact]
    public async Task Notify_WhenTheStoreCannotKeepOneBody_GoesOnWithTheNextAndDeliversBothInOrderLater()
    {
        var (url, port) = WebhookReceiver.Closed();
        var notifier = new AlertNotifier(Http, Logger, Delays, new FlakyOutbox(Store) { FailingKeeps = 1 });

        await notifier.NotifyAsync(Monitor(url), [Opened("accuracy_below"), Opened("f1_below")], CancellationToken.None);
        await using var receiver = await WebhookReceiver.StartAsync(port: port);
        await notifier.DeliverPendingAsync(CancellationToken.None);

        Assert.Contains(Logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.StartsWith("Alert opened: iris v3 f1_below", StringComparison.Ordinal));
        Assert.Contains(Logs.Entries, entry => entry.Level == LogLevel.Error
            && entry.Message == "The webhook body for alert accuracy_below of iris could not be kept in the store: the store cannot be reached (injected); it waits in memory");
        Assert.Equal(["accuracy_below", "f1_below"], receiver.Accepted.Select(body => body.GetProperty("alert").GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task NotifyRun_WhenTheStoreCannotKeepTheBody_ReturnsAndDeliversItOnceTheStoreIsBack()
    {
        var (url, port) = WebhookReceiver.Closed();
        var run = new RetrainRun(8, "iris", "schedule", RunStages.Retrain, Noon, Noon, 3, null, [new RunStep(RunStages.Retrain, Noon, "started by schedule")], null);
        var notifier = new AlertNotifier(Http, Logger, Delays, new FlakyOutbox(Store) { FailingKeeps = 2 });

        await notifier.NotifyRunAsync(Monitor(url), run, CancellationToken.None);
        var waiting = (Store.PendingWebhookCount(null), notifier.Pending);
        await using var receiver = await WebhookReceiver.StartAsync(port: port);
        await notifier.DeliverPendingAsync(CancellationToken.None);

        Assert.Equal((0, 1), waiting);
        Assert.Equal("Ferry: iris run 8 (schedule) -> retrain: started by schedule", Assert.Single(receiver.Accepted).GetProperty("text").GetString());
    }

    [Fact]
    public async Task DeliverPending_OfABodyOlderThanItsTimeToLive_DropsAndCountsItAndDeliversTheYoungerOne()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clock = new FakeTimeProvider(Noon);
        Store.KeepWebhook(Kept("old", receiver.Url, Noon), AlertNotifier.OutboxCapacity);
        Store.KeepWebhook(Kept("young", receiver.Url, Noon.AddHours(1)), AlertNotifier.OutboxCapacity);
        clock.Advance(AlertNotifier.OutboxTtl + TimeSpan.FromMinutes(1));
        var notifier = new AlertNotifier(Http, Logger, clock, Store);

        await notifier.DeliverPendingAsync(CancellationToken.None);

        Assert.Equal("young", Model(Assert.Single(receiver.Accepted)));
        Assert.Equal((1L, 0), (notifier.Expired, Store.PendingWebhookCount(null)));
        Assert.Contains(Logs.Entries, entry => entry.Level == LogLevel.Warning
            && entry.Message == $"Webhook {receiver.Url.GetLeftPart(UriPartial.Authority)}/… body for alert of old of old dropped: older than 24 h");
    }

    [Fact]
    public async Task DeliverPending_OfABodyForAUrlItsModelNoLongerConfigures_DropsAndCountsIt()
    {
        await using var before = await WebhookReceiver.StartAsync();
        await using var now = await WebhookReceiver.StartAsync();
        var clock = new FakeTimeProvider(Noon);
        Store.KeepWebhook(Kept("iris", before.Url, Noon), AlertNotifier.OutboxCapacity);
        Store.KeepWebhook(Kept("penguins", before.Url, Noon), AlertNotifier.OutboxCapacity);
        Store.KeepWebhook(Kept("iris", now.Url, Noon), AlertNotifier.OutboxCapacity);
        var notifier = new AlertNotifier(Http, Logger, clock, Store, webhooks: new Dictionary<string, Uri?> { ["iris"] = now.Url });

        await notifier.DeliverPendingAsync(CancellationToken.None);

        Assert.Equal(["penguins"], before.Accepted.Select(Model));
        Assert.Equal(["iris"], now.Accepted.Select(Model));
        Assert.Equal((1L, 0L, 0), (notifier.Unconfigured, notifier.Expired, Store.PendingWebhookCount(null)));
    }

    [Fact]
    public async Task DeliverPending_SendingLongerThanItsLease_KeepsTheLeaseRenewedSoNoOtherServerDeliversToo()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold();
        var clock = new FakeTimeProvider(Noon);
        Store.KeepWebhook(Kept("iris", receiver.Url, Noon), AlertNotifier.OutboxCapacity);
        var delivering = new AlertNotifier(Http, Logger, clock, Store).DeliverPendingAsync(CancellationToken.None);
        await UntilAsync(() => receiver.Received.Count == 1);

        for (var quarter = 0; quarter < 12; quarter++)
        {
            clock.Advance(TimeSpan.FromMinutes(5) / 4);
        }

        var taken = Store.HoldLease("webhook-outbox", "another server", clock.GetUtcNow(), TimeSpan.FromMinutes(5));
        receiver.Release();
        await delivering;
        Assert.False(taken);
        Assert.Single(receiver.Accepted);
        Assert.True(Store.HoldLease("webhook-outbox", "another server", clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(WebhookFormat.Slack)]
    [InlineData(WebhookFormat.Teams)]
    public async Task Notify_ToAWebhookWhoseSecretIsItsPath_LogsItsHostButNeverItsPath(WebhookFormat format)
    {
        var (closed, port) = WebhookReceiver.Closed();
        var webhook = new Uri($"http://127.0.0.1:{port}/services/T000/B000/s3cretT0ken?key=k3y");

        await new AlertNotifier(Http, Logger, Delays, Store).NotifyAsync(Monitor(webhook, format), [Opened()], CancellationToken.None);

        var failure = Assert.Single(Logs.Entries, entry => entry.Message.StartsWith("Webhook ", StringComparison.Ordinal));
        Assert.StartsWith($"Webhook {closed.GetLeftPart(UriPartial.Authority)}/… failed for alert accuracy_below: ", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.DoesNotContain(Logs.Entries, entry => entry.Message.Contains("s3cretT0ken", StringComparison.Ordinal) || entry.Message.Contains("k3y", StringComparison.Ordinal));
    }
}
