using Ferry.Core.Storage;

namespace Ferry.Core.Tests.Lifecycle;

/// <summary>A run that cannot retrain records why and leaves the champion serving.</summary>
public sealed class AutopilotFailedRunTests
{
    [Fact]
    public void Check_DataSourceRemovedWithSourceBoth_EndsTheRunFailedWithTheReasonAndKeepsTheChampion()
    {
        using var model = new LiveModel("{ on: [accuracy_below], min_labels: 50, source: both, shadow: 0, canary: { rows: 0 }, bake: 0 }");
        model.Label(200);
        model.Alert("accuracy_below");
        File.Delete(model.DataPath);

        var said = model.Check();

        var run = Assert.Single(model.Store.Runs(LiveModel.Name, 10));
        Assert.Equal(RunStages.Failed, run.Stage);
        Assert.Null(model.Store.OpenRun(LiveModel.Name));
        Assert.StartsWith($"data file not found: {model.DataPath}", run.Steps[^1].Reason, StringComparison.Ordinal);
        Assert.True(said);
        Assert.Equal([RunStages.Retrain, RunStages.Failed], model.Changes.Select(change => change.Stage));
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
        Assert.Single(model.Registry.Versions(LiveModel.Name));
    }

    [Fact]
    public void Check_DataSourceRemovedWhileTheGateWaits_EndsTheRunFailedWithTheReason()
    {
        using var model = new LiveModel("{ on: [accuracy_below], min_labels: 25, source: production, shadow: 0, canary: { rows: 0 }, bake: 0 }");
        model.Label(25);
        model.Alert("accuracy_below");
        model.Check();
        var waiting = model.Store.OpenRun(LiveModel.Name)!;
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Label(100);
        File.Delete(model.DataPath);

        var said = model.Check();

        var run = Assert.Single(model.Store.Runs(LiveModel.Name, 10));
        Assert.Equal((waiting.Id, RunStages.Gate), (run.Id, waiting.Stage));
        Assert.Equal(RunStages.Failed, run.Stage);
        Assert.StartsWith($"data file not found: {model.DataPath}", run.Steps[^1].Reason, StringComparison.Ordinal);
        Assert.True(said);
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
    }

    [Fact]
    public void Check_ChallengerBundleGoneWhenItsShadowEnds_EndsTheRunFailedWithTheChampionAlone()
    {
        using var model = new LiveModel("{ on: [accuracy_below], shadow: 50, canary: { share: 0.5, rows: 50 }, bake: 0 }");
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Pair(60, answering: 1, _ => true, shadow: challenger, _ => true);
        File.Delete(model.Registry.BundlePath(LiveModel.Name, challenger));

        model.Check();

        var failed = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal((run.Id, RunStages.Failed), (failed.Id, failed.Stage));
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
        Assert.Null(model.Alias(ModelRegistry.Canary));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
    }
}
