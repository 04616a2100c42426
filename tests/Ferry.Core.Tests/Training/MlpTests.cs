using System.Globalization;
using System.Text;
using Ferry.Core.Bundles;
using Ferry.Core.Lifecycle;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Training;

public sealed class MlpTests
{
    private static TrainingOutcome Train(TestFiles files, string data, string target, string type, string extra = "") =>
        new TrainingPipeline(TimeProvider.System).Run(
            SpecLoader.Load(files.WriteSpec(data, target, type, "m", $"train: {{ candidates: [mlp] }}\n{extra}")), null, CancellationToken.None);

    [Fact]
    public void Mlp_BreastCancerWithScaledFeatures_ReachesNinetyFivePercentAndLossFallsAtFirst()
    {
        using var files = new TestFiles();

        var outcome = Train(files, TestFiles.Data("breast_cancer.csv"), "target", "binary-classification");

        Assert.True(outcome.Manifest.Metrics["accuracy"] >= 0.95, $"accuracy {outcome.Manifest.Metrics["accuracy"]}");
        var losses = outcome.Manifest.Trace.Take(5).Select(e => e.TrainLoss).ToArray();
        Assert.Equal(5, losses.Length);
        Assert.True(losses.Zip(losses.Skip(1)).All(pair => pair.Second <= pair.First), string.Join(", ", losses));
    }

    [Fact]
    public void Mlp_Bundle_PredictsTheSameAfterLoading()
    {
        using var files = new TestFiles();
        var outcome = Train(files, TestFiles.Data("iris.csv"), "target", "multiclass-classification");
        var bundle = BundleFile.Read(outcome.BundlePath);
        var row = new InputRow(4);
        double[] flower = [6.1, 2.8, 4.7, 1.2];
        for (var i = 0; i < flower.Length; i++)
        {
            row.SetNumber(i, flower[i]);
        }

        var loaded = new RowPredictor(bundle.Model).Predict(row);

        Assert.Equal("mlp", bundle.Manifest.ModelFormat);
        Assert.Equal("versicolor", loaded.Label);
        Assert.Equal(1.0, loaded.Probabilities!.Values.Sum(), 5);
        Assert.Equal(outcome.Manifest.Trace.Count, bundle.Manifest.Trace.Count);
    }

    [Fact]
    public void Mlp_Regression_LearnsAKnownLinearRule()
    {
        using var files = new TestFiles();
        var random = new Random(3);
        var csv = new StringBuilder("a,b,y\n");
        for (var i = 0; i < 600; i++)
        {
            var (a, b) = (random.NextDouble() * 10, random.NextDouble() * 10);
            csv.Append(CultureInfo.InvariantCulture, $"{a},{b},{3 * a - 2 * b + 50 + random.NextDouble()}\n");
        }

        var outcome = Train(files, files.Write("linear.csv", csv.ToString()), "y", "regression");

        Assert.True(outcome.Manifest.Metrics["r2"] > 0.97, $"r2 {outcome.Manifest.Metrics["r2"]}");
    }
}
