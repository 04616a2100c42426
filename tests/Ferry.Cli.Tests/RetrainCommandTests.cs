using System.Text.Json;
using Ferry.Server;
using Ferry.Testing;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Tests;

/// <summary>The loop closed: a served model whose concept changed (the label now follows x1 - x2 instead of x1 + x2)
/// gets feedback; `ferry retrain` trains a challenger on the training data plus those labelled rows, judges both on the
/// latest fifth of them, and promotes the challenger, which the server then serves.</summary>
public sealed class RetrainCommandTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    /// <summary>The same loop with the default store and with a PostgreSQL store (feedback, registry and bundles in the database).</summary>
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Retrain_ConceptChangedInProduction_PromotesAChallengerThatLearnedIt(string store)
    {
        var storeLine = "";
        if (store == "postgres")
        {
            Skip.If(postgres.Url is null && !PostgresServer.Required, postgres.Unavailable);
            Assert.True(postgres.Url is not null, postgres.Unavailable);
            storeLine = $"store: \"{postgres.NewDatabase()}\"";
        }

        using var files = new TestFiles();
        var scenario = new DriftScenario(seed: 21);
        scenario.WriteCsv(files.Path("train.csv"), 1000);
        var spec = files.WriteSpec(files.Path("train.csv"), "y", "binary-classification", "loop", $"train: {{ candidates: [logistic] }}\n{storeLine}");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        await using (var app = FerryServerApp.Build(spec, "http://127.0.0.1:0", LogLevel.Warning, new Dictionary<string, string> { ["MonitorSeconds"] = "3600" }))
        {
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var changed = scenario.Draw(2000, shifted: false).Select(row => row with { Label = row.X1 - row.X2 > 0 ? "yes" : "no" }).ToArray();
            await LabelledTraffic.SendAsync(client, "loop", changed);
        }

        var retrain = await CliRunner.RunAsync("retrain", spec, "--json");
        var models = await CliRunner.RunAsync("models", "list", spec, "--json");
        var again = await CliRunner.RunAsync("retrain", spec);

        Assert.Equal(0, retrain.ExitCode);
        Assert.Equal(store == "sqlite", File.Exists(Path.Combine(files.Directory, ".ferry", "ferry.db")));
        using var json = JsonDocument.Parse(retrain.Out);
        var root = json.RootElement;
        Assert.Equal(1600, root.GetProperty("productionRows").GetInt32());
        Assert.Equal(400, root.GetProperty("holdoutRows").GetInt32());
        Assert.InRange(root.GetProperty("championScore").GetDouble(), 0.35, 0.65);
        Assert.InRange(root.GetProperty("challengerScore").GetDouble(), 0.8, 1);
        Assert.True(root.GetProperty("promoted").GetBoolean());
        Assert.Equal("promote", root.GetProperty("decision").GetString());
        var gate = root.GetProperty("test");
        Assert.Equal("exact McNemar", gate.GetProperty("name").GetString());
        Assert.Equal(400, gate.GetProperty("rows").GetInt32());
        Assert.InRange(gate.GetProperty("pValue").GetDouble(), 0, 0.05);
        Assert.Equal(2, JsonDocument.Parse(models.Out).RootElement.GetProperty("champion").GetInt32());
        Assert.Contains("Trained on the data plus 1600 labelled production rows; judged on the latest 400, held out.", again.Out, StringComparison.Ordinal);
        Assert.Contains(again.ExitCode == 0 ? "Promoted v3" : "Not promoted: v3", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_WindowAndProductionSource_LearnsFromTheLatestLabelledRowsOnly()
    {
        using var files = new TestFiles();
        var spec = await ServeChangedConceptAsync(files, "retrain: { window: 500, source: production }", 2000);

        var retrain = await CliRunner.RunAsync("retrain", spec, "--json");

        Assert.Equal(0, retrain.ExitCode);
        var root = JsonDocument.Parse(retrain.Out).RootElement;
        Assert.Equal([400, 100, 320], new[] { "productionRows", "holdoutRows", "trainRows" }.Select(key => root.GetProperty(key).GetInt32()));
        Assert.Equal("promote", root.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Retrain_GainBelowMinImprovement_RejectsWithExitTwo()
    {
        using var files = new TestFiles();
        var spec = await ServeChangedConceptAsync(files, "retrain: { min_improvement: 0.6 }", 1000);

        var retrain = await CliRunner.RunAsync("retrain", spec);
        var models = await CliRunner.RunAsync("models", "list", spec, "--json");

        Assert.Equal(2, retrain.ExitCode);
        Assert.Contains("Not promoted: v2 is not better than v1 by min_improvement 0.6 (accuracy ", retrain.Out, StringComparison.Ordinal);
        Assert.Contains("Gate: exact McNemar test on 200 rows", retrain.Out, StringComparison.Ordinal);
        Assert.Equal(1, JsonDocument.Parse(models.Out).RootElement.GetProperty("champion").GetInt32());
    }

    /// <summary>The concept did not change: the challenger and the champion answer the 10 held-out rows alike, too few
    /// differing rows for the test to reach p &lt; 0.05, so the run waits for labels (exit 2: nothing was promoted).</summary>
    [Fact]
    public async Task Retrain_TooFewRowsToTell_WaitsForLabelsAndPromotesNothing()
    {
        using var files = new TestFiles();
        var scenario = new DriftScenario(seed: 5);
        scenario.WriteCsv(files.Path("train.csv"), 1000);
        var spec = files.WriteSpec(files.Path("train.csv"), "y", "binary-classification", "loop", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        await SendAsync(spec, scenario.Draw(50, shifted: false));

        var retrain = await CliRunner.RunAsync("retrain", spec, "--json");
        var models = await CliRunner.RunAsync("models", "list", spec, "--json");

        Assert.Equal(2, retrain.ExitCode);
        var root = JsonDocument.Parse(retrain.Out).RootElement;
        Assert.Equal("wait", root.GetProperty("decision").GetString());
        Assert.False(root.GetProperty("promoted").GetBoolean());
        Assert.InRange(root.GetProperty("test").GetProperty("smallestPValue").GetDouble(), 0.05, 1);
        Assert.StartsWith("v2 waits for labels: it and v1 differ on ", root.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, JsonDocument.Parse(models.Out).RootElement.GetProperty("champion").GetInt32());
    }

    [Fact]
    public async Task Retrain_FewerLabelsThanMinLabels_SaysHowManyItNeeds()
    {
        using var files = new TestFiles();
        var spec = await ServeChangedConceptAsync(files, "retrain: { min_labels: 600 }", 500);

        var result = await CliRunner.RunAsync("retrain", spec);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("model 'loop' has 500 labelled production rows; retrain needs at least 600", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_NoFeedbackYet_SaysHowManyLabelledRowsItNeeds()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "m", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);

        var result = await CliRunner.RunAsync("retrain", spec);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("model 'm' has 0 labelled production rows; retrain needs at least 50", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_NoChampion_SaysToTrainFirst()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification");

        var result = await CliRunner.RunAsync("retrain", spec);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no champion version", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_Promoted_LeavesAClosedRunWithItsStepsAndLineage()
    {
        using var files = new TestFiles();
        var spec = await ServeChangedConceptAsync(files, "", 1000);

        var retrain = await CliRunner.RunAsync("retrain", spec, "--json");
        var run = await LatestRunAsync(spec);
        var manifest = JsonDocument.Parse((await CliRunner.RunAsync("models", "show", spec, "2", "--json")).Out).RootElement;

        Assert.Equal(0, retrain.ExitCode);
        Assert.Equal(run.GetProperty("id").GetInt64(), JsonDocument.Parse(retrain.Out).RootElement.GetProperty("run").GetInt64());
        Assert.Equal(("manual", "promoted", false, 1, 2), (run.GetProperty("trigger").GetString(), run.GetProperty("stage").GetString(),
            run.GetProperty("isOpen").GetBoolean(), run.GetProperty("champion").GetInt32(), run.GetProperty("challenger").GetInt32()));
        Assert.Equal(["retrain", "gate", "promoted"], Stages(run));
        var lineage = run.GetProperty("lineage");
        Assert.Equal(manifest.GetProperty("dataFingerprint").GetString(), lineage.GetProperty("dataFingerprint").GetString());
        Assert.Equal(manifest.GetProperty("specHash").GetString(), lineage.GetProperty("specHash").GetString());
        Assert.Equal(800, lineage.GetProperty("productionRows").GetInt32());
        Assert.NotEqual(lineage.GetProperty("firstProductionId").GetString(), lineage.GetProperty("lastProductionId").GetString());
    }

    [Fact]
    public async Task Retrain_Rejected_ClosesTheRunWithTheGatesEvidence()
    {
        using var files = new TestFiles();
        var spec = await ServeChangedConceptAsync(files, "retrain: { min_improvement: 0.6 }", 1000);

        var retrain = await CliRunner.RunAsync("retrain", spec);
        var run = await LatestRunAsync(spec);

        Assert.Equal(2, retrain.ExitCode);
        Assert.Contains($"Run {run.GetProperty("id").GetInt64()}: rejected.", retrain.Out, StringComparison.Ordinal);
        Assert.Equal(["retrain", "gate", "rejected"], Stages(run));
        var gate = run.GetProperty("steps")[1];
        Assert.Equal(("exact McNemar", 200), (gate.GetProperty("test").GetString(), gate.GetProperty("rows").GetInt32()));
        Assert.InRange(gate.GetProperty("championScore").GetDouble(), 0.3, 0.7);
        Assert.InRange(gate.GetProperty("pValue").GetDouble(), 0, 0.05);
        Assert.StartsWith("v2 is not better than v1 by min_improvement 0.6", gate.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_GateWaits_RunStaysOpenUntilTheNextRetrainSupersedesIt()
    {
        using var files = new TestFiles();
        var scenario = new DriftScenario(seed: 5);
        scenario.WriteCsv(files.Path("train.csv"), 1000);
        var spec = files.WriteSpec(files.Path("train.csv"), "y", "binary-classification", "loop", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        await SendAsync(spec, scenario.Draw(50, shifted: false));

        var first = await CliRunner.RunAsync("retrain", spec);
        var waiting = await LatestRunAsync(spec);
        var second = await CliRunner.RunAsync("retrain", spec);
        var runs = JsonDocument.Parse((await CliRunner.RunAsync("runs", spec, "--json")).Out).RootElement.GetProperty("runs");

        var id = waiting.GetProperty("id").GetInt64();
        Assert.Equal(2, first.ExitCode);
        Assert.Contains($"Run {id} stays open at gate", first.Out, StringComparison.Ordinal);
        Assert.Equal(("gate", true), (waiting.GetProperty("stage").GetString(), waiting.GetProperty("isOpen").GetBoolean()));
        Assert.Equal(["retrain", "gate"], Stages(waiting));
        Assert.Equal(2, second.ExitCode);
        Assert.Equal(2, runs.GetArrayLength());
        Assert.Equal(("gate", true), (runs[0].GetProperty("stage").GetString(), runs[0].GetProperty("isOpen").GetBoolean()));
        Assert.Equal((id, "rejected", false), (runs[1].GetProperty("id").GetInt64(), runs[1].GetProperty("stage").GetString(), runs[1].GetProperty("isOpen").GetBoolean()));
        Assert.StartsWith("superseded", runs[1].GetProperty("steps")[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_DataSourceGone_RecordsTheRunFailedAndTheChampionStays()
    {
        using var files = new TestFiles();
        var spec = await ServeChangedConceptAsync(files, "", 1000);
        File.Delete(files.Path("train.csv"));

        var retrain = await CliRunner.RunAsync("retrain", spec);
        var run = await LatestRunAsync(spec);
        var models = await CliRunner.RunAsync("models", "list", spec, "--json");

        Assert.Equal(1, retrain.ExitCode);
        Assert.Equal(("failed", false), (run.GetProperty("stage").GetString(), run.GetProperty("isOpen").GetBoolean()));
        Assert.Equal(["retrain", "failed"], Stages(run));
        var reason = run.GetProperty("steps")[1].GetProperty("reason").GetString()!;
        Assert.Contains("train.csv", reason, StringComparison.Ordinal);
        Assert.Contains(reason, retrain.Error.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Equal(1, JsonDocument.Parse(models.Out).RootElement.GetProperty("champion").GetInt32());
    }

    [Fact]
    public async Task ModelsShow_RetrainedVersion_PrintsTheLineageOfTheRunThatTrainedIt()
    {
        using var files = new TestFiles();
        var spec = await ServeChangedConceptAsync(files, "", 1000);
        Assert.Equal(0, (await CliRunner.RunAsync("retrain", spec)).ExitCode);
        var run = await LatestRunAsync(spec);
        var lineage = run.GetProperty("lineage");

        var show = await CliRunner.RunAsync("models", "show", spec, "2");

        Assert.Equal(0, show.ExitCode);
        Assert.Contains($"Lineage: data {lineage.GetProperty("dataFingerprint").GetString()}, spec {lineage.GetProperty("specHash").GetString()}, "
            + $"800 labelled production rows ({lineage.GetProperty("firstProductionId").GetString()} .. {lineage.GetProperty("lastProductionId").GetString()}), "
            + $"trained by run {run.GetProperty("id").GetInt64()} (manual).", show.Out.ReplaceLineEndings(""), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> LatestRunAsync(string spec)
    {
        var runs = await CliRunner.RunAsync("runs", spec, "--json");
        Assert.Equal(0, runs.ExitCode);
        return JsonDocument.Parse(runs.Out).RootElement.GetProperty("runs")[0].Clone();
    }

    private static string[] Stages(JsonElement run) => [.. run.GetProperty("steps").EnumerateArray().Select(step => step.GetProperty("stage").GetString()!)];

    /// <summary>A logistic model trained on x1 + x2, served, and sent <paramref name="rows"/> labelled rows of the changed
    /// concept x1 - x2.</summary>
    private static async Task<string> ServeChangedConceptAsync(TestFiles files, string retrain, int rows)
    {
        var scenario = new DriftScenario(seed: 21);
        scenario.WriteCsv(files.Path("train.csv"), 1000);
        var spec = files.WriteSpec(files.Path("train.csv"), "y", "binary-classification", "loop", $"train: {{ candidates: [logistic] }}\n{retrain}");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        await SendAsync(spec, [.. scenario.Draw(rows, shifted: false).Select(row => row with { Label = row.X1 - row.X2 > 0 ? "yes" : "no" })]);
        return spec;
    }

    private static async Task SendAsync(string spec, IReadOnlyList<DriftScenario.Row> rows)
    {
        await using var app = FerryServerApp.Build(spec, "http://127.0.0.1:0", LogLevel.Warning, new Dictionary<string, string> { ["MonitorSeconds"] = "3600" });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        await LabelledTraffic.SendAsync(client, "loop", rows);
    }
}
