using System.Text.Json;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ferry.Server.Tests.Autopilot;

/// <summary>The retraining loop closing by itself over real HTTP, with nothing done after the server starts but a
/// client's labelled traffic: a model of concept A meets concept B, its accuracy alert opens, and a run retrains, passes
/// the gate, shadows, canaries, promotes and bakes; or, when the traffic turns against the challenger in its canary or
/// against the new champion in its bake, the run stops it or rolls it back. The server judges every second.</summary>
public sealed class AutopilotScenarioTests
{
    private const string Model = "auto";

    private const string AdminKey = "pilot-key";

    private static readonly Dictionary<string, string> s_settings = new() { ["MonitorSeconds"] = "1", ["ReloadSeconds"] = "0.5", ["AdminKey"] = AdminKey };

    [Fact]
    public async Task Autopilot_ChangedConcept_RetrainsShadowsCanariesPromotesAndBakesWithNoFailedRequest()
    {
        using var files = new TestFiles();
        var spec = Spec(files, seed: 1);
        await using var server = await RunningServer.TrainAndStartAsync(spec, s_settings);
        var original = ModelRegistry.Open(SpecLoader.Load(spec)).ReadManifest(Model, 1).Metrics[MetricNames.Accuracy];
        JsonElement run;
        await using (var client = new LabelledClient(server.Client, Model, seed: 2, changed: true))
        {
            run = await RunAtAsync(server.Client, stage => stage is RunStages.Baked || RunStages.IsFinal(stage));
            Assert.All(client.Statuses, status => Assert.InRange(status, 200, 299));
            Assert.NotEmpty(client.Statuses);
        }

        Assert.True(run.GetProperty("stage").GetString() == RunStages.Baked, run.ToString());
        Assert.Equal("accuracy_below", run.GetProperty("trigger").GetString());
        Assert.Equal([RunStages.Retrain, RunStages.Gate, RunStages.Shadow, RunStages.Canary, RunStages.Promoted, RunStages.Bake, RunStages.Baked], Stages(run));
        var metrics = await MetricsWhenAsync(server.Client, $"ferry_runs{{model=\"{Model}\",stage=\"baked\"}} 1\n");
        Assert.Contains($"ferry_runs{{model=\"{Model}\",stage=\"bake\"}} 0\n", metrics, StringComparison.Ordinal);
        Assert.All(Stages(run), stage => Assert.Contains($"ferry_run_changes_total{{model=\"{Model}\",stage=\"{stage}\"}} 1\n", metrics, StringComparison.Ordinal));
        Assert.Contains($"ferry_run_changes_total{{model=\"{Model}\",stage=\"rejected\"}} 0\n", metrics, StringComparison.Ordinal);
        await using (var after = new LabelledClient(server.Client, Model, seed: 3, changed: true))
        {
            await UntilAsync(() => after.Answers.Count >= 600);
            var answers = after.Answers.ToArray();
            Assert.All(answers, answer => Assert.Equal(2, answer.Version));
            Assert.InRange(answers.Count(answer => answer.Right) / (double)answers.Length, original - 0.03, 1);
        }
    }

    [Fact]
    public async Task Autopilot_ChallengerWorseInCanaryThanAtTheGate_IsStoppedWithNoFailedRequest()
    {
        using var files = new TestFiles();
        var spec = Spec(files, seed: 4, canary: 5000);
        await using var server = await RunningServer.TrainAndStartAsync(spec, s_settings);
        JsonElement run;
        await using (var client = new LabelledClient(server.Client, Model, seed: 5, changed: true))
        {
            await RunAtAsync(server.Client, stage => stage is RunStages.Canary || RunStages.IsFinal(stage));
            client.Changed = false;
            run = await RunAtAsync(server.Client, RunStages.IsFinal);
            Assert.All(client.Statuses, status => Assert.InRange(status, 200, 299));
        }

        Assert.True(run.GetProperty("stage").GetString() == RunStages.Rejected, run.ToString());
        Assert.Contains("canary stopped", run.GetProperty("steps").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, ModelRegistry.Open(SpecLoader.Load(spec)).Alias(Model, ModelRegistry.Champion));
    }

