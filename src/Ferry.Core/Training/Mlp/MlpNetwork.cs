using System.Numerics.Tensors;
using System.Text.Json;
using Ferry.Core.Spec;

namespace Ferry.Core.Training.Mlp;

/// <summary>A multilayer perceptron: dense ReLU hidden layers, then a sigmoid (binary), softmax (multiclass)
/// or linear (regression, on a standardized target) output.</summary>
internal sealed record MlpNetwork(ProblemType Type, IReadOnlyList<MlpLayer> Layers, double TargetMean, double TargetScale) : IVectorModel
{
    public const string FormatName = "mlp";

    public static ModelFormat Stored { get; } = new(FormatName, "mlp.json", (stream, shape) => Load(stream).Checked(shape));

    public string Format => FormatName;

    public IScorer CreateScorer() => new Scorer(this);

    public double[][] ScoreBatch(IReadOnlyList<float[]> vectors, int outputSize)
    {
        var scorer = CreateScorer();
        return [.. vectors.Select(vector =>
        {
            var output = new double[outputSize];
            scorer.Score(vector, output);
            return output;
        })];
    }

    public void Save(Stream stream) => JsonSerializer.Serialize(stream, this, BundleJson.Options);

    public void ExportOnnx(Stream stream) =>
        throw new FerryException("the mlp candidate is Ferry's own network, which ML.NET's ONNX converter does not know; export a logistic, linear, forest or boosted version");

    public static MlpNetwork Load(Stream stream) =>
        JsonSerializer.Deserialize<MlpNetwork>(stream, BundleJson.Options) ?? throw new InvalidDataException("mlp.json is empty");

    /// <summary>This network when its layers chain from the bundle's feature slots to its problem's outputs, each layer's
    /// weights and biases as many as its inputs and outputs say; a crafted mlp.json (or ensemble member) that does not
    /// would fail on its first scored row.</summary>
    /// <exception cref="InvalidDataException">It does not.</exception>
    private MlpNetwork Checked(ModelShape shape)
    {
        var outputs = shape.Type == ProblemType.MulticlassClassification ? shape.ClassCount : 1;
        if (Type != shape.Type || Layers is not { Count: > 0 } layers || layers.Any(layer => layer is not { Inputs: > 0, Outputs: > 0, Weights: not null, Biases: not null }
            || layer.Weights.LongLength != (long)layer.Inputs * layer.Outputs || layer.Biases.Length != layer.Outputs)
            || layers[0].Inputs != shape.SlotCount || layers[^1].Outputs != outputs || layers.Zip(layers.Skip(1)).Any(pair => pair.First.Outputs != pair.Second.Inputs))
        {
            throw new InvalidDataException($"mlp.json is not a {shape.Type.ToName()} network from {shape.SlotCount} feature slots to {outputs} outputs");
        }

        return this;
    }

    /// <summary>Runs the network; <paramref name="activations"/>[0] is the input, each later one a layer's output
    /// (after ReLU, or after the output activation); <paramref name="sums"/> hold each layer's pre-activation.</summary>
    public void Forward(float[][] activations, float[][] sums)
    {
        for (var l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            var input = activations[l];
            for (var o = 0; o < layer.Outputs; o++)
            {
                sums[l][o] = TensorPrimitives.Dot<float>(layer.Weights.AsSpan(o * layer.Inputs, layer.Inputs), input) + layer.Biases[o];
            }

            if (l < Layers.Count - 1)
            {
                TensorPrimitives.Max(sums[l], 0f, activations[l + 1]);
            }
            else if (Type == ProblemType.MulticlassClassification)
            {
                TensorPrimitives.SoftMax(sums[l], activations[l + 1]);
            }
            else if (Type == ProblemType.BinaryClassification)
            {
                TensorPrimitives.Sigmoid(sums[l], activations[l + 1]);
            }
            else
            {
                sums[l].CopyTo(activations[l + 1], 0);
            }
        }
    }

    public (float[][] Activations, float[][] Sums) Buffers() =>
        ([new float[Layers[0].Inputs], .. Layers.Select(layer => new float[layer.Outputs])], [.. Layers.Select(layer => new float[layer.Outputs])]);

    private sealed class Scorer : IScorer
    {
        private readonly MlpNetwork _network;
        private readonly float[][] _activations;
        private readonly float[][] _sums;

        public Scorer(MlpNetwork network)
        {
            _network = network;
            (_activations, _sums) = network.Buffers();
        }

        public void Score(float[] features, Span<double> output)
        {
            features.CopyTo(_activations[0], 0);
            _network.Forward(_activations, _sums);
            var result = _activations[^1];
            switch (_network.Type)
            {
                case ProblemType.BinaryClassification:
                    output[0] = 1 - result[0];
                    output[1] = result[0];
                    break;
                case ProblemType.MulticlassClassification:
                    for (var i = 0; i < output.Length; i++)
                    {
                        output[i] = result[i];
                    }

                    break;
                default:
                    output[0] = result[0] * _network.TargetScale + _network.TargetMean;
                    break;
            }
        }
    }
}
