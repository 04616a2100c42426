using Ferry.Core.Data;
using Ferry.Core.Lifecycle;
using Ferry.Core.Prediction;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Core.Tests.Storage;

/// <summary>What every store does, whichever database is behind it: each test runs against SQLite and PostgreSQL.
/// "Machines" are directories: two registries on the same database but different directories stand for two servers.</summary>
public abstract partial class StoreContractTests : IDisposable
{
    private static readonly ColumnInfo[] s_inputs = [new("x", ColumnKind.Number)];
    private readonly TestFiles _files = new();

    /// <summary>The PostgreSQL URL of this test's database, or null for SQLite (skips when there is no server).</summary>
    protected abstract string? Url();

    private string Machine(string name) => _files.Path(name);

    /// <summary>Another server's directory: on PostgreSQL another one; a SQLite store is one machine's, so the same.</summary>
    private string OtherMachine => Url() is null ? "a" : "b";

    private ModelRegistry Registry(string machine = "a") => ModelRegistry.Open(Machine(machine), Url());

    private MonitoringStore Monitoring(string machine = "a") => MonitoringStore.Open(Machine(machine), Url());

    private static PredictionRecord Record(string id, int version, int second, double latency)
    {
        var row = new InputRow(1);
        row.SetNumber(0, second);
        return new PredictionRecord(id, "m", version, DateTimeOffset.UnixEpoch.AddSeconds(second), latency, s_inputs, row,
            new PredictionResult("yes", new Dictionary<string, double> { ["no"] = 0.3, ["yes"] = 0.7 }, null, [], [], []));
    }

    private static ModelVersion Register(ModelRegistry registry, byte[] bundle) =>
        registry.Register("m", TimeProvider.System, (version, directory) =>
        {
            File.WriteAllBytes(Path.Combine(directory, ModelRegistry.BundleFileName), bundle);
            return new ModelVersion("m", version, DateTimeOffset.UnixEpoch, "forest", "accuracy", 0.9, true, "spec", "data", bundle.Length);
        });

    [SkippableFact]
    public void ReserveVersion_ManyWritersAtOnce_GetDistinctConsecutiveNumbers()
    {
        var registry = Registry();

        var versions = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8)
            .Select(_ => Registry().Store.ReserveVersion("m", DateTimeOffset.UnixEpoch).Version).ToArray();

