using Ferry.Core.Data;
using Ferry.Core.Monitoring;
using Ferry.Core.Prediction;
using Ferry.Core.Storage;
using Ferry.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Core.Tests.Monitoring;

public sealed class PredictionLogTests
{
    private static readonly ColumnInfo[] s_inputs = [new("x", ColumnKind.Number), new("c", ColumnKind.Category)];

    private static PredictionRecord Record(int i)
    {
        var row = new InputRow(2);
        row.SetNumber(0, i / 10.0);
        row.SetText(1, i % 2 == 0 ? "a \"quoted\" one" : null);
        return new PredictionRecord($"id{i:D5}", "m", 1, DateTimeOffset.UnixEpoch.AddSeconds(i), 0.5, s_inputs, row,
            new PredictionResult("yes", new Dictionary<string, double> { ["no"] = 0.2, ["yes"] = 0.8 }, null, [], [], []));
    }

    [Fact]
    public async Task Dispose_RightAfterAdding_WritesEveryRecord()
    {
        using var files = new TestFiles();
        var store = MonitoringStore.Open(files.Directory);
        var log = new PredictionLog(store, NullLogger.Instance);

        for (var i = 0; i < 500; i++)
        {
            log.Add(Record(i));
        }

        await log.DisposeAsync();

        var logged = store.Recent("m", 1, 1000);
        Assert.Equal(500, logged.Count);
        Assert.Equal(0, log.Dropped);
        Assert.Equal("0.4", logged[4].Values[0]);
        Assert.Equal("a \"quoted\" one", logged[4].Values[1]);
        Assert.Null(logged[5].Values[1]);
        Assert.Null(logged[5].Actual);
        Assert.Equal(0.8, logged[0].Confidence);
    }

    [Fact]
    public async Task Keep_MorePredictionsThanKept_PrunesTheOldestAndTheirFeedback()
    {
        using var files = new TestFiles();
        var store = MonitoringStore.Open(files.Directory);
        var log = new PredictionLog(store, NullLogger.Instance, keep: 1000);
        for (var i = 0; i < 3000; i++)
        {
            log.Add(Record(i));
        }

        await log.FlushAsync(CancellationToken.None);
        store.AddFeedback("m", [("id00000", "yes"), ("id02999", "no")], DateTimeOffset.UnixEpoch, replace: false);
        for (var i = 3000; i < 5000; i++)
        {
            log.Add(Record(i));
        }

        await log.DisposeAsync();

        var kept = store.Recent("m", 1, 10_000);
        Assert.Equal(1000, kept.Count);
        Assert.Equal("id04000", kept[0].Id);
        Assert.Equal("id04999", kept[^1].Id);
        Assert.Empty(store.Labelled("m", 1, 10));
        Assert.Equal(["id00000"], store.AddFeedback("m", [("id00000", "yes")], DateTimeOffset.UnixEpoch, replace: false).UnknownIds);
    }

    [Fact]
    public async Task Flush_WritesWhatWasAddedWithoutWaitingForTheBatch()
    {
        using var files = new TestFiles();
        var store = MonitoringStore.Open(files.Directory);
        await using var log = new PredictionLog(store, NullLogger.Instance);
        log.Add(Record(1));

        await log.FlushAsync(CancellationToken.None);

        Assert.Equal("id00001", Assert.Single(store.Recent("m", 1, 10)).Id);
    }
}
