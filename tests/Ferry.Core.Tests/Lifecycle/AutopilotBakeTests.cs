using Ferry.Core.Lifecycle;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests.Lifecycle;

/// <summary>A run in its bake: the challenger was promoted, and the previous champion scores every request in shadow
/// beside it; the new champion is judged on the labelled rows both answered, and a regression puts the previous one back.</summary>
public sealed class AutopilotBakeTests
{
    private const string Baking = "{ on: [accuracy_below], shadow: 0, canary: { rows: 0 }, bake: 50 }";

    [Fact]
    public void Passed_WithABake_PromotesAndLetsThePreviousChampionShadowTheNewOne()
    {
        using var model = new LiveModel(Baking);
        var challenger = model.TrainVersion();

        var run = model.Passed(challenger);

        Assert.Equal([RunStages.Retrain, RunStages.Promoted, RunStages.Bake], run.Steps.Select(step => step.Stage));
        Assert.Equal(RunStages.Bake, model.Store.OpenRun(LiveModel.Name)!.Stage);
        Assert.Equal(challenger, model.Alias(ModelRegistry.Champion));
        Assert.Equal(1, model.Alias(ModelRegistry.Challenger));
    }

    [Fact]
    public void Check_NewChampionSignificantlyWorseThanThePrevious_RollsBackToThePrevious()
    {
        using var model = new LiveModel(Baking);
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Pair(60, answering: challenger, i => i % 2 == 0, shadow: 1, _ => true);

        var said = model.Check();

        var rolledBack = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal(run.Id, rolledBack.Id);
        Assert.Equal(RunStages.RolledBack, rolledBack.Stage);
        Assert.StartsWith($"v{challenger} significantly worse (accuracy 0.5 against 1 on 60 labelled rows, exact McNemar p ", rolledBack.Steps[^1].Reason, StringComparison.Ordinal);
        Assert.EndsWith(": v1 is the champion again", rolledBack.Steps[^1].Reason, StringComparison.Ordinal);
        Assert.True(said);
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
    }

    [Fact]
    public void Check_NewChampionsRequestsFailingInTheBake_RollsBackToThePrevious()
    {
        using var model = new LiveModel(Baking);
        var challenger = model.TrainVersion();
        model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Pair(30, answering: challenger, _ => true, shadow: 1, _ => true);
        model.Store.AppendErrors([.. Enumerable.Repeat((LiveModel.Name, challenger, model.Clock.GetUtcNow(), 500), 10)]);

        model.Check();

        var rolledBack = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal(RunStages.RolledBack, rolledBack.Stage);
        Assert.StartsWith($"v{challenger} its error rate 25.0 % is above the champion's 0.0 %", rolledBack.Steps[^1].Reason, StringComparison.Ordinal);
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
    }

    [Fact]
    public void Check_NewChampionNoWorseAfterBakeRows_EndsBakedWithThePreviousOutOfTheShadow()
    {
        using var model = new LiveModel(Baking);
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Pair(50, answering: challenger, i => i % 4 != 0, shadow: 1, i => i % 4 != 0);

        var said = model.Check();

        var baked = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal(run.Id, baked.Id);
        Assert.Equal(RunStages.Baked, baked.Stage);
        Assert.Null(model.Store.OpenRun(LiveModel.Name));
        Assert.True(said);
        Assert.Equal(challenger, model.Alias(ModelRegistry.Champion));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
    }

    [Fact]
    public void Check_ChampionChangedOutsideTheRunInTheBake_StopsThePreviousChampionShadowing()
    {
        using var model = new LiveModel(Baking);
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        var third = model.TrainVersion();
        model.Registry.SetChampion(LiveModel.Name, third, model.Clock.GetUtcNow());

        model.Check();

        var stopped = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal((run.Id, RunStages.Rejected), (stopped.Id, stopped.Stage));
        Assert.Equal(third, model.Alias(ModelRegistry.Champion));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
    }

    [Fact]
    public void Passed_PreviousChampionCannotScoreInShadow_PromotesWithoutABakeAndSaysWhy()
    {
        using var model = new LiveModel(Baking);
        var challenger = model.TrainVersion();
        File.Delete(model.Registry.BundlePath(LiveModel.Name, 1));

        var run = model.Passed(challenger);

        Assert.Equal([RunStages.Retrain, RunStages.Promoted], model.Store.Runs(LiveModel.Name, 1)[0].Steps.Select(step => step.Stage));
        Assert.StartsWith($"v{challenger} is the champion; no bake: model 'pilot' v1: its bundle ", run.Steps[^1].Reason, StringComparison.Ordinal);
        Assert.Equal(challenger, model.Alias(ModelRegistry.Champion));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
    }

    [Fact]
    public void Passed_WithABake_NeverShowsTheRunClosedAtPromoted()
    {
        using var model = new LiveModel(Baking);
        var challenger = model.TrainVersion();
        var run = model.Store.StartRun(LiveModel.Name, "accuracy_below", 1, model.Clock.GetUtcNow())! with { Challenger = challenger };
        var open = new List<string?>();

        new RunMoves(model.Registry, model.Store, model.Clock, _ => open.Add(model.Store.OpenRun(LiveModel.Name)?.Stage)).Passed(run, model.Spec.Retrain);

        Assert.Equal([RunStages.Bake, RunStages.Bake], open);
    }
}
