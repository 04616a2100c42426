namespace Ferry.Core.Training;

/// <summary>A fitted model over feature vectors: an ML.NET transformer, Ferry's own MLP or tree, or an ensemble of them.</summary>
internal interface IVectorModel
{
    /// <summary>The bundle entry format: "mlnet" (ML.NET's model.zip), "mlp" (mlp.json), "tree" (tree.json) or "ensemble" (ensemble.json).</summary>
    string Format { get; }

    IScorer CreateScorer();

    /// <summary>Scores many vectors at once: one output per vector, as <see cref="IScorer.Score"/> would give.</summary>
    double[][] ScoreBatch(IReadOnlyList<float[]> vectors, int outputSize);

    void Save(Stream stream);

    /// <summary>Writes the model as ONNX: input <c>Features</c> (the featurizer's vector), outputs as ML.NET names them.</summary>
    /// <exception cref="FerryException">The model has a part ONNX cannot express.</exception>
    void ExportOnnx(Stream stream);
}
