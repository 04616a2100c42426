using System.Text.Json;
using Ferry.Core.Spec;

namespace Ferry.Core.Training.Cart;

/// <summary>A single decision tree as scikit-learn's DecisionTreeClassifier and DecisionTreeRegressor grow it; a row's
/// score is its leaf's class shares (predict_proba) or mean value. Node 0 is the root.</summary>
internal sealed record CartTree(ProblemType Type, IReadOnlyList<CartNode> Nodes) : IVectorModel, IScorer
{
    public const string FormatName = "tree";

    public static ModelFormat Stored { get; } = new(FormatName, "tree.json", (stream, shape) => Load(stream).Checked(shape));

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

    /// <summary>This tree when every split splits on one of the bundle's feature slots and sends rows on to later nodes (as
    /// the trainer adds them), and every node's value has the problem's outputs; a crafted tree.json (or ensemble member)
    /// that loops back would hold a scoring thread forever, one that splits on a missing slot would fail its first row.</summary>
    /// <exception cref="InvalidDataException">It does not.</exception>
    private CartTree Checked(ModelShape shape)
    {
        var outputs = shape.Type.IsClassification() ? shape.ClassCount : 1;
        if (Type != shape.Type || Nodes is not { Count: > 0 } nodes || nodes.Select((node, i) => (node, i)).Any(n => n.node is not { Value: not null }
            || n.node.Value.Length != outputs
            || (!n.node.IsLeaf && (n.node.Feature >= shape.SlotCount || n.node.Left <= n.i || n.node.Right <= n.i || n.node.Left >= nodes.Count || n.node.Right >= nodes.Count))))
        {
            throw new InvalidDataException($"tree.json is not a {shape.Type.ToName()} tree over {shape.SlotCount} feature slots with {outputs} outputs whose splits lead on to later nodes");
        }

        return this;
    }

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
