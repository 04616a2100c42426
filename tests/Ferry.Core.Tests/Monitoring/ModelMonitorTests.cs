using Ferry.Core.Bundles;
using Ferry.Core.Lifecycle;
using Ferry.Core.Monitoring;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Core.Tests.Monitoring;

public sealed class ModelMonitorTests
{
    private static (ProblemSpec Spec, ModelManifest Manifest) Train(TestFiles files, string extra)
    {
        var spec = SpecLoader.Load(files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }\n" + extra));
        return (spec, BundleFile.Read(new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None).BundlePath).Manifest);
    }

    [Fact]
    public void Staleness_OlderThanRetrainEvery_OpensOneAlertThenResolvesWhenItClears()
    {
        using var files = new TestFiles();
        var (spec, manifest) = Train(files, "constraints: { retrain_every: 7d }");
        var store = MonitoringStore.Open(spec);

        var fresh = ModelMonitor.Analyze(manifest, ServedModel.Of(spec), store, manifest.CreatedAt.AddDays(6));
        var stale = ModelMonitor.Analyze(manifest, ServedModel.Of(spec), store, manifest.CreatedAt.AddDays(8));
        var opened = AlertBook.Apply(stale, store, stale.At);
        var again = AlertBook.Apply(ModelMonitor.Analyze(manifest, ServedModel.Of(spec), store, manifest.CreatedAt.AddDays(9)), store, stale.At.AddDays(1));
        var resolved = AlertBook.Apply(fresh, store, stale.At.AddDays(2));

        Assert.False(fresh.Staleness.Stale);
        Assert.True(stale.Staleness.Stale);
        Assert.Equal(8, stale.Staleness.AgeDays, 6);
        Assert.Equal(["stale:opened"], opened.Select(c => $"{c.Alert.Rule}:{c.Event}"));
        Assert.Empty(again);
        Assert.Equal(["stale:resolved"], resolved.Select(c => $"{c.Alert.Rule}:{c.Event}"));
        Assert.All(store.Alerts("iris", 10), alert => Assert.NotNull(alert.ResolvedAt));
    }

    [Fact]
    public void Health_ErrorsAndLatencies_GivesErrorRateAndPercentilesPerVersion()
    {
        using var files = new TestFiles();
        var (spec, manifest) = Train(files, "");
        var store = MonitoringStore.Open(spec);
        var now = DateTimeOffset.UtcNow;
        var result = new PredictionResult("setosa", new Dictionary<string, double> { ["setosa"] = 1 }, null, [], [], []);
        store.AppendPredictions([.. Enumerable.Range(1, 90).Select(ms =>
            new PredictionRecord($"p{ms}", "iris", manifest.Version, now.AddSeconds(-90 + ms), ms, manifest.Inputs, new InputRow(manifest.Inputs.Count), result))]);
        store.AppendErrors([.. Enumerable.Range(0, 10).Select(_ => ("iris", manifest.Version, now, 400))]);

        var health = Assert.Single(store.Health("iris", now.AddHours(-1), now));

        Assert.Equal(90, health.Predictions);
        Assert.Equal(10, health.Errors);
        Assert.Equal(0.1, health.ErrorRate, 10);
        Assert.Equal([45.0, 86.0, 90.0], [health.P50Ms, health.P95Ms, health.P99Ms]);
        Assert.Equal(1.0, health.Throughput, 1);
    }

    [Fact]
    public void Health_MoreThanTenThousandPredictions_JudgesTheLatestOnly()
    {
        using var files = new TestFiles();
        var (spec, manifest) = Train(files, "");
        var store = MonitoringStore.Open(spec);
        var now = DateTimeOffset.UtcNow;
        var result = new PredictionResult("setosa", new Dictionary<string, double> { ["setosa"] = 1 }, null, [], [], []);
        store.AppendPredictions([.. Enumerable.Range(0, 12_000).Select(i =>
            new PredictionRecord($"p{i:D5}", "iris", manifest.Version, now.AddMilliseconds(-12_000 + i), i < 2_000 ? 1000 : 1, manifest.Inputs, new InputRow(manifest.Inputs.Count), result))]);

        var health = Assert.Single(store.Health("iris", now.AddHours(-1), now));

        Assert.Equal(MonitoringStore.HealthRows, health.Predictions);
        Assert.Equal(1, health.P99Ms);
        Assert.InRange(health.Throughput, 900, 1100);
    }

    [Fact]
    public void Analyze_NoTrafficYet_JudgesNothingAndSaysSo()
    {
        using var files = new TestFiles();
        var (spec, manifest) = Train(files, "monitor: { alerts: { accuracy_below: 0.9, drift_share_above: 0.5 } }");

        var report = ModelMonitor.Analyze(manifest, ServedModel.Of(spec), MonitoringStore.Open(spec), DateTimeOffset.UtcNow);

        Assert.All(report.Rules, rule => Assert.Null(rule.Value));
        Assert.Contains("too few labelled predictions", report.Performance.Verdict, StringComparison.Ordinal);
        Assert.Equal(manifest.Inputs.Count, manifest.Reference.Features.Count);
    }
}
