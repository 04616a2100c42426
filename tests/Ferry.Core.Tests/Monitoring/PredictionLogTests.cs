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

    private static PredictionRecord Record(int i, string text)
    {
        var record = Record(i);
        record.Row.SetText(1, text);
        return record;
    }

    [Fact]
    public async Task Add_CellLongerThanTheLimit_IsLoggedCutAndCounted()
    {
        using var files = new TestFiles();
        var store = MonitoringStore.Open(files.Directory);
        var log = new PredictionLog(store, NullLogger.Instance, limits: new PredictionLogLimits(CellChars: 100));

        log.Add(Record(0, new string('x', 1_000_000)));
        log.Add(Record(1, new string('y', 100)));
        log.Add(Record(2, new string('z', 99) + "\U0001F600"));
        await log.DisposeAsync();

        var logged = store.Recent("m", 1, 10);
        Assert.Equal(new string('x', 100), logged[0].Values[1]);
        Assert.Equal(new string('y', 100), logged[1].Values[1]);
        Assert.Equal(new string('z', 99), logged[2].Values[1]);
        Assert.Equal(2, log.TruncatedCells);
        Assert.Equal(0, log.Dropped);
    }

    [Fact]
    public async Task Add_CellLongerThanTheLimitBesideAMissingNumber_IsLoggedCutWithTheNumberStillMissing()
    {
        using var files = new TestFiles();
        var store = MonitoringStore.Open(files.Directory);
        var log = new PredictionLog(store, NullLogger.Instance, limits: new PredictionLogLimits(CellChars: 100));
        var record = Record(0, new string('x', 1000));
        record.Row.SetMissing(0);

        log.Add(record);
        await log.DisposeAsync();

        var logged = store.Recent("m", 1, 10).Single();
        Assert.Equal(new string('x', 100), logged.Values[1]);
        Assert.Null(logged.Values[0]);
        Assert.Equal(0, log.Dropped);
    }

    [Fact]
    public async Task Add_MoreBytesThanTheQueueHolds_DropsTheRestAndCountsThemAsQueueBytes()
    {
        using var files = new TestFiles();
        var store = new GatedStore(MonitoringStore.Open(files.Directory));
        var log = new PredictionLog(store, NullLogger.Instance, limits: new PredictionLogLimits(Bytes: 10_000, CellChars: 5000));

        for (var i = 0; i < 10; i++)
        {
            log.Add(Record(i, new string('x', 1000)));
        }

        var queuedBytes = log.QueuedBytes;
        store.Open();
        await log.DisposeAsync();

        var logged = store.Recent("m", 1, 100).Count;
        Assert.InRange(queuedBytes, 1, 10_000);
        Assert.InRange(log.DroppedFor(PredictionLogDrop.QueueBytes), 6, 9);
        Assert.Equal(10, logged + log.DroppedFor(PredictionLogDrop.QueueBytes));
        Assert.Equal(0, log.DroppedFor(PredictionLogDrop.QueueRows));
        Assert.Equal(0, log.QueuedBytes);
    }

    [Fact]
    public async Task Add_StoreThatRefusesWrites_CountsTheLostRecordsAsStoreAndKeepsTheError()
    {
        using var files = new TestFiles();
        var store = new GatedStore(MonitoringStore.Open(files.Directory), refuse: true);
        await using var log = new PredictionLog(store, NullLogger.Instance);

        log.Add(Record(1));
        log.Add(Record(2));
        await log.FlushAsync(CancellationToken.None);

        Assert.Equal(2, log.DroppedFor(PredictionLogDrop.Store));
        Assert.Equal(2, log.Dropped);
        Assert.Equal("SQLite Error 8: 'attempt to write a readonly database'.", log.LastWrite?.Error);
    }

    /// <summary>A real store whose writes wait until <see cref="Open"/> (or, refusing, fail as a read-only SQLite database does).</summary>
    private sealed class GatedStore(MonitoringStore store, bool refuse = false) : IMonitoringStore
    {
        private readonly ManualResetEventSlim _open = new(refuse);

        public void Open() => _open.Set();

        public void AppendPredictions(IReadOnlyList<PredictionRecord> predictions)
        {
            _open.Wait();
            if (refuse)
            {
                throw new Microsoft.Data.Sqlite.SqliteException("SQLite Error 8: 'attempt to write a readonly database'.", 8);
            }

            store.AppendPredictions(predictions);
        }

        public int Prune(int keep) => store.Prune(keep);

        public void AppendErrors(IReadOnlyList<(string Model, int Version, DateTimeOffset At, int Status)> errors) => store.AppendErrors(errors);

        public FeedbackOutcome AddFeedback(string model, IReadOnlyList<(string Id, string Actual)> items, DateTimeOffset at, bool replace, bool onlyIfAllKnown = false) =>
            store.AddFeedback(model, items, at, replace, onlyIfAllKnown);

        public IReadOnlyList<LoggedPrediction> Recent(string model, int version, int count) => store.Recent(model, version, count);

        public IReadOnlyList<LoggedPrediction> Labelled(string model, int version, int count) => store.Labelled(model, version, count);

        public IReadOnlyList<VersionHealth> Health(string model, DateTimeOffset since, DateTimeOffset now) => store.Health(model, since, now);

        public void Served(string model, int version, DateTimeOffset at) => store.Served(model, version, at);

        public Alert? OpenAlert(string model, string rule, double value, double threshold, string message, DateTimeOffset at) =>
            store.OpenAlert(model, rule, value, threshold, message, at);

        public Alert? ResolveAlert(string model, string rule, DateTimeOffset at) => store.ResolveAlert(model, rule, at);

        public IReadOnlyList<Alert> Alerts(string model, int limit) => store.Alerts(model, limit);
    }
}
