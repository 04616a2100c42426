using Ferry.Core.Lifecycle;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Core.Tests.Lifecycle;

public sealed class RetrainRunsTests
{
    [Fact]
    public void StartRun_AlertWhileARunIsOpen_JoinsItWithoutStartingAnother()
    {
        using var files = new TestFiles();
        var store = MonitoringStore.Open(files.Directory);
        var runs = new RetrainRuns(TimeProvider.System);
        var open = runs.StartRun(store, "m", RetrainRuns.Manual, 1)!;

        var joined = runs.StartRun(store, "m", "accuracy_below", 1);

        Assert.Null(joined);
        Assert.Equal(open.Id, Assert.Single(store.Runs("m", 10)).Id);
    }

    [Fact]
    public void StartRun_ManualWhileARunIsOpen_IsRefusedNamingTheOpenRun()
    {
        using var files = new TestFiles();
        var store = MonitoringStore.Open(files.Directory);
        var runs = new RetrainRuns(TimeProvider.System);
        var open = runs.StartRun(store, "m", "accuracy_below", 1)!;

        var error = Assert.Throws<FerryException>(() => runs.StartRun(store, "m", RetrainRuns.Manual, 1));

        Assert.StartsWith($"model 'm' has an open run {open.Id} (started ", error.Message, StringComparison.Ordinal);
        Assert.Contains("by accuracy_below, at retrain: started by accuracy_below)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartRun_AfterTheOpenRunClosed_StartsANewOne()
    {
        using var files = new TestFiles();
        var store = MonitoringStore.Open(files.Directory);
        var runs = new RetrainRuns(TimeProvider.System);
        var first = runs.StartRun(store, "m", RetrainRuns.Manual, 1)!;
        store.SaveRun(first.With(new RunStep(RunStages.Failed, DateTimeOffset.UtcNow, "data file not found")));

        var second = runs.StartRun(store, "m", RetrainRuns.Manual, 1);

        Assert.NotNull(second);
        Assert.NotEqual(first.Id, second.Id);
    }
}
