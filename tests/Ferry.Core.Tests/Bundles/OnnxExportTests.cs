using Ferry.Core.Bundles;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;
using Ferry.Testing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Ferry.Core.Tests.Bundles;

public sealed class OnnxExportTests
{
    [Theory]
    [InlineData("iris.csv", "multiclass-classification", "logistic")]
    [InlineData("iris.csv", "multiclass-classification", "forest")]
    [InlineData("iris.csv", "multiclass-classification", "boosted")]
    [InlineData("breast_cancer.csv", "binary-classification", "logistic")]
    [InlineData("breast_cancer.csv", "binary-classification", "forest")]
    [InlineData("breast_cancer.csv", "binary-classification", "boosted")]
    [InlineData("penguins.csv", "regression", "linear")]
    [InlineData("penguins.csv", "regression", "forest")]
    [InlineData("penguins.csv", "regression", "boosted")]
    public void Export_OnnxRuntimeGivesFerrysPredictions(string data, string type, string candidate)
    {
        using var files = new TestFiles();
        var bundle = TrainedBundles.Train(files, data, type, candidate);
        var description = OnnxExport.Write(bundle, files.Path("model.onnx"));
        var rows = TrainedBundles.Rows(bundle, data, count: 60, step: 2);
        var slots = bundle.Model.Featurizer.SlotCount;
        var features = new DenseTensor<float>([rows.Length, slots]);
        for (var r = 0; r < rows.Length; r++)
        {
            var vector = new float[slots];
            bundle.Model.Featurizer.Transform(rows[r], vector);
            for (var s = 0; s < slots; s++)
            {
                features[r, s] = vector[s];
            }
        }

        using var session = new InferenceSession(files.Path("model.onnx"));
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(description.Input, features)]);
        var output = results.Single(result => result.Name == description.Output).AsTensor<float>();
        var predictor = new RowPredictor(bundle.Model);

        for (var r = 0; r < rows.Length; r++)
        {
            var expected = predictor.Predict(rows[r], explainTop: 0);
            Assert.Equal(Ferry(expected, bundle.Manifest.Classes), Onnx(output, r, bundle.Manifest.Type), Tolerance(bundle.Manifest.Type));
        }
    }

    [Theory]
    [InlineData("mlp", "Ferry's own network")]
    [InlineData("tree", "Ferry's own CART tree")]
    public void Export_ModelOnnxCannotExpress_IsRefusedAndNothingWritten(string candidate, string message)
    {
        using var files = new TestFiles();
        var bundle = TrainedBundles.Train(files, "breast_cancer.csv", "binary-classification", candidate);

        var error = Assert.Throws<FerryException>(() => OnnxExport.Write(bundle, files.Path("model.onnx")));

        Assert.Contains(message, error.Message);
        Assert.False(File.Exists(files.Path("model.onnx")));
        Assert.False(File.Exists(files.Path("model.onnx.partial")));
    }

    [Fact]
    public void Export_Ensemble_IsRefusedNamingItsMembersAndHowToGetAnExportableModel()
    {
        using var files = new TestFiles();
        var bundle = TrainedBundles.Train(files, "penguins.csv", "regression", "linear, forest, boosted");
        var members = bundle.Manifest.Ensemble;
        Assert.True(members.Count >= 2, $"{members.Count} ensemble members");

        var error = Assert.Throws<FerryException>(() => OnnxExport.Write(bundle, files.Path("model.onnx")));

        Assert.Contains($"the model is an ensemble of {members.Count} members", error.Message, StringComparison.Ordinal);
        Assert.All(members, member => Assert.Contains(member.Candidate, error.Message, StringComparison.Ordinal));
        Assert.Contains("train.ensemble: false", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(files.Path("model.onnx")));
        Assert.False(File.Exists(files.Path("model.onnx.json")));
    }

    private static double Ferry(PredictionResult result, IReadOnlyList<string> classes) => result.Value ?? result.Probabilities![classes[^1]];

    /// <summary>The same number from the ONNX output: the value, the binary probability, or the last class's
    /// score clipped and normalized as Ferry does.</summary>
    private static double Onnx(Tensor<float> output, int row, ProblemType type)
    {
        if (type != ProblemType.MulticlassClassification)
        {
            return output[row, 0];
        }

        var scores = Enumerable.Range(0, output.Dimensions[1]).Select(c => Math.Max(output[row, c], 0.0)).ToArray();
        return scores.Sum() > 0 ? scores[^1] / scores.Sum() : 1.0 / scores.Length;
    }

    private static double Tolerance(ProblemType type) => type == ProblemType.Regression ? 0.5 : 1e-4;
}
