using System.Text.Json;
using Ferry.Core.Spec;

namespace Ferry.Core.Training.Cart;

/// <summary>A single decision tree as scikit-learn's DecisionTreeClassifier and DecisionTreeRegressor grow it; a row's
/// score is its leaf's class shares (predict_proba) or mean value. Node 0 is the root.</summary>
internal sealed record CartTree(ProblemType Type, IReadOnlyList<CartNode> Nodes) : IVectorModel, IScorer
{
    public const string FormatName = "tree";

    public static ModelFormat Stored { get; } = new(FormatName, "tree.json", (stream, _) => Load(stream));

    public string Format => FormatName;

    public int LeafCount => Nodes.Count(node => node.IsLeaf);

    /// <summary>The tree keeps no state while scoring, so it is its own scorer.</summary>
    public IScorer CreateScorer() => this;

    public void Score(float[] features, Span<double> output) => Leaf(features).Value.CopyTo(output);

    public double[][] ScoreBatch(IReadOnlyList<float[]> vectors, int outputSize) =>
        [.. vectors.Select(vector => (double[])Leaf(vector).Value.Clone())];

    public void Save(Stream stream) => JsonSerializer.Serialize(stream, this, BundleJson.Options);

    public void ExportOnnx(Stream stream) =>
        throw new FerryException("the tree candidate is Ferry's own CART tree, which ML.NET's ONNX converter does not know; export a logistic, linear, forest or boosted version");

    public static CartTree Load(Stream stream) =>
        JsonSerializer.Deserialize<CartTree>(stream, BundleJson.Options) ?? throw new InvalidDataException("tree.json is empty");

    private CartNode Leaf(float[] features)
    {
        var node = Nodes[0];
        while (!node.IsLeaf)
        {
            node = Nodes[features[node.Feature] <= node.Threshold ? node.Left : node.Right];
        }

        return node;
    }
}
