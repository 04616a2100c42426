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
}
