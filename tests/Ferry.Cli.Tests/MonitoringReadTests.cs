using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ferry.Core.Storage;
using Ferry.Server;
using Ferry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Tests;

/// <summary>/monitoring and /dashboard only read the latest judgement: traffic that would open the accuracy and drift
/// alerts opens nothing and sends no webhook until the background check or the admin verb judges.</summary>
public sealed class MonitoringReadTests : IAsyncLifetime
{
    private const string Key = "read-admin-key";
    private readonly TestFiles _files = new();
    private readonly DriftScenario _scenario = new(seed: 13);
    private WebhookReceiver? _webhook;
    private WebApplication? _app;
    private HttpClient _client = new();

    private WebhookReceiver Webhook => _webhook!;

    public async Task InitializeAsync()
    {
        _webhook = await WebhookReceiver.StartAsync();
        _scenario.WriteCsv(_files.Path("train.csv"), 3000);
        var spec = _files.WriteSpec(_files.Path("train.csv"), "y", "binary-classification", "decay", string.Join("\n",
            "train: { candidates: [logistic] }",
            "monitor:",
            "  window: 1000",
            "  performance_window: 500",
            "  alerts: { accuracy_below: 0.8, drift_share_above: 0.5 }",
            $"  webhook: {Webhook.Url}"));
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        _app = FerryServerApp.Build(spec, "http://127.0.0.1:0", LogLevel.Warning, new Dictionary<string, string> { ["MonitorSeconds"] = "3600", ["AdminKey"] = Key });
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        using var first = await _client.GetAsync("/v1/models/decay/monitoring");
        await LabelledTraffic.SendAsync(_client, "decay", _scenario.Draw(2000, shifted: true));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_webhook is not null)
        {
            await _webhook.DisposeAsync();
        }

        _files.Dispose();
    }

    private IReadOnlyList<Core.Storage.Alert> StoredAlerts() => MonitoringStore.Open(_files.Path(".ferry")).Alerts("decay", 10);

    private async Task<HttpResponseMessage> JudgeAsync(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/decay/monitoring/judge");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task MonitoringAndDashboard_AfterTrafficThatBreaksTheRules_OpenNoAlertAndSendNoWebhook()
    {
        var before = StoredAlerts();

        var reports = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            reports.Add(JsonDocument.Parse(await _client.GetStringAsync("/v1/models/decay/monitoring")).RootElement);
            await _client.GetStringAsync("/dashboard");
        }

        Assert.Empty(before);
        Assert.Empty(StoredAlerts());
        Assert.Empty(Webhook.Received);
        Assert.All(reports, report => Assert.Empty(Firing(report)));
    }

    [Fact]
    public async Task Judge_WithTheAdminKey_OpensTheAlertsAndIsWhatReadsServeAfter()
    {
        using var anonymous = await JudgeAsync(null);
        var untouched = StoredAlerts();
        using var judged = await JudgeAsync(Key);
        var report = JsonDocument.Parse(await judged.Content.ReadAsStringAsync()).RootElement;
        var read = JsonDocument.Parse(await _client.GetStringAsync("/v1/models/decay/monitoring")).RootElement;
        await Webhook.ReceivedAsync(2);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(untouched);
        Assert.Equal(HttpStatusCode.OK, judged.StatusCode);
        Assert.Equal(["accuracy_below", "drift_share_above"], Firing(report));
        Assert.Equal(["accuracy_below", "drift_share_above"], Firing(read));
        Assert.Equal(["accuracy_below", "drift_share_above"], StoredAlerts().Where(a => a.ResolvedAt is null).Select(a => a.Rule).Order());
        Assert.Equal(["accuracy_below:opened", "drift_share_above:opened"],
            Webhook.Received.Select(e => $"{e.GetProperty("alert").GetProperty("rule").GetString()}:{e.GetProperty("event").GetString()}").Order());
    }

    [Fact]
    public async Task MonitoringAndDashboard_WhenTrafficWouldResolveTheOpenAlerts_LeaveThemOpenAndSendNothing()
    {
        using var judged = await JudgeAsync(Key);
        await Webhook.ReceivedAsync(2);
        var sent = Webhook.Received.Count;
        await LabelledTraffic.SendAsync(_client, "decay", _scenario.Draw(2000, shifted: false));

        for (var i = 0; i < 3; i++)
        {
            await _client.GetStringAsync("/v1/models/decay/monitoring");
            await _client.GetStringAsync("/dashboard");
        }

        var afterReads = OpenRules();
        var sentAfterReads = Webhook.Received.Count;
        using var again = await JudgeAsync(Key);

        Assert.Equal(HttpStatusCode.OK, judged.StatusCode);
        Assert.Equal(["accuracy_below", "drift_share_above"], afterReads);
        Assert.Equal(sent, sentAfterReads);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Empty(OpenRules());
    }

    private string[] OpenRules() => [.. StoredAlerts().Where(a => a.ResolvedAt is null).Select(a => a.Rule).Order()];

    private static string[] Firing(JsonElement report) =>
        [.. report.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("firing").GetBoolean()).Select(r => r.GetProperty("rule").GetString()!).Order()];
}
