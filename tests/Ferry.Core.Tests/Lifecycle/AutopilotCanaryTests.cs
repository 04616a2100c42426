using Ferry.Core.Storage;

namespace Ferry.Core.Tests.Lifecycle;

/// <summary>A run in its canary: the challenger answers a share of requests (the champion scoring those in shadow) and
/// scores the rest in shadow; it is promoted once `retrain.canary.rows` of its own answers are labelled, and stopped at
/// once, all traffic back to the champion, when it is significantly worse or its requests fail more.</summary>
public sealed class AutopilotCanaryTests
{
    private const string Canary = "{ on: [accuracy_below], shadow: 0, canary: { rows: 40 }, bake: 0 }";

    [Fact]
    public void Check_CanaryRowsOfItsOwnAnswersLabelledAndNoWorse_PromotesTheChallenger()
    {
        using var model = new LiveModel(Canary);
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Pair(40, answering: 1, i => i % 4 != 0, shadow: challenger, i => i % 4 != 0);
        model.Pair(39, answering: challenger, i => i % 4 != 0, shadow: 1, i => i % 4 != 0);
        var waiting = model.Check();
        model.Pair(1, answering: challenger, _ => true, shadow: 1, _ => true);

        var said = model.Check();

        Assert.False(waiting);
        var promoted = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal(run.Id, promoted.Id);
        Assert.Equal(RunStages.Promoted, promoted.Stage);
        Assert.StartsWith("in canary 40 of its answers labelled, no worse (accuracy ", promoted.Steps[^1].Reason, StringComparison.Ordinal);
        Assert.Equal(80, promoted.Steps[^1].Rows);
        Assert.True(said);
        Assert.Equal(challenger, model.Alias(ModelRegistry.Champion));
        Assert.Null(model.Alias(ModelRegistry.Canary));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
    }

    [Fact]
    public void Check_ChallengerSignificantlyWorseInTheCanary_StopsItWithAllTrafficBackToTheChampion()
    {
        using var model = new LiveModel(Canary);
        var challenger = model.TrainVersion();
        model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Pair(30, answering: challenger, i => i % 2 == 0, shadow: 1, _ => true);

        model.Check();

        var stopped = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal(RunStages.Rejected, stopped.Stage);
        Assert.StartsWith($"canary stopped, all traffic back to v1: v{challenger} significantly worse (accuracy 0.5 against 1 on 30 labelled rows", stopped.Steps[^1].Reason,
            StringComparison.Ordinal);
        Assert.Equal(1, model.Alias(ModelRegistry.Champion));
        Assert.Null(model.Alias(ModelRegistry.Canary));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
    }

    [Fact]
    public void Check_ChallengersRequestsFailingInTheCanary_StopsIt()
    {
        using var model = new LiveModel(Canary);
        var challenger = model.TrainVersion();
        model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Pair(30, answering: challenger, _ => true, shadow: 1, _ => true);
        model.Store.AppendErrors([.. Enumerable.Repeat((LiveModel.Name, challenger, model.Clock.GetUtcNow(), 500), 5)]);

        model.Check();

        var stopped = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal(RunStages.Rejected, stopped.Stage);
        Assert.Equal($"canary stopped, all traffic back to v1: v{challenger} its error rate 14.3 % is above the champion's 0.0 %", stopped.Steps[^1].Reason);
        Assert.Null(model.Alias(ModelRegistry.Canary));
    }

    [Fact]
    public void Check_ChallengerScoredNoneOfTheCanarysLabelledRows_StopsTheRun()
    {
        using var model = new LiveModel(Canary);
        var challenger = model.TrainVersion();
        var run = model.Passed(challenger);
        model.Clock.Advance(TimeSpan.FromMinutes(1));
        model.Label(40);

        model.Check();

        var stopped = model.Store.Runs(LiveModel.Name, 1)[0];
        Assert.Equal((run.Id, RunStages.Rejected), (stopped.Id, stopped.Stage));
        Assert.StartsWith($"stopped in canary: v{challenger} scored none of the 40 labelled rows v1 answered", stopped.Steps[^1].Reason, StringComparison.Ordinal);
        Assert.Null(model.Alias(ModelRegistry.Canary));
        Assert.Null(model.Alias(ModelRegistry.Challenger));
    }
}
