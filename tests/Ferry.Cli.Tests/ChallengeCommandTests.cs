using System.Net.Http.Json;
using System.Text.Json;
using Ferry.Server;
using Ferry.Testing;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Tests;

/// <summary>Shadow deployment: the champion learned y from x1 + x2, the concept changed to x1 - x2, and a version trained
/// on the new concept is made the challenger. It scores every request in shadow while the clients get the champion's
/// answers; `ferry monitor` then compares both on the same labelled rows.</summary>
public sealed class ChallengeCommandTests
{
    [Fact]
    public async Task Challenger_InShadow_IsJudgedOnTheSameRequestsAndNeverAnswers()
    {
        using var files = new TestFiles();
        var scenario = new DriftScenario(seed: 33);
        scenario.WriteCsv(files.Path("train.csv"), 1000);
        var spec = files.WriteSpec(files.Path("train.csv"), "y", "binary-classification", "shadow",
            "train: { candidates: [logistic] }\nmonitor: { alerts: { challenger_better: true } }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        var changed = scenario.Draw(1600, shifted: false).Select(row => row with { Label = row.X1 - row.X2 > 0 ? "yes" : "no" }).ToArray();
        DriftScenario.WriteCsv(files.Path("train.csv"), changed[..1000]);
        await CliRunner.RunAsync("train", spec);
        Assert.Equal(0, (await CliRunner.RunAsync("models", "promote", spec, "1")).ExitCode);

        var challenge = await CliRunner.RunAsync("models", "challenge", spec, "2");
        var versions = new HashSet<int>();
        await using (var app = FerryServerApp.Build(spec, "http://127.0.0.1:0", LogLevel.Warning, new Dictionary<string, string> { ["MonitorSeconds"] = "3600" }))
        {
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            versions.UnionWith(await LabelledTraffic.SendAsync(client, "shadow", changed[1000..]));
            using var one = await client.PostAsync("/v1/models/shadow/predict", new StringContent(changed[0].Json, System.Text.Encoding.UTF8, "application/json"));
            versions.Add((await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        }

        var monitor = await CliRunner.RunAsync("monitor", spec, "--json");
        var table = await CliRunner.RunAsync("monitor", spec);
        var stop = await CliRunner.RunAsync("models", "challenge", spec, "--stop");
        var after = await CliRunner.RunAsync("monitor", spec, "--json");

        Assert.Equal(0, challenge.ExitCode);
        Assert.Equal([1], versions);
        Assert.Equal((2, 0), (monitor.ExitCode, after.ExitCode));
        var rule = Assert.Single(JsonDocument.Parse(monitor.Out).RootElement.GetProperty("rules").EnumerateArray());
        Assert.Equal(("challenger_better", true), (rule.GetProperty("rule").GetString(), rule.GetProperty("firing").GetBoolean()));
        var comparison = JsonDocument.Parse(monitor.Out).RootElement.GetProperty("challenger");
        Assert.Equal(2, comparison.GetProperty("version").GetInt32());
        Assert.Equal(600, comparison.GetProperty("rows").GetInt32());
        Assert.InRange(comparison.GetProperty("champion").GetDouble(), 0.35, 0.65);
        Assert.InRange(comparison.GetProperty("challenger").GetDouble(), 0.85, 1);
        Assert.True(comparison.GetProperty("better").GetBoolean());
        Assert.Contains("Challenger v2 in shadow: on the same 600 labelled rows", table.Out, StringComparison.Ordinal);
        Assert.Equal(0, stop.ExitCode);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(after.Out).RootElement.GetProperty("challenger").ValueKind);
    }

    [Fact]
    public async Task Promote_TheChallenger_EndsTheShadow()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "m", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        await CliRunner.RunAsync("train", spec);
        await CliRunner.RunAsync("models", "promote", spec, "1");
        Assert.Equal(0, (await CliRunner.RunAsync("models", "challenge", spec, "2")).ExitCode);
        var during = JsonDocument.Parse((await CliRunner.RunAsync("models", "list", spec, "--json")).Out).RootElement;

        Assert.Equal(0, (await CliRunner.RunAsync("models", "promote", spec, "2")).ExitCode);
        var after = JsonDocument.Parse((await CliRunner.RunAsync("models", "list", spec, "--json")).Out).RootElement;

        Assert.Equal((1, 2), (during.GetProperty("champion").GetInt32(), during.GetProperty("challenger").GetInt32()));
        Assert.Equal(2, after.GetProperty("champion").GetInt32());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("challenger").ValueKind);
    }

    [Fact]
    public async Task Challenge_TheChampionItself_IsRefused()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "m", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);

        var result = await CliRunner.RunAsync("models", "challenge", spec, "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("v1 is the champion of 'm'; a challenger must be another version", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Challenge_AVersionWithOtherInputs_SaysWhichInputsDiffer()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "m", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "m", "train: { candidates: [logistic] }\nfeatures: { drop: [\"sepal width (cm)\"] }");
        await CliRunner.RunAsync("train", spec);
        await CliRunner.RunAsync("models", "promote", spec, "1");

        var result = await CliRunner.RunAsync("models", "challenge", spec, "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("v2 of 'm' takes other inputs than the champion v1", result.Error, StringComparison.Ordinal);
    }
}
