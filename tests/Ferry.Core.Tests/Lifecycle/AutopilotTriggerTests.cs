using Ferry.Core.Lifecycle;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests.Lifecycle;

/// <summary>What starts a run by itself: `retrain.every` on the clock (bounded by `retrain.max_per_day`), or an open
/// alert of a rule in `retrain.on`; only with trusted feedback, and never a second run beside an open one. The window of
/// 200 rows makes each run learn the latest rows only; the rows alternate between the concept the champion learned and a
/// changed one, so every challenger beats its champion and the runs close (promoted) instead of waiting at the gate.</summary>
public sealed class AutopilotTriggerTests
{
    private const string Immediate = "min_labels: 50, window: 200, source: production, shadow: 0, canary: { rows: 0 }, bake: 0";

    [Fact]
    public void Check_ScheduleEveryHourAtMostTwiceADay_StartsARunEachHourUntilTheBoundThenAgainTheNextDay()
    {
        using var model = new LiveModel($"{{ every: 1h, max_per_day: 2, {Immediate} }}");
        model.Label(200);

        model.Clock.Advance(TimeSpan.FromMinutes(59));
        var early = model.Check();
        var beforeAnHour = model.Store.Runs(LiveModel.Name, 10).Count;
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Check();
        var first = Assert.Single(model.Store.Runs(LiveModel.Name, 10));
        model.Label(200, changed: false);
        model.Clock.Advance(TimeSpan.FromHours(1));
        model.Check();
        model.Label(200);
        var skipped = new List<bool>();
        for (var hour = 3; hour <= 25; hour++)
        {
            model.Clock.Advance(TimeSpan.FromHours(1));
            skipped.Add(model.Check());
        }

        var withinTheDay = model.Store.Runs(LiveModel.Name, 10).Count;
        model.Clock.Advance(TimeSpan.FromHours(1));
        model.Check();

        Assert.False(early);
        Assert.Equal(0, beforeAnHour);
        Assert.All(skipped, Assert.False);
        Assert.Equal(2, withinTheDay);
        var runs = model.Store.Runs(LiveModel.Name, 10);
        Assert.Equal(3, runs.Count);
        Assert.All(runs, run => Assert.Equal(Autopilot.Schedule, run.Trigger));
        Assert.All(runs, run => Assert.Equal(RunStages.Promoted, run.Stage));
        var start = first.StartedAt - TimeSpan.FromHours(1);
        Assert.Equal([26, 2, 1], runs.Select(run => (run.StartedAt - start).TotalHours));
        Assert.Equal(4, model.Alias(ModelRegistry.Champion));
    }

    [Fact]
    public void Check_OpenAlertOfARuleInRetrainOn_StartsARunTriggeredByThatRule()
    {
        using var model = new LiveModel($"{{ on: [accuracy_below], {Immediate} }}");
        model.Label(200);
        model.Alert("accuracy_below");

        var said = model.Check();

        var run = Assert.Single(model.Store.Runs(LiveModel.Name, 10));
        Assert.Equal("accuracy_below", run.Trigger);
        Assert.Equal(RunStages.Promoted, run.Stage);
        Assert.Equal([RunStages.Retrain, RunStages.Gate, RunStages.Promoted], run.Steps.Select(step => step.Stage));
        Assert.True(said);
        Assert.Equal(run.Challenger, model.Alias(ModelRegistry.Champion));
    }

    [Fact]
    public void Check_OpenAlertOfARuleNotInRetrainOn_StartsNothing()
    {
        using var model = new LiveModel($"{{ on: [accuracy_below], {Immediate} }}");
        model.Label(200);
        model.Alert("concept_drift");

        var said = model.Check();

        Assert.False(said);
        Assert.Empty(model.Store.Runs(LiveModel.Name, 10));
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
    }

    [Fact]
    public void Check_FeedbackNotTrusted_StartsNothingOnAnAlertOfRetrainOn()
    {
        using var model = new LiveModel($"{{ on: [accuracy_below], {Immediate} }}");
        model.Label(200);
        model.Alert("accuracy_below");

        var said = model.Check(trusted: false);

        Assert.False(said);
        Assert.Empty(model.Store.Runs(LiveModel.Name, 10));
    }

    [Fact]
    public void Check_FewerLabelledRowsThanMinLabels_StartsNothingOnAnAlertOfRetrainOn()
    {
        using var model = new LiveModel($"{{ on: [accuracy_below], {Immediate} }}");
        model.Label(49);
        model.Alert("accuracy_below");

        var said = model.Check();

        Assert.False(said);
        Assert.Empty(model.Store.Runs(LiveModel.Name, 10));
    }

    [Fact]
    public void Check_AlertStillOpenWhileARunIsInShadow_JoinsThatRunInsteadOfStartingAnother()
    {
        using var model = new LiveModel("{ on: [accuracy_below], min_labels: 50, window: 200, source: production, shadow: 100, canary: { rows: 0 }, bake: 0 }");
        model.Label(200);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Alert("accuracy_below");
        model.Check();
        var shadowing = Assert.Single(model.Store.Runs(LiveModel.Name, 10));
        model.Label(99);
        model.Clock.Advance(TimeSpan.FromMinutes(1));

        var said = model.Check();

        Assert.False(said);
        var run = Assert.Single(model.Store.Runs(LiveModel.Name, 10));
        Assert.Equal(shadowing.Id, run.Id);
        Assert.Equal(RunStages.Shadow, run.Stage);
        Assert.Equal(run.Challenger, model.Alias(ModelRegistry.Challenger));
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
    }
}
