using System.IO.Compression;
using Ferry.Core.Spec;
using Microsoft.ML;

namespace Ferry.Core.Training;

/// <summary>An ML.NET transformer over <see cref="FeatureRow"/>, scored through prediction engines.</summary>
internal sealed class MlNetModel(MLContext ml, ITransformer model, ProblemType type, int slotCount, int classCount) : IVectorModel
{
    public const string FormatName = "mlnet";

    public static ModelFormat Stored { get; } = new(FormatName, "model.zip", (stream, shape) => Load(stream, shape.Type, shape.SlotCount, shape.ClassCount));

    public string Format => FormatName;

    /// <summary>The fitted ML.NET transformer (its trees are read by <see cref="TreePrefixes"/>).</summary>
    public ITransformer Transformer => model;

    public IScorer CreateScorer() => Scorers.Create(ml, model, type, slotCount, classCount);

    /// <summary>ML.NET's batch path: one Transform over all the vectors instead of a prediction engine per row.</summary>
    public double[][] ScoreBatch(IReadOnlyList<float[]> vectors, int outputSize)
    {
        var scored = model.Transform(FeatureRow.ToDataView(ml, vectors.Select(v => new FeatureRow { Features = v }), slotCount, classCount));
        var outputs = vectors.Select(_ => new double[outputSize]).ToArray();
        switch (type)
        {
            case ProblemType.BinaryClassification:
                foreach (var (row, i) in ml.Data.CreateEnumerable<BinaryOutput>(scored, reuseRowObject: true).Select((row, i) => (row, i)))
                {
                    Scorers.Binary(row.Probability, outputs[i]);
                }

                break;
            case ProblemType.MulticlassClassification:
                foreach (var (row, i) in ml.Data.CreateEnumerable<VectorOutput>(scored, reuseRowObject: true).Select((row, i) => (row, i)))
                {
                    Scorers.Multiclass(row.Score, outputs[i]);
                }

                break;
            default:
                foreach (var (row, i) in ml.Data.CreateEnumerable<ScalarOutput>(scored, reuseRowObject: true).Select((row, i) => (row, i)))
                {
                    outputs[i][0] = row.Score;
                }

                break;
        }

        return outputs;
    }

    /// <summary>ML.NET's model.zip with every entry dated <see cref="EntryTime"/>: ML.NET stamps each entry with the time
    /// it wrote it, so the same model saved twice gave other bytes (and another modelSha256).</summary>
    public void Save(Stream stream)
    {
        using var saved = new MemoryStream();
        ml.Model.Save(model, FeatureRow.ToDataView(ml, [], slotCount, classCount).Schema, saved);
        using (var zip = new ZipArchive(saved, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries)
            {
                entry.LastWriteTime = EntryTime;
            }
        }

        saved.Position = 0;
        saved.CopyTo(stream);
    }

    /// <summary>The earliest time a zip entry can hold (MS-DOS dates start in 1980).</summary>
    private static DateTimeOffset EntryTime { get; } = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void ExportOnnx(Stream stream)
    {
        try
        {
            var schema = FeatureRow.Schema(slotCount, classCount);
            schema.RemoveAll(column => column.MemberName != nameof(FeatureRow.Features));
            ml.Model.ConvertToOnnx(model, ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), schema), stream, OnnxOutputs(type));
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or NotImplementedException)
        {
            throw new FerryException($"ML.NET's ONNX converter cannot express this model ({e.Message})", e);
        }
    }

    /// <summary>The ONNX outputs: the positive class's probability, the per-class scores, or the value.</summary>
    public static string[] OnnxOutputs(ProblemType type) => type switch
    {
        ProblemType.BinaryClassification => [nameof(BinaryOutput.Probability)],
        _ => [nameof(ScalarOutput.Score)],
    };

    /// <exception cref="InvalidDataException">The bytes break a cap of <see cref="ModelZipCaps"/>, are not a model ML.NET loads, or not one over the bundle's feature
    /// slots (ML.NET says so with a FormatException, an InvalidOperationException or an ArgumentOutOfRangeException, which a
    /// bundle's reader would otherwise not take for a damaged bundle, or not until the first scored row).</exception>
    public static MlNetModel Load(Stream stream, ProblemType type, int slotCount, int classCount)
    {
        ModelZipCaps.Check(stream);
        var ml = new MLContext();
        try
        {
            var model = ml.Model.Load(stream, out _);
            model.GetOutputSchema(FeatureRow.ToDataView(ml, [], slotCount, classCount).Schema);
            return new MlNetModel(ml, model, type, slotCount, classCount);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"model.zip is not a model ML.NET loads over {slotCount} feature slots ({e.Message})", e);
        }
    }
}
