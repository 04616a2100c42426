using Ferry.Testing;

namespace Ferry.Core.Tests.Training;

public sealed class ClassWeightsTests
{
    [Theory]
    [InlineData("logistic")]
    [InlineData("tree")]
    public void ClassWeights_RaiseMinorityRecall_OnImbalancedData(string candidate)
    {
        using var weightedFiles = new TestFiles();
        using var plainFiles = new TestFiles();

        var weighted = ImbalancedData.Train(weightedFiles, "roc_auc", candidate).Manifest;
        var plain = ImbalancedData.Train(plainFiles, "accuracy", candidate).Manifest;

        Assert.Empty(plain.ClassWeights);
        Assert.True(weighted.Metrics["recall"] > plain.Metrics["recall"] + 0.2,
            $"recall {weighted.Metrics["recall"]} weighted, {plain.Metrics["recall"]} unweighted");
    }

    [Fact]
    public void ClassWeights_ImbalancedTrainingRows_AreBalancedAndRecorded()
    {
        using var files = new TestFiles();

        var manifest = ImbalancedData.Train(files, "f1", "logistic").Manifest;

        var yes = manifest.TrainRows / (2 * manifest.ClassWeights["yes"]);
        Assert.Equal(Math.Round(yes), yes, 6);
        Assert.InRange(yes / manifest.TrainRows, 0.01, 0.2);
        Assert.Equal(manifest.TrainRows / (2 * (manifest.TrainRows - yes)), manifest.ClassWeights["no"], 9);
    }
}
