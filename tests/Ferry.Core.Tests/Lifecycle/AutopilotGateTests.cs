using Ferry.Core.Lifecycle;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests.Lifecycle;

/// <summary>A run whose gate had too few held-out rows to tell waits there, and a later check judges it again on the
/// labelled rows its challenger was not trained on.</summary>
public sealed class AutopilotGateTests
{
    [Fact]
    public void Check_GateWaitingForLabelsWhenMoreArrive_JudgesItAgainAndPromotes()
    {
        using var model = new LiveModel("{ on: [accuracy_below], min_labels: 25, source: production, shadow: 0, canary: { rows: 0 }, bake: 0 }");
        model.Label(25);
        model.Alert("accuracy_below");
        model.Check();
        var waiting = model.Store.OpenRun(LiveModel.Name)!;
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Label(100);

        var said = model.Check();

        Assert.Equal(RunStages.Gate, waiting.Stage);
        Assert.StartsWith($"v{waiting.Challenger} waits for labels: ", waiting.Steps[^1].Reason, StringComparison.Ordinal);
        var run = Assert.Single(model.Store.Runs(LiveModel.Name, 10));
        Assert.Equal(waiting.Id, run.Id);
        Assert.Equal([RunStages.Retrain, RunStages.Gate, RunStages.Gate, RunStages.Promoted], run.Steps.Select(step => step.Stage));
        Assert.Equal(105, run.Steps[2].Rows);
        Assert.InRange(run.Steps[2].PValue!.Value, 0, 0.05);
        Assert.True(said);
        Assert.Equal(run.Challenger, model.Alias(ModelRegistry.Champion));
    }

    [Fact]
    public void Check_GateStillUndecidedAfterMinLabelsUnseenRows_RejectsSoTheRunDoesNotStayOpen()
    {
        using var model = new LiveModel("{ on: [accuracy_below], min_labels: 25, source: production, shadow: 0, canary: { rows: 0 }, bake: 0 }");
        model.Label(25, changed: false);
        model.Alert("accuracy_below");
        model.Check();
        var waiting = model.Store.OpenRun(LiveModel.Name)!;
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Label(25, changed: false);

        model.Check();

        Assert.Equal(RunStages.Gate, waiting.Stage);
        var run = Assert.Single(model.Store.Runs(LiveModel.Name, 10));
        Assert.Equal(RunStages.Rejected, run.Stage);
        Assert.Null(model.Store.OpenRun(LiveModel.Name));
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
    }

    [Fact]
    public void Check_ManualRunWaitingAtTheGateWhenMoreLabelsArrive_JudgesItAgainAndPromotes()
    {
        using var model = new LiveModel("{ min_labels: 25, source: production, shadow: 0, canary: { rows: 0 }, bake: 0 }");
        model.Label(25);
        var waiting = new RetrainRuns(model.Clock).Retrain(model.Spec, null, CancellationToken.None).Run;
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Label(100);

        model.Check();

        Assert.Equal((RetrainRuns.Manual, RunStages.Gate), (waiting.Trigger, waiting.Stage));
        var run = Assert.Single(model.Store.Runs(LiveModel.Name, 10));
        Assert.Equal((waiting.Id, RunStages.Promoted), (run.Id, run.Stage));
        Assert.Equal(run.Challenger, model.Alias(ModelRegistry.Champion));
    }

    [Fact]
    public void Check_ManualRunWaitingAtTheGateWithUntrustedFeedback_LeavesItWaiting()
    {
        using var model = new LiveModel("{ min_labels: 25, source: production, shadow: 0, canary: { rows: 0 }, bake: 0 }");
        model.Label(25);
        var waiting = new RetrainRuns(model.Clock).Retrain(model.Spec, null, CancellationToken.None).Run;
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Label(100);

        model.Check(trusted: false);

        var open = model.Store.OpenRun(LiveModel.Name)!;
        Assert.Equal((waiting.Id, RunStages.Gate, waiting.Steps.Count), (open.Id, open.Stage, open.Steps.Count));
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
    }
}
