using Ferry.Core.Storage;

namespace Ferry.Core.Tests.Lifecycle;

/// <summary>A run in shadow: its challenger scores every request beside the champion and is judged on the labelled rows
/// both answered (the champion's answers and the challenger's shadow answers to the same requests).</summary>
public sealed class AutopilotShadowTests
{
    [Fact]
    public void Check_ChallengerSignificantlyWorseOnLiveRows_RejectsItAndEndsTheShadow()
    {
        using var model = new LiveModel("{ on: [accuracy_below], shadow: 50, canary: { rows: 100 }, bake: 0 }");
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Pair(60, answering: 1, _ => true, shadow: challenger, i => i % 2 == 0);

        var said = model.Check();

        var stopped = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal(run.Id, stopped.Id);
        Assert.Equal(RunStages.Rejected, stopped.Stage);
        Assert.StartsWith($"stopped in shadow: v{challenger} significantly worse (accuracy 0.5 against 1 on 60 labelled rows, exact McNemar p ", stopped.Steps[^1].Reason,
            StringComparison.Ordinal);
        Assert.Equal((60, 1.0, 0.5), (stopped.Steps[^1].Rows, stopped.Steps[^1].ChampionScore, stopped.Steps[^1].ChallengerScore));
        Assert.InRange(stopped.Steps[^1].PValue!.Value, 0, 0.05);
        Assert.True(said);
        Assert.Null(model.Alias(ModelRegistry.Challenger));
        Assert.Null(model.Alias(ModelRegistry.Canary));
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
    }

    [Fact]
    public void Check_FewerLabelledRowsThanShadowAndNoWorse_StaysInShadow()
    {
        using var model = new LiveModel("{ on: [accuracy_below], shadow: 50, canary: { rows: 100 }, bake: 0 }");
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Pair(49, answering: 1, i => i % 4 != 0, shadow: challenger, i => i % 4 != 0);

        var said = model.Check();

        Assert.False(said);
        var open = model.Store.OpenRun(LiveModel.Name)!;
        Assert.Equal((run.Id, RunStages.Shadow, run.Steps.Count), (open.Id, open.Stage, open.Steps.Count));
        Assert.Equal(challenger, model.Alias(ModelRegistry.Challenger));
        Assert.Null(model.Alias(ModelRegistry.Canary));
    }

    [Fact]
    public void Check_NoWorseAfterShadowRows_MovesTheChallengerIntoTheCanary()
    {
        using var model = new LiveModel("{ on: [accuracy_below], shadow: 50, canary: { share: 0.2, rows: 100 }, bake: 0 }");
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Pair(50, answering: 1, i => i % 4 != 0, shadow: challenger, i => i % 4 != 0);

        var said = model.Check();

        var canary = model.Store.OpenRun(LiveModel.Name)!;
        Assert.Equal(run.Id, canary.Id);
        Assert.Equal(RunStages.Canary, canary.Stage);
        Assert.Equal($"in shadow no worse (accuracy 0.74 against 0.74 on 50 labelled rows, exact McNemar p = 1); v{challenger} answers 20 % of requests until 100 of its answers are labelled",
            canary.Steps[^1].Reason);
        Assert.True(said);
        Assert.Equal(challenger, model.Alias(ModelRegistry.Canary));
        Assert.Equal(challenger, model.Alias(ModelRegistry.Challenger));
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
    }

    [Fact]
    public void Check_NoWorseAfterShadowRowsWithoutACanary_PromotesTheChallenger()
    {
        using var model = new LiveModel("{ on: [accuracy_below], shadow: 50, canary: { rows: 0 }, bake: 0 }");
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Pair(50, answering: 1, i => i % 4 != 0, shadow: challenger, i => i % 4 != 0);

        model.Check();

        var promoted = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal(run.Id, promoted.Id);
        Assert.Equal(RunStages.Promoted, promoted.Stage);
        Assert.Null(model.Store.OpenRun(LiveModel.Name));
        Assert.Equal(challenger, model.Alias(ModelRegistry.Champion));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
        Assert.Null(model.Alias(ModelRegistry.Canary));
    }

    [Fact]
    public void Check_ChampionChangedOutsideTheRun_StopsTheRun()
    {
        using var model = new LiveModel("{ on: [accuracy_below], shadow: 50, canary: { rows: 100 }, bake: 0 }");
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        var third = model.TrainVersion();
        model.Registry.SetChampion(LiveModel.Name, third, model.Clock.GetUtcNow());

        model.Check();

        var stopped = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal((run.Id, RunStages.Rejected), (stopped.Id, stopped.Stage));
        Assert.Equal($"the champion was changed to v{third} outside the run, which expected v1", stopped.Steps[^1].Reason);
        Assert.Equal(third, model.Alias(ModelRegistry.Champion));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
    }

    [Fact]
    public void Check_ChampionMovedToTheRunsChallengerOutsideItsSteps_EndsTheRunPromoted()
    {
        using var model = new LiveModel("{ on: [accuracy_below], shadow: 50, canary: { rows: 100 }, bake: 0 }");
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        model.Registry.SetChampion(LiveModel.Name, challenger, model.Clock.GetUtcNow());

        model.Check();

        var promoted = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal((run.Id, RunStages.Promoted), (promoted.Id, promoted.Stage));
        Assert.Equal($"the champion alias already names v{challenger}: v{challenger} is the champion", promoted.Steps[^1].Reason);
        Assert.Equal(challenger, model.Alias(ModelRegistry.Champion));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
    }

    [Fact]
    public void Check_ChallengerScoredNoneOfTheShadowsLabelledRows_StopsTheRun()
    {
        using var model = new LiveModel("{ on: [accuracy_below], shadow: 50, canary: { rows: 100 }, bake: 0 }");
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Label(50);

        model.Check();

        var stopped = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal((run.Id, RunStages.Rejected), (stopped.Id, stopped.Stage));
        Assert.Equal($"stopped in shadow: v{challenger} scored none of the 50 labelled rows v1 answered since the stage began (no server loads it: see their logs)",
            stopped.Steps[^1].Reason);
        Assert.Null(model.Alias(ModelRegistry.Challenger));
    }

    [Fact]
    public void Check_ChallengerScoredNoneOfFewerLabelledRowsThanTheShadow_StaysInShadow()
    {
        using var model = new LiveModel("{ on: [accuracy_below], shadow: 50, canary: { rows: 100 }, bake: 0 }");
        var challenger = model.TrainVersion();
        model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Label(49);

        model.Check();

        Assert.Equal(RunStages.Shadow, model.Store.OpenRun(LiveModel.Name)!.Stage);
        Assert.Equal(challenger, model.Alias(ModelRegistry.Challenger));
    }
}
