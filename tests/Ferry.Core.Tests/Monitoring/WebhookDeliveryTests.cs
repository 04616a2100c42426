using Ferry.Core.Monitoring;
using Ferry.Core.Storage;
using Ferry.Testing;
using Microsoft.Extensions.Logging;
using static Ferry.Core.Tests.Monitoring.WebhookFixtures;

namespace Ferry.Core.Tests.Monitoring;

/// <summary>How a webhook body reaches a real receiver on loopback that reads exactly Content-Length bytes: its headers,
/// the retries of a receiver that cannot take it now, the outbox (a SQLite store) that keeps it until the receiver is
/// back, and a refusal that is not retried.</summary>
public sealed class WebhookDeliveryTests : WebhookStoreTest
{
    private AlertNotifier Notifier() => new(Http, Logs.CreateLogger("test"), Delays, Store);

    [Fact]
    public async Task Notify_ToAPlainReceiver_SendsTheBodyWithContentLengthAndUserAgent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        await Notifier().NotifyAsync(Monitor(receiver.Url), [Opened()], CancellationToken.None);

        Assert.Equal("accuracy_below", Assert.Single(receiver.Accepted).GetProperty("alert").GetProperty("rule").GetString());
        var headers = Assert.Single(receiver.Headers);
        Assert.False(headers.ContainsKey("transfer-encoding"));
        Assert.Matches(@"^Ferry/\S+$", headers["user-agent"]);
        Assert.Equal("application/json; charset=utf-8", headers["content-type"]);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Notify_ToAReceiverFailingTwiceWith_RetriesAfterDoublingDelaysAndDeliversOnce(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answers.Enqueue(status);
        receiver.Answers.Enqueue(status);

        await Notifier().NotifyAsync(Monitor(receiver.Url), [Opened()], CancellationToken.None);

        Assert.Equal(3, receiver.Received.Count);
        Assert.Single(receiver.Accepted);
        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)], Delays.Delays);
        Assert.Equal(0, Store.PendingWebhookCount(null));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    public async Task Notify_ToAReceiverRefusingTheBody_SendsItOnceAndKeepsNothing(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync(status);
        var notifier = Notifier();

        await notifier.NotifyAsync(Monitor(receiver.Url), [Opened()], CancellationToken.None);
        await notifier.DeliverPendingAsync(CancellationToken.None);

        Assert.Single(receiver.Received);
        Assert.Empty(Delays.Delays);
        Assert.Equal((0, 1L, 1L), (Store.PendingWebhookCount(null), notifier.Refused, notifier.Failures["iris"]));
        Assert.Contains(Logs.Entries, entry => entry.Level == LogLevel.Warning
            && entry.Message == $"Webhook {receiver.Url.GetLeftPart(UriPartial.Authority)}/… failed for alert accuracy_below: answered {status} (1 attempts); dropped");
    }

    [Fact]
    public async Task DeliverPending_AfterTheReceiverIsBack_DeliversTheKeptBodyExactlyOnce()
    {
        var (url, port) = WebhookReceiver.Closed();
        var notifier = Notifier();
        await notifier.NotifyAsync(Monitor(url), [Opened()], CancellationToken.None);
        var keptWhileDown = (Store.PendingWebhookCount(url), notifier.Pending, notifier.Failures["iris"]);
        await using var receiver = await WebhookReceiver.StartAsync(port: port);

        await notifier.DeliverPendingAsync(CancellationToken.None);
        await notifier.DeliverPendingAsync(CancellationToken.None);

        Assert.Equal((1, 1, 1L), keptWhileDown);
        Assert.Equal("opened", Assert.Single(receiver.Accepted).GetProperty("event").GetString());
        Assert.Equal((0, 0), (Store.PendingWebhookCount(null), notifier.Pending));
    }

    [Fact]
    public async Task DeliverPending_WhileTheReceiverIsStillDown_KeepsTheBodyForLater()
    {
        var (url, _) = WebhookReceiver.Closed();
        var notifier = Notifier();
        await notifier.NotifyAsync(Monitor(url), [Opened()], CancellationToken.None);

        await notifier.DeliverPendingAsync(CancellationToken.None);

        Assert.Equal((1, 2L), (Store.PendingWebhookCount(url), notifier.Failures["iris"]));
    }

    [Fact]
    public async Task Notify_AfterTheReceiverIsBack_DeliversWhatWaitedFirstThenTheNewChangeInOrder()
    {
        var (url, port) = WebhookReceiver.Closed();
        var notifier = Notifier();
        await notifier.NotifyAsync(Monitor(url), [Opened("accuracy_below"), Opened("f1_below")], CancellationToken.None);
        var keptWhileDown = Store.PendingWebhookCount(url);
        await using var receiver = await WebhookReceiver.StartAsync(port: port);

        await notifier.NotifyAsync(Monitor(url), [Resolved("accuracy_below")], CancellationToken.None);

        Assert.Equal(2, keptWhileDown);
        Assert.Equal(["accuracy_below:opened", "f1_below:opened", "accuracy_below:resolved"],
            receiver.Accepted.Select(body => $"{body.GetProperty("alert").GetProperty("rule").GetString()}:{body.GetProperty("event").GetString()}"));
    }
}
