using System.Text.Json;
using Ferry.Server;
using Ferry.Testing;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Tests;

/// <summary>The accuracy-decay scenario end to end: a model trained on generated data is served; 2000 labelled requests
/// from the training distribution keep it near 90% accuracy; 2000 from a shifted one take it toward 75% and drift half
/// its inputs. The accuracy and drift alerts open once each on a real webhook receiver, `ferry monitor` lists the drifted
/// features first, and traffic from the training distribution resolves both.</summary>
public sealed class MonitoringScenarioTests
{
    private const string Key = "scenario-admin-key";

    [Fact]
    public async Task AccuracyDecay_ShiftedTraffic_OpensAccuracyAndDriftAlertsOnTheWebhookOnceThenResolves()
    {
        using var files = new TestFiles();
        await using var webhook = await WebhookReceiver.StartAsync();
        var scenario = new DriftScenario(seed: 11);
        var spec = scenario.WriteWatchedSpec(files, "decay", webhook.Url);
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        await using var app = FerryServerApp.Build(spec, "http://127.0.0.1:0", LogLevel.Warning, new Dictionary<string, string> { ["MonitorSeconds"] = "3600", ["AdminKey"] = Key });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        await LabelledTraffic.SendAsync(client, "decay", scenario.Draw(2000, shifted: false));
        var healthy = await MonitoringAsync(client);
        await LabelledTraffic.SendAsync(client, "decay", scenario.Draw(2000, shifted: true));
        var decayed = await MonitoringAsync(client);
        var gauges = await client.GetStringAsync("/metrics");
        await MonitoringAsync(client);
        var monitor = await CliRunner.RunAsync("monitor", spec, "--json");
        var table = await CliRunner.RunAsync("monitor", spec);
        var openedEvents = await webhook.ReceivedAsync(2);
        await LabelledTraffic.SendAsync(client, "decay", scenario.Draw(2000, shifted: false));
        var recovered = await MonitoringAsync(client);

        Assert.InRange(Latest(healthy), 0.85, 0.95);
        Assert.All(healthy.GetProperty("rules").EnumerateArray(), rule => Assert.False(rule.GetProperty("firing").GetBoolean()));
        Assert.InRange(Latest(decayed), 0.68, 0.82);
        Assert.True(decayed.GetProperty("drift").GetProperty("datasetDrift").GetBoolean());
        Assert.Equal(["accuracy_below", "drift_share_above"], Firing(decayed));
        Assert.Equal(["accuracy_below:opened", "drift_share_above:opened"], Events(openedEvents));
        Assert.Contains("ferry_alerts_open{model=\"decay\",rule=\"accuracy_below\"} 1", gauges, StringComparison.Ordinal);
        Assert.Contains("ferry_dataset_drift{model=\"decay\",version=\"1\"} 1", gauges, StringComparison.Ordinal);
        Assert.Matches(@"ferry_live_metric\{model=""decay"",version=""1"",metric=""accuracy""\} 0\.7", gauges);
        Assert.True(decayed.GetProperty("health")[0].GetProperty("uptimeSeconds").GetDouble() >= 0);
        Assert.Equal(2, monitor.ExitCode);
        var features = JsonDocument.Parse(monitor.Out).RootElement.GetProperty("drift").GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(["x1", "x2"], features.Take(2).Select(f => f.GetProperty("column").GetString()!).Order());
        Assert.All(features.Take(2), f => Assert.True(f.GetProperty("drifted").GetBoolean()));
        Assert.All(features.Skip(2), f => Assert.False(f.GetProperty("drifted").GetBoolean()));
        Assert.True(Math.Max(table.Out.IndexOf("│ x1", StringComparison.Ordinal), table.Out.IndexOf("│ x2", StringComparison.Ordinal))
            < Math.Min(table.Out.IndexOf("│ x3", StringComparison.Ordinal), table.Out.IndexOf("│ c ", StringComparison.Ordinal)), table.Out);
        Assert.Empty(Firing(recovered));
        Assert.Equal(["accuracy_below:opened", "accuracy_below:resolved", "drift_share_above:opened", "drift_share_above:resolved"], Events(await webhook.ReceivedAsync(4)));
    }

    [Fact]
    public async Task ConceptShift_AccuracyFallsWithoutInputDrift_IsReportedAsConceptDrift()
    {
        using var files = new TestFiles();
        var scenario = new DriftScenario(seed: 12);
        scenario.WriteCsv(files.Path("train.csv"), 3000);
        var spec = files.WriteSpec(files.Path("train.csv"), "y", "binary-classification", "decay", string.Join("\n",
            "train: { candidates: [logistic] }",
            "monitor: { window: 1000, performance_window: 500, alerts: { concept_drift: true, drift_share_above: 0.5 } }"));
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        await using var app = FerryServerApp.Build(spec, "http://127.0.0.1:0", LogLevel.Warning, new Dictionary<string, string> { ["MonitorSeconds"] = "3600", ["AdminKey"] = Key });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        await LabelledTraffic.SendAsync(client, "decay", scenario.Draw(1000, shifted: false));
        await LabelledTraffic.SendAsync(client, "decay", scenario.Draw(1000, shifted: true, conceptOnly: true));
        var report = await MonitoringAsync(client);

        Assert.InRange(Latest(report), 0.68, 0.82);
        Assert.False(report.GetProperty("drift").GetProperty("datasetDrift").GetBoolean());
        Assert.True(report.GetProperty("performance").GetProperty("conceptDrift").GetBoolean());
        Assert.Contains("suspected concept drift", report.GetProperty("performance").GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.Equal(["concept_drift"], Firing(report));
    }

    /// <summary>Has the server judge now (the admin verb: reads never judge) and returns the report.</summary>
    private static async Task<JsonElement> MonitoringAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/decay/monitoring/judge");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static double Latest(JsonElement report) => report.GetProperty("performance").GetProperty("latest").GetDouble();

    private static string[] Firing(JsonElement report) =>
        [.. report.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("firing").GetBoolean()).Select(r => r.GetProperty("rule").GetString()!).Order()];

    private static string[] Events(IEnumerable<JsonElement> events) =>
        [.. events.Select(e => $"{e.GetProperty("alert").GetProperty("rule").GetString()}:{e.GetProperty("event").GetString()}").Order()];
}
