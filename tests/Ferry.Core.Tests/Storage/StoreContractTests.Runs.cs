using Ferry.Core.Storage;

namespace Ferry.Core.Tests.Storage;

/// <summary>The runs of the retraining loop, on every store.</summary>
public abstract partial class StoreContractTests
{
    private static readonly DateTimeOffset s_noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public void StartRun_WhileTheModelHasAnOpenRun_IsRefusedOnEveryServerOfTheStore()
    {
        var first = Monitoring().StartRun("m", "accuracy_below", 1, s_noon);

        var second = Monitoring(OtherMachine).StartRun("m", "schedule", 1, s_noon.AddMinutes(1));
        var otherModel = Monitoring(OtherMachine).StartRun("n", "schedule", 1, s_noon.AddMinutes(1));

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(otherModel);
        Assert.Equal(first.Id, Monitoring(OtherMachine).OpenRun("m")?.Id);
    }

    [SkippableFact]
    public void SaveRun_FinalStage_ClosesItSoTheNextTriggerStartsAnother()
    {
        var store = Monitoring();
        var run = store.StartRun("m", "manual", 1, s_noon)!;
        store.SaveRun((run with { Challenger = 2 }).With(new RunStep(RunStages.Rejected, s_noon.AddMinutes(5),
            "v2 is not better than v1 on the held-out rows", 40, 0.9, 0.88, "mcnemar-exact", 3, 0.66)));

        var next = store.StartRun("m", "manual", 1, s_noon.AddHours(1));

        Assert.NotNull(next);
        Assert.NotEqual(run.Id, next.Id);
        Assert.Equal(next.Id, store.OpenRun("m")?.Id);
    }

    [SkippableFact]
    public void RunsByStage_RunsOfTwoModels_CountsOnlyTheModelsAtTheStageEachIsAt()
    {
        var store = Monitoring();
        foreach (var hours in new[] { 0, 1 })
        {
            var run = store.StartRun("m", "manual", 1, s_noon.AddHours(hours))!;
            store.SaveRun(run.With(new RunStep(RunStages.Rejected, s_noon.AddHours(hours).AddMinutes(5), "not better")));
        }

        store.StartRun("m", "schedule", 1, s_noon.AddHours(2));
        store.StartRun("n", "schedule", 1, s_noon.AddHours(2));

        var counts = Monitoring(OtherMachine).RunsByStage("m");

        Assert.Equal([(RunStages.Rejected, 2), (RunStages.Retrain, 1)], counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)));
        Assert.Empty(store.RunsByStage("nobody"));
    }

    [SkippableFact]
    public void Runs_AfterSteps_AreReadBackNewestFirstWithEveryStepAndTheLineage()
    {
        var store = Monitoring();
        var run = store.StartRun("m", "accuracy_below", 3, s_noon)!;
        var lineage = new RunLineage("data-fingerprint", "spec-hash", 160, "id-0001", "id-0160");
        var gated = (run with { Challenger = 4, Lineage = lineage })
            .With(new RunStep(RunStages.Gate, s_noon.AddMinutes(2), "v4 beats v3 on the held-out rows", 40, 0.7, 0.9, "mcnemar-exact", 1, 0.0107))
            .With(new RunStep(RunStages.Promoted, s_noon.AddMinutes(3), "promoted"));
        store.SaveRun(gated);
        var later = store.StartRun("m", "schedule", 4, s_noon.AddDays(1))!;

        var runs = Monitoring(OtherMachine).Runs("m", 10);

        Assert.Equal([later.Id, run.Id], runs.Select(r => r.Id));
        var read = runs[1];
        Assert.Equal(("accuracy_below", RunStages.Promoted, 3, 4), (read.Trigger, read.Stage, read.Champion, read.Challenger));
        Assert.Equal(gated.Steps, read.Steps);
        Assert.Equal(lineage, read.Lineage);
        Assert.Equal((s_noon, s_noon.AddMinutes(3)), (read.StartedAt, read.UpdatedAt));
        Assert.False(read.IsOpen);
        Assert.True(runs[0].IsOpen);
    }

    [SkippableFact]
    public void RunsSince_CountsTheRunsStartedFromThen()
    {
        var store = Monitoring();
        foreach (var hours in new[] { 0, 10, 20, 30 })
        {
            var run = store.StartRun("m", "schedule", 1, s_noon.AddHours(hours))!;
            store.SaveRun(run.With(new RunStep(RunStages.Failed, s_noon.AddHours(hours).AddMinutes(1), "the data source is gone")));
        }

        Assert.Equal(3, store.RunsSince("m", s_noon.AddHours(10)));
        Assert.Equal(0, store.RunsSince("n", s_noon));
    }

    [SkippableFact]
    public void Runs_WithARecordChangedByHand_ListsTheRunSayingItsRecordIsUnreadable()
    {
        var store = Monitoring();
        var run = store.StartRun("m", "manual", 1, s_noon)!;
        using (var connection = StoreDatabase.Open(Machine("a"), Url()).Open(durable: true))
        {
            using var command = connection.Command("UPDATE runs SET record = '{\"champion\": 1, \"steps\": [' WHERE id = @id;");
            command.Add("@id", run.Id);
            command.ExecuteNonQuery();
        }

        var read = Assert.Single(store.Runs("m", 10));

        Assert.Equal((run.Id, RunStages.Retrain, "manual"), (read.Id, read.Stage, read.Trigger));
        Assert.StartsWith($"the record of run {run.Id} in the store is unreadable", Assert.Single(read.Steps).Reason, StringComparison.Ordinal);
        Assert.Equal(run.Id, store.OpenRun("m")?.Id);
    }
}