    [Fact]
    public async Task Autopilot_ChampionRegressingInItsBake_IsRolledBackWithinTwoChecksWithNoFailedRequest()
    {
        using var files = new TestFiles();
        var spec = Spec(files, seed: 6);
        await using var server = await RunningServer.TrainAndStartAsync(spec, new Dictionary<string, string>(s_settings) { ["MonitorSeconds"] = "3600" });
        var checks = 0;
        await using (var client = new LabelledClient(server.Client, Model, seed: 7, changed: true))
        {
            await UntilAsync(async () =>
            {
                await server.JudgeAsync(Model, AdminKey);
                return (await LatestRunAsync(server.Client))?.GetProperty("stage").GetString() is RunStages.Bake or RunStages.Baked;
            }, () => "");
            client.Changed = false;
            var switched = client.Answers.Count;
            await UntilAsync(() => client.Answers.Count >= switched + 200);
            while (checks < 2 && (await LatestRunAsync(server.Client))?.GetProperty("stage").GetString() == RunStages.Bake)
            {
                await server.JudgeAsync(Model, AdminKey);
                checks++;
            }

            Assert.All(client.Statuses, status => Assert.InRange(status, 200, 299));
        }

        var run = (await LatestRunAsync(server.Client))!.Value;
        Assert.True(run.GetProperty("stage").GetString() == RunStages.RolledBack, run.ToString());
        Assert.InRange(checks, 1, 2);
        Assert.Equal(1, ModelRegistry.Open(SpecLoader.Load(spec)).Alias(Model, ModelRegistry.Champion));
    }

    [Fact]
    public async Task Autopilot_UnauthenticatedFeedbackBeyondLoopback_NeverRetrainsAndSaysWhyAtStart()
    {
        using var files = new TestFiles();
        var spec = Spec(files, seed: 8);
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(spec), null, CancellationToken.None);
        var log = new LogCapture();
        await using var server = await RunningServer.StartAsync(spec, s_settings, services => services.AddSingleton<ILoggerProvider>(log), "http://0.0.0.0:0");
        var store = MonitoringStore.Open(SpecLoader.Load(spec));
        await using (var client = new LabelledClient(server.Client, Model, seed: 9, changed: true))
        {
            await UntilAsync(() => client.Answers.Count >= 1000 && store.Alerts(Model, 10).Any(alert => alert.Rule == "accuracy_below" && alert.ResolvedAt is null));
            await server.JudgeAsync(Model, AdminKey);
            Assert.All(client.Statuses, status => Assert.InRange(status, 200, 299));
        }

        Assert.Empty(store.Runs(Model, 10));
        var warning = Assert.Single(log.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("runs that start by themselves", StringComparison.Ordinal));
        Assert.Contains("set FERRY_FEEDBACK_KEY", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>A model of concept A, its accuracy alert starting runs that learn from production rows only (the concept
    /// changed), with small shadow, canary and bake counts so a run ends in about a minute.</summary>
    internal static string Spec(TestFiles files, int seed, string store = "", int shadow = 100, int canary = 100, int bake = 100)
    {
        new ConceptChange(seed).WriteCsv(files.Path("train.csv"), 1500);
        return files.WriteSpec(files.Path("train.csv"), "y", "binary-classification", Model, $$"""
            {{store}}
            success_metric: { name: accuracy, threshold: 0.8 }
            train: { candidates: [logistic] }
            monitor: { window: 200, performance_window: 100, alerts: { accuracy_below: 0.85 } }
            retrain:
              on: [accuracy_below]
              min_labels: 300
              window: 400
              source: production
              shadow: {{shadow}}
              canary: { share: 0.5, rows: {{canary}} }
              bake: {{bake}}
            """);
    }

    private static string[] Stages(JsonElement run) => [.. run.GetProperty("steps").EnumerateArray().Select(step => step.GetProperty("stage").GetString()!)];

    private static async Task<JsonElement?> LatestRunAsync(HttpClient client)
    {
        var runs = JsonDocument.Parse(await client.GetStringAsync($"/v1/models/{Model}/runs")).RootElement.GetProperty("runs");
        return runs.GetArrayLength() > 0 ? runs[0] : null;
    }

    /// <summary>The model's latest run once its stage satisfies <paramref name="reached"/>; fails after three minutes.</summary>
    internal static async Task<JsonElement> RunAtAsync(HttpClient client, Func<string, bool> reached)
    {
        JsonElement? latest = null;
        await UntilAsync(async () =>
        {
            latest = await LatestRunAsync(client);
            return latest is { } run && reached(run.GetProperty("stage").GetString()!);
        }, () => latest?.ToString() ?? "no run");
        return latest!.Value;
    }

    /// <summary>/metrics once it holds <paramref name="sample"/> (the gauge is refreshed as the check that saved the run ends).</summary>
    private static async Task<string> MetricsWhenAsync(HttpClient client, string sample)
    {
        var metrics = "";
        await UntilAsync(async () => (metrics = await client.GetStringAsync("/metrics")).Contains(sample, StringComparison.Ordinal), () => $"no {sample.Trim()} in /metrics");
        return metrics;
    }

    private static Task UntilAsync(Func<bool> done) => UntilAsync(() => Task.FromResult(done()), () => "");

    private static async Task UntilAsync(Func<Task<bool>> done, Func<string> state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not there in three minutes: {state()}");
            await Task.Delay(250);
        }
    }
}
