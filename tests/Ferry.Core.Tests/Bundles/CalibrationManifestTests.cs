using System.Text.Json.Nodes;
using Ferry.Core.Bundles;
using Ferry.Core.Prediction;
using Ferry.Core.Tests.Lifecycle;
using Ferry.Core.Training;
using Ferry.Testing;

namespace Ferry.Core.Tests.Bundles;

/// <summary>The manifest's `calibration`: written and read back with the model, applied to every score of a loaded bundle,
/// and refused by name when it cannot be applied. The hand-edited manifests are the fixture written before digests.json
/// existed (iris, three classes), so nothing but the CRC-32 vouches for them.</summary>
public sealed class CalibrationManifestTests(ClassWeightedModel trained) : IClassFixture<ClassWeightedModel>, IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Rewritten(JsonNode? calibration)
    {
        var path = _files.Path("calibrated.ferry");
        var entries = BundleTampering.ReadAll(TestFiles.Data("bundles/iris-v1.ferry"));
        var manifest = JsonNode.Parse(entries["manifest.json"])!.AsObject();
        manifest["calibration"] = calibration;
        entries["manifest.json"] = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        BundleTampering.WriteAll(path, entries);
        return path;
    }

    private static JsonNode Isotonic(string method, int maps, double value) => new JsonObject
    {
        ["method"] = method,
        ["maps"] = new JsonArray([.. Enumerable.Range(0, maps).Select(_ => (JsonNode)new JsonObject { ["x"] = new JsonArray(0.0, 1.0), ["y"] = new JsonArray(value, value) })]),
    };

    [Fact]
    public void Write_CalibratedModel_ReadsBackTheSameCalibratorAndScores()
    {
        var path = _files.Path("rewritten.ferry");
        BundleFile.Write(path, trained.Bundle.Manifest, trained.Bundle.Model);
        var read = BundleFile.Read(path);
        var rows = ImbalancedData.Draw(50, 9).Select(row => ImbalancedData.Row(row.X, row.Noise)).ToArray();

        Assert.Equal(CalibrationFile(trained.Bundle.Model.Calibrator!), CalibrationFile(read.Model.Calibrator!));
        Assert.Equal(new RowPredictor(trained.Bundle.Model).PredictBatch(rows, 0).Select(p => p.Probabilities!["yes"]),
            new RowPredictor(read.Model).PredictBatch(rows, 0).Select(p => p.Probabilities!["yes"]));
    }

    [Fact]
    public void Read_ManifestCalibration_IsAppliedToEveryScore()
    {
        var bundle = BundleFile.Read(Rewritten(Isotonic(CalibrationMap.Isotonic, 3, 0.2)));
        var row = new InputRow(4);
        Array.ForEach([0, 1, 2, 3], i => row.SetNumber(i, 1.5));

        var probabilities = new RowPredictor(bundle.Model).Predict(row).Probabilities!;

        Assert.All(probabilities.Values, p => Assert.Equal(1 / 3.0, p, 12));
    }

    [Fact]
    public void Read_ManifestCalibrationOfAnUnknownMethod_IsRefusedNamingIt()
    {
        var path = Rewritten(Isotonic("magic", 3, 0.2));

        var error = Assert.Throws<FerryException>(() => BundleFile.Read(path));

        Assert.Equal(FerryErrorKind.Refused, error.Kind);
        Assert.Contains("calibration method 'magic' is not one this Ferry applies (platt, isotonic)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManifestCalibrationWithAMapPerClassMissing_IsRefused()
    {
        var path = Rewritten(Isotonic(CalibrationMap.Isotonic, 2, 0.2));

        var error = Assert.Throws<FerryException>(() => BundleFile.Read(path));

        Assert.Contains("calibration has 2 maps where a multiclass-classification model of 3 classes has 3 to calibrate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManifestIsotonicCalibrationOutOfOrder_IsRefused()
    {
        var path = Rewritten(new JsonObject
        {
            ["method"] = CalibrationMap.Isotonic,
            ["maps"] = new JsonArray([.. Enumerable.Range(0, 3).Select(_ => (JsonNode)new JsonObject { ["x"] = new JsonArray(0.6, 0.4), ["y"] = new JsonArray(0.1, 0.2) })]),
        });

        var error = Assert.Throws<FerryException>(() => BundleFile.Read(path));

        Assert.Contains("calibration map 0 (isotonic) needs finite x in increasing order and y in [0, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManifestCalibrationWithANullMap_IsRefusedNamingIt()
    {
        var path = Rewritten(new JsonObject { ["method"] = CalibrationMap.Platt, ["maps"] = new JsonArray(null, null, null) });

        var error = Assert.Throws<FerryException>(() => BundleFile.Read(path));

        Assert.Equal(FerryErrorKind.Refused, error.Kind);
        Assert.Contains("calibration map 0 is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportOnnx_CalibratedModel_SaysTheGraphGivesTheProbabilitiesBeforeCalibration()
    {
        var description = OnnxExport.Write(trained.Bundle, _files.Path("model.onnx"));

        Assert.Contains($"before Ferry's {trained.Bundle.Manifest.Calibration!.Method} calibration (manifest.json `calibration`", description.OutputMeaning, StringComparison.Ordinal);
    }

    private static string CalibrationFile(Calibrator calibrator) => System.Text.Json.JsonSerializer.Serialize(
        Ferry.Core.Bundles.Format1.CalibrationFile.From(calibrator), BundleJson.Options);
}
