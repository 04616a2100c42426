using System.Text.Json;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

public sealed class RunsCommandTests
{
    private static readonly DateTimeOffset s_noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static long SeedRejectedRun(TestFiles files)
    {
        var store = MonitoringStore.Open(files.Path(".ferry"));
        var run = store.StartRun("iris", "manual", 1, s_noon)!;
        store.SaveRun((run with { Challenger = 2, Lineage = new RunLineage("fp-1", "hash-1", 120, "a1", "z9") }).With(new RunStep(RunStages.Rejected,
            s_noon.AddMinutes(3), "v2 is not better than v1 on the held-out rows", 30, 0.9, 0.87, "mcnemar-exact", 2, 0.81)));
        return run.Id;
    }

    [Fact]
    public async Task Runs_Json_PrintsTheStoredRunsWithTheirSteps()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris");
        var id = SeedRejectedRun(files);

        var result = await CliRunner.RunAsync("runs", spec, "--json");

        Assert.Equal(0, result.ExitCode);
        var run = Assert.Single(JsonDocument.Parse(result.Out).RootElement.GetProperty("runs").EnumerateArray());
        Assert.Equal((id, "rejected", 2), (run.GetProperty("id").GetInt64(), run.GetProperty("stage").GetString(), run.GetProperty("challenger").GetInt32()));
        Assert.Equal(["retrain", "rejected"], run.GetProperty("steps").EnumerateArray().Select(step => step.GetProperty("stage").GetString()));
        Assert.Equal("fp-1", run.GetProperty("lineage").GetProperty("dataFingerprint").GetString());
    }

    [Fact]
    public async Task Runs_ForPeople_ShowsTriggerStagesPValueAndLineage()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris");
        SeedRejectedRun(files);

        var result = await CliRunner.RunAsync("runs", spec);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("rejected: v1 -> v2", result.Out, StringComparison.Ordinal);
        Assert.Contains("by manual", result.Out, StringComparison.Ordinal);
        Assert.Contains("0.81", result.Out, StringComparison.Ordinal);
        Assert.Contains("120 production rows (a1 .. z9)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_WithoutAny_SaysSoAndExitsZero()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris");
        MonitoringStore.Open(files.Path(".ferry"));

        var result = await CliRunner.RunAsync("runs", spec);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("iris has no runs yet", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_BeforeAnyStore_ExitsOneNamingItAndCreatesNone()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris");

        var result = await CliRunner.RunAsync("runs", spec);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no store there yet", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(files.Path(".ferry/ferry.db")));
    }
}
