using System.Text.Json;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using static Ferry.Core.Tests.Monitoring.WebhookFixtures;

namespace Ferry.Core.Tests.Monitoring;

/// <summary>Each `monitor.webhook_format` as a real receiver on loopback gets it: Ferry's own, Slack's, a Teams
/// MessageCard and Alertmanager's webhook (version 4), each with the one-line text and the dashboard link.</summary>
public sealed class WebhookFormatTests
{
    private const string OpenedText = "Ferry: iris v3 alert accuracy_below opened (value 0.72, threshold 0.8): accuracy below 0.8: value 0.72"
        + " - https://ferry.example.org/dashboard?model=iris";

    private static async Task<JsonElement> SendAsync(WebhookFormat format, AlertChange change, Func<Uri?>? server = null, Uri? dashboard = null)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var http = new HttpClient();
        await new AlertNotifier(http, NullLogger.Instance, serverUrl: server).NotifyAsync(Monitor(receiver.Url, format, dashboard), [change], CancellationToken.None);
        return Assert.Single(receiver.Accepted);
    }

    private static Dictionary<string, string> Map(JsonElement element) =>
        element.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetString()!);

    [Fact]
    public async Task Ferry_AnOpenedAlert_PostsTheChangeWithItsTextAndEveryAlertField()
    {
        var body = await SendAsync(WebhookFormat.Ferry, Opened(), dashboard: Dashboard);

        Assert.Equal(("opened", OpenedText, 3), (body.GetProperty("event").GetString(), body.GetProperty("text").GetString(), body.GetProperty("version").GetInt32()));
        var alert = body.GetProperty("alert");
        Assert.Equal(("iris", "accuracy_below", 0.72, 0.8), (alert.GetProperty("model").GetString(), alert.GetProperty("rule").GetString(),
            alert.GetProperty("value").GetDouble(), alert.GetProperty("threshold").GetDouble()));
        Assert.Equal(Noon, alert.GetProperty("openedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Slack_AnOpenedAlert_PostsOnlyItsText()
    {
        var body = await SendAsync(WebhookFormat.Slack, Opened(), dashboard: Dashboard);

        var property = Assert.Single(body.EnumerateObject());
        Assert.Equal(("text", OpenedText), (property.Name, property.Value.GetString()));
    }

    [Fact]
    public async Task Teams_AnOpenedAlert_PostsAMessageCardLinkingTheDashboard()
    {
        var body = await SendAsync(WebhookFormat.Teams, Opened(), dashboard: Dashboard);

        Assert.Equal(("MessageCard", "http://schema.org/extensions"), (body.GetProperty("@type").GetString(), body.GetProperty("@context").GetString()));
        Assert.Equal(("Ferry: iris accuracy_below opened", OpenedText), (body.GetProperty("summary").GetString(), body.GetProperty("text").GetString()));
        Assert.Matches("^[0-9A-F]{6}$", body.GetProperty("themeColor").GetString());
        var action = Assert.Single(body.GetProperty("potentialAction").EnumerateArray());
        Assert.Equal("OpenUri", action.GetProperty("@type").GetString());
        Assert.Equal("https://ferry.example.org/dashboard?model=iris", Assert.Single(action.GetProperty("targets").EnumerateArray()).GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Alertmanager_AnOpenedAlert_PostsAFiringVersion4GroupWithZeroEndsAt()
    {
        var body = await SendAsync(WebhookFormat.Alertmanager, Opened(), dashboard: Dashboard);

        Assert.Equal(("4", "firing", "ferry", 0), (body.GetProperty("version").GetString(), body.GetProperty("status").GetString(),
            body.GetProperty("receiver").GetString(), body.GetProperty("truncatedAlerts").GetInt32()));
        Assert.Equal("{}:{alertname=\"accuracy_below\", model=\"iris\"}", body.GetProperty("groupKey").GetString());
        Assert.Equal(new Dictionary<string, string> { ["alertname"] = "accuracy_below", ["model"] = "iris" }, Map(body.GetProperty("groupLabels")));
        Assert.Equal("https://ferry.example.org", body.GetProperty("externalURL").GetString());
        var alert = Assert.Single(body.GetProperty("alerts").EnumerateArray());
        var labels = new Dictionary<string, string> { ["alertname"] = "accuracy_below", ["model"] = "iris", ["severity"] = "warning" };
        Assert.Equal(labels, Map(alert.GetProperty("labels")));
        Assert.Equal(labels, Map(body.GetProperty("commonLabels")));
        Assert.Equal(("firing", "2026-12-01T12:00:00Z", WebhookBodies.ZeroTime), (alert.GetProperty("status").GetString(),
            alert.GetProperty("startsAt").GetString(), alert.GetProperty("endsAt").GetString()));
        Assert.Equal((OpenedText, "accuracy below 0.8: value 0.72"), (alert.GetProperty("annotations").GetProperty("summary").GetString(),
            alert.GetProperty("annotations").GetProperty("description").GetString()));
        Assert.Equal(Map(alert.GetProperty("annotations")), Map(body.GetProperty("commonAnnotations")));
        Assert.Equal("https://ferry.example.org/dashboard?model=iris", alert.GetProperty("generatorURL").GetString());
        Assert.Matches("^[0-9a-f]{16}$", alert.GetProperty("fingerprint").GetString());
    }

    [Fact]
    public async Task Alertmanager_AResolvedAlert_PostsResolvedWithItsEndAndTheFingerprintItOpenedWith()
    {
        var opened = Assert.Single((await SendAsync(WebhookFormat.Alertmanager, Opened())).GetProperty("alerts").EnumerateArray());
        var other = Assert.Single((await SendAsync(WebhookFormat.Alertmanager, Opened("f1_below"))).GetProperty("alerts").EnumerateArray());

        var body = await SendAsync(WebhookFormat.Alertmanager, Resolved());

        var alert = Assert.Single(body.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("resolved", "resolved", "2026-12-01T12:30:30Z"), (body.GetProperty("status").GetString(), alert.GetProperty("status").GetString(),
            alert.GetProperty("endsAt").GetString()));
        Assert.Equal(opened.GetProperty("fingerprint").GetString(), alert.GetProperty("fingerprint").GetString());
        Assert.NotEqual(other.GetProperty("fingerprint").GetString(), alert.GetProperty("fingerprint").GetString());
    }

    [Fact]
    public async Task Alertmanager_ARunThatEnded_PostsAResolvedFerryRunAlert()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var http = new HttpClient();
        var run = new RetrainRun(7, "iris", "schedule", RunStages.Rejected, Noon, Noon.AddMinutes(5), 3, 4,
            [new RunStep(RunStages.Retrain, Noon, "started by schedule"), new RunStep(RunStages.Rejected, Noon.AddMinutes(5), "v4 does not beat v3")], null);

        await new AlertNotifier(http, NullLogger.Instance).NotifyRunAsync(Monitor(receiver.Url, WebhookFormat.Alertmanager), run, CancellationToken.None);

        var alert = Assert.Single(Assert.Single(receiver.Accepted).GetProperty("alerts").EnumerateArray());
        Assert.Equal(new Dictionary<string, string> { ["alertname"] = "ferry_run", ["model"] = "iris", ["run"] = "7", ["severity"] = "info" }, Map(alert.GetProperty("labels")));
        Assert.Equal(("resolved", "2026-12-01T12:00:00Z", "2026-12-01T12:05:00Z"), (alert.GetProperty("status").GetString(),
            alert.GetProperty("startsAt").GetString(), alert.GetProperty("endsAt").GetString()));
        Assert.Equal("Ferry: iris run 7 (schedule) -> rejected: v4 does not beat v3", alert.GetProperty("annotations").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Text_WithoutADashboardUrl_LinksTheDashboardWhereTheServerListens()
    {
        var body = await SendAsync(WebhookFormat.Slack, Opened(), server: () => new Uri("http://127.0.0.1:5080"));

        Assert.EndsWith(" - http://127.0.0.1:5080/dashboard?model=iris", body.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_WithNoAddressKnown_EndsWithTheAlertMessage()
    {
        var body = await SendAsync(WebhookFormat.Slack, Opened());

        Assert.Equal("Ferry: iris v3 alert accuracy_below opened (value 0.72, threshold 0.8): accuracy below 0.8: value 0.72", body.GetProperty("text").GetString());
    }
}
