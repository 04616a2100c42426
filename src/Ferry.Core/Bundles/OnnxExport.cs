using System.Globalization;
using System.Text.Json;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Bundles;

/// <summary>Writes a bundle's model as ONNX through ML.NET's converter. The graph takes the featurizer's vector
/// (input <c>Features</c>, one float per slot) and gives the model's output; a JSON file beside it names the slots,
/// the output and the classes, so a client of ONNX Runtime can build the vector and read the answer.</summary>
public static class OnnxExport
{
    /// <summary>Writes <paramref name="path"/> and its description (<c>path + ".json"</c>); nothing is left
    /// behind when the model cannot be converted.</summary>
    /// <exception cref="FerryException">The model has a part ONNX cannot express.</exception>
    public static OnnxDescription Write(ModelBundle bundle, string path)
    {
        var manifest = bundle.Manifest;
        var description = new OnnxDescription(
            manifest.Name, manifest.Version, nameof(FeatureRow.Features), bundle.Model.Featurizer.SlotNames,
            MlNetModel.OnnxOutputs(manifest.Type)[0] + ".output", Meaning(manifest.Type, manifest.Threshold) + Uncalibrated(manifest.Calibration), manifest.Classes);
        var partial = path + ".partial";
        try
        {
            using (var stream = File.Create(partial))
            {
                bundle.Model.Model.ExportOnnx(stream);
            }

            File.WriteAllText(path + ".json", JsonSerializer.Serialize(description, BundleJson.Options));
            File.Move(partial, path, overwrite: true);
            return description;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FerryException($"cannot write {path}: {e.Message}", e);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>A calibrated model's graph gives the probabilities before calibration, which ONNX export does not carry:
    /// named here, with where the calibration is, so a client can apply it (or knows not to compare the two).</summary>
    private static string Uncalibrated(Calibrator? calibrator) => calibrator is null
        ? ""
        : $"; these are the model's probabilities before Ferry's {calibrator.Method} calibration (manifest.json `calibration`, "
            + "which the graph does not include), and Ferry's answers and threshold are on the calibrated ones";

    /// <summary>What the output means; a binary model's decision threshold is not in the graph, so it is named here.</summary>
    private static string Meaning(ProblemType type, double threshold) => type switch
    {
        ProblemType.BinaryClassification => string.Create(CultureInfo.InvariantCulture,
            $"probability of the second class, shape [n, 1]; Ferry answers the second class when it is above {threshold:R}"),
        ProblemType.MulticlassClassification => "one score per class in the order of classes, shape [n, classes]; Ferry clips them at 0 and divides by their sum",
        _ => "the predicted value, shape [n, 1]",
    };
}