        Assert.Equal(Enumerable.Range(1, 8), versions.Order());
        Assert.Empty(registry.Store.Versions("m"));
    }

    [SkippableFact]
    public void Register_ThenReadOnAnotherMachine_GivesTheRegisteredBytes()
    {
        var bundle = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var registered = Register(Registry("a"), bundle);
        var other = Registry(OtherMachine);

        var path = other.FetchBundle("m", registered.Version);

        Assert.Equal(bundle, File.ReadAllBytes(path));
        Assert.Equal(registered, Assert.Single(other.Store.Versions("m")));
    }

    [SkippableFact]
    public void FetchBundle_LocalCopyDiffers_IsReplacedByTheRegisteredBytesOnlyWhenTheStoreHoldsBundles()
    {
        var registry = Registry();
        var registered = Register(registry, [1, 2, 3]);
        File.WriteAllBytes(registry.BundlePath("m", registered.Version), [9]);

        var path = registry.FetchBundle("m", registered.Version);

        Assert.Equal(Url() is null ? [9] : new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }

    [SkippableFact]
    public void Register_WriteFails_LeavesNoVersionAndTheNumberIsReused()
    {
        var registry = Registry();

        Assert.Throws<InvalidOperationException>(() => registry.Register("m", TimeProvider.System, (_, _) => throw new InvalidOperationException("disk full")));
        var registered = Register(registry, [1]);

        Assert.Equal(1, registered.Version);
        Assert.Equal([1], registry.Store.Versions("m").Select(v => v.Version));
    }

    private static byte[] Fixture => File.ReadAllBytes(TestFiles.Data("bundles/iris-v1.ferry"));

    private List<(int Version, bool Ready)> VersionRows()
    {
        using var connection = StoreDatabase.Open(Machine("a"), Url()).Open(durable: false);
        using var command = connection.Command("SELECT version, ready FROM versions WHERE name = 'm' ORDER BY version;");
        using var reader = command.ExecuteReader();
        var rows = new List<(int, bool)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1) == 1));
        }

        return rows;
    }

    /// <summary>Rewrites the bundle the store holds with the classes reversed: the file on SQLite, the bytes in the
    /// database on PostgreSQL (a local file there is replaced by the database's bytes when it differs).</summary>
    private void ReverseStoredClasses(ModelRegistry registry, int version)
    {
        var path = registry.BundlePath("m", version);
        BundleTampering.ReverseClasses(path, resign: true);
        if (Url() is null)
        {
            return;
        }

        using var connection = StoreDatabase.Open(Machine("a"), Url()).Open(durable: true);
        using var command = connection.Command("UPDATE bundles SET content = @content WHERE name = 'm' AND version = @version;");
        command.Add("@content", File.ReadAllBytes(path));
        command.Add("@version", version);
        command.ExecuteNonQuery();
    }

    /// <summary>What a training killed while writing its version leaves: the reservation and a half-written directory.</summary>
    private static string KilledTraining(ModelRegistry registry, DateTimeOffset reservedAt)
    {
        var version = registry.Store.ReserveVersion("m", reservedAt).Version;
        var partial = registry.VersionDirectory("m", version) + ".partial";
        Directory.CreateDirectory(partial);
        File.WriteAllBytes(Path.Combine(partial, ModelRegistry.BundleFileName), [1, 2]);
        return partial;
    }

    [SkippableFact]
    public void Load_BundleRewrittenAfterRegistration_IsRefusedNamingVersionPathAndDigests()
    {
        var registry = Registry();
        var registered = Register(registry, Fixture);
        ReverseStoredClasses(registry, registered.Version);
        var other = Registry(OtherMachine);
        var path = other.BundlePath("m", 1);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Fixture));

        var error = Assert.Throws<FerryException>(() => other.Load("m", 1));

        var found = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal($"model 'm' v1: {path} does not match its checksum (it is not the bundle that was registered: expected SHA-256 {expected}, found {found}); restore it or retrain", error.Message);
    }

    [SkippableFact]
    public void Promote_TamperedVersion_IsRefusedAndTheChampionStays()
    {
        var registry = Registry();
        Register(registry, Fixture);
        Register(registry, Fixture);
        registry.SetChampion("m", 1, DateTimeOffset.UnixEpoch);
        ReverseStoredClasses(registry, 2);
        var other = Registry(OtherMachine);

        var error = Assert.Throws<FerryException>(() => PromotionPolicy.Promote(other, "m", 2, DateTimeOffset.UnixEpoch, force: true));

        Assert.Contains("model 'm' v2: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, other.Store.Alias("m", ModelRegistry.Champion));
    }

    [SkippableFact]
    public void Load_VersionRegisteredBeforeTheDigestWasRecorded_IsPinnedAtItsFirstLoad()
    {
        var registry = Registry();
        Register(registry, Fixture);
        using (var connection = StoreDatabase.Open(Machine("a"), Url()).Open(durable: true))
        using (var command = connection.Command("UPDATE versions SET sha256 = '';"))
        {
            command.ExecuteNonQuery();
        }

        var loaded = registry.Load("m", 1);
        BundleTampering.ReverseClasses(registry.BundlePath("m", 1), resign: true);

        Assert.Equal("setosa", loaded.Manifest.Classes[0]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Fixture)), registry.Store.BundleSha256("m", 1));
        Assert.Equal(Url() is null, Xunit.Record.Exception(() => registry.Load("m", 1)) is FerryException);
    }

    [SkippableFact]
    public void Register_AfterATrainingKilledLongAgo_ClearsItsReservationAndDirectory()
    {
        var registry = Registry();
        var partial = KilledTraining(registry, DateTimeOffset.UtcNow - TimeSpan.FromHours(1));

        var registered = Register(registry, [1]);

        Assert.Equal(1, registered.Version);
        Assert.False(Directory.Exists(partial));
        Assert.Equal([(1, true)], VersionRows());
    }

    [SkippableFact]
    public void Register_AfterATrainingKilledJustNowOnThisMachine_ClearsItAtOnce()
    {
        var registry = Registry();
        var partial = KilledTraining(registry, DateTimeOffset.UtcNow);
        using var gone = System.Diagnostics.Process.Start("true")!;
        gone.WaitForExit();
        using (var connection = StoreDatabase.Open(Machine("a"), Url()).Open(durable: true))
        using (var command = connection.Command("UPDATE versions SET owner = @owner WHERE ready = 0;"))
        {
            command.Add("@owner", $"{Environment.MachineName}/{gone.Id}/0/{Guid.NewGuid():N}");
            command.ExecuteNonQuery();
        }

        var registered = Register(registry, [1]);

        Assert.Equal(1, registered.Version);
        Assert.False(Directory.Exists(partial));
        Assert.Equal([(1, true)], VersionRows());
    }

    [SkippableFact]
    public void Train_AfterATrainingKilledWhileWritingItsVersion_ClearsWhatItLeftAndTakesItsNumber()
    {
        var store = Url() ?? Machine("a");
        var spec = Ferry.Core.Spec.SpecLoader.Load(_files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "m",
            $"store: \"{store}\"\ntrain: {{ candidates: [logistic] }}"));
        var registry = ModelRegistry.Open(spec);
        var partial = KilledTraining(registry, DateTimeOffset.UtcNow - TimeSpan.FromHours(1));

        var outcome = new Ferry.Core.Lifecycle.TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None);

        Assert.Equal(1, outcome.Manifest.Version);
        Assert.False(Directory.Exists(partial));
        Assert.Equal([(1, true)], VersionRows());
        Assert.Equal(1, registry.Store.Alias("m", ModelRegistry.Champion));
    }

    [SkippableFact]
    public void CompleteVersion_ReservationClearedAsStaleAndItsNumberTakenAgain_FailsAndLeavesTheNewReservation()
    {
        var registry = Registry();
        var lost = registry.Store.ReserveVersion("m", DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        registry.Store.ClearStaleVersions("m", DateTimeOffset.UtcNow);
        var taken = registry.Store.ReserveVersion("m", DateTimeOffset.UtcNow);
        var path = _files.Write("bundle.bin", "bytes");

        var error = Assert.Throws<FerryException>(() => registry.Store.CompleteVersion(lost,
            new ModelVersion("m", lost.Version, DateTimeOffset.UnixEpoch, "forest", "accuracy", 0.9, true, "spec", "data", 5), path));
        registry.Store.AbandonVersion(lost);

        Assert.Equal(lost.Version, taken.Version);
        Assert.Contains("was no longer reserved", error.Message, StringComparison.Ordinal);
        Assert.Equal([(1, false)], VersionRows());
    }

    [SkippableFact]
    public void Register_WhileAnotherTrainingWritesItsVersion_LeavesItAlone()
    {
        var registry = Registry();
        var partial = KilledTraining(registry, DateTimeOffset.UtcNow);

        var registered = Register(registry, [1]);

        Assert.Equal(2, registered.Version);
        Assert.True(Directory.Exists(partial));
        Assert.Equal([(1, false), (2, true)], VersionRows());
    }

    [SkippableFact]
    public void RevertAlias_AfterTwoPromotions_GoesBackOneStepAtATime()
    {
        var store = Registry().Store;
        store.SetAlias("m", "champion", 1, DateTimeOffset.UnixEpoch);
        store.SetAlias("m", "champion", 2, DateTimeOffset.UnixEpoch);
        store.SetAlias("m", "champion", 3, DateTimeOffset.UnixEpoch);

        Assert.Equal(2, store.RevertAlias("m", "champion"));
        Assert.Equal(1, store.RevertAlias("m", "champion"));
        Assert.Null(store.RevertAlias("m", "champion"));
        Assert.Equal(1, Registry(OtherMachine).Store.Alias("m", "champion"));
    }

    [SkippableFact]
    public void AddFeedback_ForPredictionsLoggedByAnotherServer_JoinsThemAndReturnsUnknownIds()
    {
        Monitoring("a").AppendPredictions([Record("p1", 1, 1, 2.0), Record("p2", 1, 2, 2.0), Record("p1", 1, 3, 9.0)]);
        var other = Monitoring(OtherMachine);

        var outcome = other.AddFeedback("m", [("p2", "no"), ("nope", "yes"), ("p2", "yes")], DateTimeOffset.UnixEpoch, replace: true);

        Assert.Equal(2, outcome.Accepted);
        Assert.Equal(["nope"], outcome.UnknownIds);
        var labelled = Assert.Single(other.Labelled("m", 1, 10));
        Assert.Equal(("p2", "yes"), (labelled.Id, labelled.Actual));
        Assert.Equal(["p1", "p2"], other.Recent("m", 1, 10).Select(p => p.Id));
        Assert.Equal(2.0, other.Recent("m", 1, 10)[0].LatencyMs);
    }

    [SkippableFact]
    public void AddFeedback_SameLabelAgain_IsAcceptedAsUnchanged()
    {
        var store = Monitoring();
        store.AppendPredictions([Record("p1", 1, 1, 1.0), Record("p2", 1, 2, 1.0)]);
        store.AddFeedback("m", [("p1", "yes")], DateTimeOffset.UnixEpoch, replace: false);

        var again = store.AddFeedback("m", [("p1", "yes"), ("p2", "no")], DateTimeOffset.UnixEpoch.AddSeconds(5), replace: false);

        Assert.Equal((2, 1, 0), (again.Accepted, again.Unchanged, again.Replaced));
        Assert.Empty(again.Conflicts);
        Assert.Equal([("p1", "yes"), ("p2", "no")], store.Labelled("m", 1, 10).Select(p => (p.Id, p.Actual!)));
    }

    [SkippableFact]
    public void AddFeedback_DifferentLabelInABatch_RefusesTheWholeBatchAndNamesTheRecordedLabel()
    {
        Monitoring().AppendPredictions([Record("p1", 1, 1, 1.0), Record("p2", 1, 2, 1.0), Record("p3", 1, 3, 1.0)]);
        Monitoring().AddFeedback("m", [("p1", "yes")], DateTimeOffset.UnixEpoch, replace: false);
        var other = Monitoring(OtherMachine);

        var outcome = other.AddFeedback("m", [("p2", "yes"), ("p1", "no"), ("p3", "no"), ("p3", "yes")], DateTimeOffset.UnixEpoch, replace: false);

        Assert.Equal([new FeedbackConflict("p1", "yes", "no"), new FeedbackConflict("p3", "no", "yes")], outcome.Conflicts);
        Assert.Equal(0, outcome.Accepted);
        Assert.Equal([("p1", "yes")], other.Labelled("m", 1, 10).Select(p => (p.Id, p.Actual!)));
    }

    [SkippableFact]
    public void AddFeedback_OnlyIfAllKnownWithAnUnknownId_WritesNothingAndNamesIt()
    {
        var store = Monitoring();
        store.AppendPredictions([Record("p1", 1, 1, 1.0)]);

        var waiting = store.AddFeedback("m", [("p1", "yes"), ("p2", "no")], DateTimeOffset.UnixEpoch, replace: false, onlyIfAllKnown: true);
        var labelledMeanwhile = store.Labelled("m", 1, 10).Count;
        store.AppendPredictions([Record("p2", 1, 2, 1.0)]);
        var whole = store.AddFeedback("m", [("p1", "yes"), ("p2", "no")], DateTimeOffset.UnixEpoch, replace: false, onlyIfAllKnown: true);

        Assert.Equal(0, waiting.Accepted);
        Assert.Equal(["p2"], waiting.UnknownIds);
        Assert.Equal(0, labelledMeanwhile);
        Assert.Equal(2, whole.Accepted);
        Assert.Equal([("p1", "yes"), ("p2", "no")], store.Labelled("m", 1, 10).Select(p => (p.Id, p.Actual!)));
    }

    [SkippableFact]
    public void AddFeedback_DifferentLabelWithReplace_ReplacesIt()
    {
        var store = Monitoring();
        store.AppendPredictions([Record("p1", 1, 1, 1.0)]);
        store.AddFeedback("m", [("p1", "yes")], DateTimeOffset.UnixEpoch, replace: false);

        var outcome = store.AddFeedback("m", [("p1", "no")], DateTimeOffset.UnixEpoch, replace: true);

        Assert.Equal((1, 0, 1), (outcome.Accepted, outcome.Unchanged, outcome.Replaced));
        Assert.Equal("no", Assert.Single(store.Labelled("m", 1, 10)).Actual);
    }

    [SkippableFact]
    public void AddFeedback_ManyWritersLabelOneIdDifferently_TheFirstLabelStaysAndTheOthersConflict()
    {
        Monitoring().AppendPredictions([Record("p1", 1, 1, 1.0)]);

        var outcomes = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8)
            .Select(i => Monitoring().AddFeedback("m", [("p1", $"label{i}")], DateTimeOffset.UnixEpoch, replace: false)).ToArray();

        var winner = Assert.Single(outcomes, o => o.Accepted == 1);
        var stored = Assert.Single(Monitoring().Labelled("m", 1, 10)).Actual!;
        Assert.All(outcomes.Where(o => o != winner), o => Assert.Equal(stored, Assert.Single(o.Conflicts).Recorded));
        Assert.Equal(7, outcomes.Count(o => o.Conflicts.Count == 1));
    }

    [SkippableFact]
    public void AppendPredictions_ABatchLargerThanOneInsert_KeepsEveryRowAndItsValues()
    {
        var store = Monitoring();

        store.AppendPredictions([.. Enumerable.Range(0, 450).Select(i => Record($"p{i:D3}", 1, i, i / 4.0))]);

        var logged = store.Recent("m", 1, 1000);
        Assert.Equal(Enumerable.Range(0, 450).Select(i => $"p{i:D3}"), logged.Select(p => p.Id));
        Assert.Equal(Enumerable.Range(0, 450).Select(i => i / 4.0), logged.Select(p => p.LatencyMs));
        Assert.Equal(Enumerable.Range(0, 450).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), logged.Select(p => p.Values[0]));
        Assert.All(logged, p => Assert.Equal(("yes", 0.7), (p.Label, p.Confidence)));
    }

    [SkippableFact]
    public void Prune_KeepsTheLatestPredictionsAndDropsTheFeedbackOfTheOthers()
    {
        var store = Monitoring();
        store.AppendPredictions([.. Enumerable.Range(0, 10).Select(i => Record($"p{i}", 1, i, 1.0))]);
        store.AddFeedback("m", [("p0", "yes"), ("p9", "no")], DateTimeOffset.UnixEpoch, replace: false);

        var deleted = store.Prune(4);

        Assert.Equal(6, deleted);
        Assert.Equal(["p6", "p7", "p8", "p9"], store.Recent("m", 1, 100).Select(p => p.Id));
        Assert.Equal(["p9"], store.Labelled("m", 1, 100).Select(p => p.Id));
    }

    [SkippableFact]
    public void Health_ReadsLatencyPercentilesErrorsAndUptimePerVersion()
    {
        var store = Monitoring();
        store.AppendPredictions([.. Enumerable.Range(1, 100).Select(i => Record($"p{i}", 2, i, i))]);
        store.AppendErrors([("m", 2, DateTimeOffset.UnixEpoch.AddSeconds(50), 400)]);
        store.Served("m", 2, DateTimeOffset.UnixEpoch);

        var health = Assert.Single(store.Health("m", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(100)));

        Assert.Equal((2, 100, 1), (health.Version, health.Predictions, health.Errors));
        Assert.Equal((50, 95, 99), (health.P50Ms, health.P95Ms, health.P99Ms));
        Assert.Equal(100, health.UptimeSeconds);
    }

    [SkippableFact]
    public void Health_VersionWithOnlyFailedRequests_IsListedWithItsErrors()
    {
        var store = Monitoring();
        store.AppendPredictions([Record("p1", 2, 10, 1)]);
        store.AppendErrors([("m", 3, DateTimeOffset.UnixEpoch.AddSeconds(20), 400), ("m", 3, DateTimeOffset.UnixEpoch.AddSeconds(30), 500)]);

        var health = store.Health("m", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(100));

        Assert.Equal([2, 3], health.Select(h => h.Version));
        Assert.Equal((0, 2, 1.0), (health[1].Predictions, health[1].Errors, health[1].ErrorRate));
    }

    [SkippableFact]
    public void OpenAlert_TwiceForOneRule_OpensOneUntilItIsResolved()
    {
        var store = Monitoring();

        var first = store.OpenAlert("m", "drift", 0.7, 0.5, "drifted", DateTimeOffset.UnixEpoch);
        var second = store.OpenAlert("m", "drift", 0.8, 0.5, "drifted", DateTimeOffset.UnixEpoch);
        var resolved = store.ResolveAlert("m", "drift", DateTimeOffset.UnixEpoch.AddSeconds(1));
        var third = store.OpenAlert("m", "drift", double.NaN, 0.5, "drifted again", DateTimeOffset.UnixEpoch.AddSeconds(2));

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal(first.Id, resolved?.Id);
        Assert.Equal([third!.Id, first.Id], store.Alerts("m", 10).Select(a => a.Id));
        Assert.True(double.IsNaN(store.Alerts("m", 10)[0].Value));
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}
