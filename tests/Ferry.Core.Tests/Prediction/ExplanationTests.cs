using System.Globalization;
using System.Text;
using Ferry.Core.Lifecycle;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Prediction;

/// <summary>Generated data with a known answer: y is decided by `signal` alone; `noise` is independent of it.</summary>
public sealed class ExplanationTests
{
    private static TrainingOutcome TrainOnSignalAndNoise(TestFiles files, string candidates)
    {
        var random = new Random(11);
        var csv = new StringBuilder("signal,noise,y\n");
        for (var i = 0; i < 800; i++)
        {
            var signal = random.NextDouble() * 10;
            csv.Append(CultureInfo.InvariantCulture, $"{signal},{random.NextDouble() * 10},{(signal > 5 ? "high" : "low")}\n");
        }

        files.Write("d.csv", csv.ToString());
        var spec = SpecLoader.Load(files.Write("ferry.yaml", $"name: m\ntype: binary-classification\ndata: {{ source: d.csv }}\ntarget: y\ntrain: {{ candidates: [{candidates}] }}\n"));
        return new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None);
    }

    [Theory]
    [InlineData("forest")]
    [InlineData("mlp")]
    public void PermutationImportance_PutsTheDecidingFeatureFirstAndNoiseNearZero(string candidate)
    {
        using var files = new TestFiles();

        var importance = TrainOnSignalAndNoise(files, candidate).Manifest.Importance;

        Assert.Equal("signal", importance[0].Feature);
        Assert.True(importance[0].Importance > 0.3, $"signal {importance[0].Importance}");
        Assert.True(Math.Abs(importance[1].Importance) < 0.03, $"noise {importance[1].Importance}");
    }

    [Fact]
    public void Explanation_TopContributionIsTheDecidingFeature()
    {
        using var files = new TestFiles();
        var outcome = TrainOnSignalAndNoise(files, "logistic");
        var predictor = new RowPredictor(Ferry.Core.Bundles.BundleFile.Read(outcome.BundlePath).Model);
        var row = new InputRow(2);
        row.SetNumber(0, 9.5);
        row.SetNumber(1, 5);

        var result = predictor.Predict(row, explainTop: 2);

        Assert.Equal("high", result.Label);
        Assert.Equal(["signal", "noise"], result.Explanation.Select(e => e.Feature));
        Assert.True(result.Explanation[0].Contribution > 0.2, $"signal contributes {result.Explanation[0].Contribution}");
        Assert.True(Math.Abs(result.Explanation[1].Contribution) < 0.05, $"noise contributes {result.Explanation[1].Contribution}");
    }

    [Fact]
    public void LatencyBudget_TooTightForAnyModel_KeepsTheVersionOutOfChampion()
    {
        using var files = new TestFiles();
        var spec = SpecLoader.Load(files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris",
            "constraints: { latency_ms: 0.000001 }\ntrain: { candidates: [forest] }"));

        var outcome = new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None);

        Assert.True(outcome.Manifest.SuccessMet);
        Assert.False(outcome.Manifest.ConstraintsMet);
        Assert.False(outcome.IsChampion);
        Assert.True(outcome.Manifest.Latency.P99Ms >= outcome.Manifest.Latency.P50Ms);
    }
}
