using System.Numerics.Tensors;
using Ferry.Core.Data;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;

namespace Ferry.Core.Training.Mlp;

/// <summary>Trains an <see cref="MlpNetwork"/>: Glorot-uniform initialization, shuffled mini-batches, Adam
/// with L2 weight decay (alpha), and early stopping on a validation share of the training rows, keeping
/// the weights of the best validation loss. Everything random comes from the seed.</summary>
internal static class MlpTrainer
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;
    private const double ValidationShare = 0.1;

    /// <param name="features">The feature vector of each training row.</param>
    /// <param name="targets">Class index (classification) or value (regression) of each row.</param>
    /// <param name="type">The problem type.</param>
    /// <param name="classCount">Number of classes (classification).</param>
    /// <param name="parameters">hidden, layers, epochs, batch_size, learning_rate, alpha, patience.</param>
    /// <param name="seed">The seed of the initialization, the shuffles and the validation split.</param>
    /// <param name="classWeights">The weight of each class's rows in the training loss (<see cref="ClassWeights"/>), or null.</param>
    public static (MlpNetwork Network, IReadOnlyList<EpochTrace> Trace) Fit(
        float[][] features, double[] targets, ProblemType type, int classCount, IReadOnlyDictionary<string, double> parameters, int seed,
        double[]? classWeights)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, features.Length).ToArray();
        var classes = type.IsClassification() ? targets.Select(t => (int)t).ToArray() : null;
        var split = features.Length >= 20 ? Splitter.TrainTest(rows, ValidationShare, classes, seed) : new TrainTestSplit(rows, rows);
        var (mean, scale) = type == ProblemType.Regression ? Statistics.Scaling([.. split.Train.Select(r => targets[r])], ScaleKind.Standard) : (0, 1);
        var network = Initialize(features[0].Length, type, classCount, (int)parameters["hidden"], (int)parameters["layers"], random, mean, scale);
        var adam = new Adam(network, (float)parameters["learning_rate"], (float)parameters["alpha"]);
        var batch = (int)parameters["batch_size"];
        var patience = (int)parameters["patience"];
        var trace = new List<EpochTrace>();
        var best = (Loss: double.PositiveInfinity, Network: Copy(network));
        var (activations, sums) = network.Buffers();
        var deltas = network.Layers.Select(layer => new float[layer.Outputs]).ToArray();
        for (var epoch = 1; epoch <= (int)parameters["epochs"]; epoch++)
        {
            var order = (int[])split.Train.Clone();
            random.Shuffle(order);
            var trainLoss = 0.0;
            for (var start = 0; start < order.Length; start += batch)
            {
                adam.ZeroGradients();
                var end = Math.Min(start + batch, order.Length);
                for (var i = start; i < end; i++)
                {
                    var weight = classWeights is null ? 1f : (float)classWeights[(int)targets[order[i]]];
                    trainLoss += Backward(network, features[order[i]], Target(targets[order[i]], type, mean, scale), weight, activations, sums, deltas, adam);
                }

                adam.Step(end - start);
            }

            var (validationLoss, metric) = Validate(network, features, targets, split.Test, type, mean, scale, activations, sums);
            trace.Add(new EpochTrace(epoch, trainLoss / order.Length, validationLoss, metric));
            if (validationLoss < best.Loss - 1e-6)
            {
                best = (validationLoss, Copy(network));
            }
            else if (epoch - trace.MinBy(t => t.ValidationLoss)!.Epoch >= patience)
            {
                break;
            }
        }

        return (best.Network, trace);
    }

    private static MlpNetwork Initialize(int inputs, ProblemType type, int classCount, int hidden, int layers, Random random, double mean, double scale)
    {
        var sizes = new List<int> { inputs };
        sizes.AddRange(Enumerable.Repeat(hidden, layers));
        sizes.Add(type == ProblemType.MulticlassClassification ? classCount : 1);
        var built = new List<MlpLayer>();
        for (var l = 1; l < sizes.Count; l++)
        {
            var limit = Math.Sqrt(6.0 / (sizes[l - 1] + sizes[l]));
            var weights = new float[sizes[l - 1] * sizes[l]];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)((random.NextDouble() * 2 - 1) * limit);
            }

            built.Add(new MlpLayer(sizes[l - 1], sizes[l], weights, new float[sizes[l]]));
        }

        return new MlpNetwork(type, built, mean, scale);
    }

    /// <summary>What the output should be: the class index, the binary label, or the standardized value.</summary>
    private static double Target(double target, ProblemType type, double mean, double scale) =>
        type == ProblemType.Regression ? (target - mean) / scale : target;

    /// <summary>Forward and backward pass of one row; adds its gradients, times <paramref name="weight"/>, to
    /// <paramref name="adam"/> and returns its loss, times the weight.</summary>
    private static double Backward(MlpNetwork network, float[] x, double target, float weight, float[][] activations, float[][] sums, float[][] deltas, Adam adam)
    {
        x.CopyTo(activations[0], 0);
        network.Forward(activations, sums);
        var output = activations[^1];
        var last = deltas[^1];
        double loss;
        if (network.Type == ProblemType.MulticlassClassification)
        {
            output.CopyTo(last, 0);
            last[(int)target] -= 1;
            loss = -Math.Log(Math.Max(output[(int)target], 1e-12f));
        }
        else
        {
            last[0] = output[0] - (float)target;
            loss = network.Type == ProblemType.BinaryClassification
                ? -Math.Log(Math.Clamp(target == 1 ? output[0] : 1.0 - output[0], 1e-12, 1))
                : 0.5 * last[0] * last[0];
        }

        TensorPrimitives.Multiply(last, weight, last);
        loss *= weight;

        for (var l = network.Layers.Count - 1; l >= 0; l--)
        {
            var layer = network.Layers[l];
            var delta = deltas[l];
            for (var o = 0; o < layer.Outputs; o++)
            {
                TensorPrimitives.MultiplyAdd(activations[l], delta[o], adam.WeightGradients[l].AsSpan(o * layer.Inputs, layer.Inputs),
                    adam.WeightGradients[l].AsSpan(o * layer.Inputs, layer.Inputs));
            }

            TensorPrimitives.Add(adam.BiasGradients[l], delta, adam.BiasGradients[l]);
            if (l == 0)
            {
                break;
            }

            var previous = deltas[l - 1];
            Array.Clear(previous);
            for (var o = 0; o < layer.Outputs; o++)
            {
                TensorPrimitives.MultiplyAdd(layer.Weights.AsSpan(o * layer.Inputs, layer.Inputs), delta[o], previous, previous);
            }

            for (var i = 0; i < previous.Length; i++)
            {
                previous[i] = sums[l - 1][i] > 0 ? previous[i] : 0;
            }
        }

        return loss;
    }

    private static (double Loss, double Metric) Validate(MlpNetwork network, float[][] features, double[] targets, int[] rows,
        ProblemType type, double mean, double scale, float[][] activations, float[][] sums)
    {
        double loss = 0, metric = 0;
        foreach (var row in rows)
        {
            features[row].CopyTo(activations[0], 0);
            network.Forward(activations, sums);
            var output = activations[^1];
            switch (type)
            {
                case ProblemType.MulticlassClassification:
                    loss -= Math.Log(Math.Max(output[(int)targets[row]], 1e-12f));
                    metric += TensorPrimitives.IndexOfMax<float>(output) == (int)targets[row] ? 1 : 0;
                    break;
                case ProblemType.BinaryClassification:
                    var p = Math.Clamp((double)output[0], 1e-12, 1 - 1e-12);
                    loss -= targets[row] * Math.Log(p) + (1 - targets[row]) * Math.Log(1 - p);
                    metric += (p >= 0.5 ? 1 : 0) == (int)targets[row] ? 1 : 0;
                    break;
                default:
                    var error = output[0] - (targets[row] - mean) / scale;
                    loss += 0.5 * error * error;
                    metric += error * scale * error * scale;
                    break;
            }
        }

        return (loss / rows.Length, type == ProblemType.Regression ? Math.Sqrt(metric / rows.Length) : metric / rows.Length);
    }

    private static MlpNetwork Copy(MlpNetwork network) => network with
    {
        Layers = [.. network.Layers.Select(layer => layer with { Weights = (float[])layer.Weights.Clone(), Biases = (float[])layer.Biases.Clone() })],
    };

    /// <summary>Adam's moment estimates and the gradients summed over the current mini-batch.</summary>
    private sealed class Adam
    {
        private readonly MlpNetwork _network;
        private readonly float _learningRate;
        private readonly float _alpha;
        private readonly float[][] _weightMoments;
        private readonly float[][] _weightSquares;
        private readonly float[][] _biasMoments;
        private readonly float[][] _biasSquares;
        private int _step;

        public Adam(MlpNetwork network, float learningRate, float alpha)
        {
            _network = network;
            _learningRate = learningRate;
            _alpha = alpha;
            WeightGradients = [.. network.Layers.Select(l => new float[l.Weights.Length])];
            BiasGradients = [.. network.Layers.Select(l => new float[l.Biases.Length])];
            _weightMoments = [.. network.Layers.Select(l => new float[l.Weights.Length])];
            _weightSquares = [.. network.Layers.Select(l => new float[l.Weights.Length])];
            _biasMoments = [.. network.Layers.Select(l => new float[l.Biases.Length])];
            _biasSquares = [.. network.Layers.Select(l => new float[l.Biases.Length])];
        }

        public float[][] WeightGradients { get; }

        public float[][] BiasGradients { get; }

        public void ZeroGradients()
        {
            foreach (var gradient in WeightGradients.Concat(BiasGradients))
            {
                Array.Clear(gradient);
            }
        }

        /// <summary>One Adam step with the mean gradient of <paramref name="count"/> rows plus the L2 term (as scikit-learn's MLP).</summary>
        public void Step(int count)
        {
            _step++;
            var correction1 = 1 - MathF.Pow(Beta1, _step);
            var correction2 = 1 - MathF.Pow(Beta2, _step);
            for (var l = 0; l < _network.Layers.Count; l++)
            {
                var layer = _network.Layers[l];
                for (var i = 0; i < layer.Weights.Length; i++)
                {
                    var gradient = WeightGradients[l][i] / count + _alpha * layer.Weights[i] / count;
                    layer.Weights[i] -= Update(ref _weightMoments[l][i], ref _weightSquares[l][i], gradient, correction1, correction2);
                }

                for (var i = 0; i < layer.Biases.Length; i++)
                {
                    layer.Biases[i] -= Update(ref _biasMoments[l][i], ref _biasSquares[l][i], BiasGradients[l][i] / count, correction1, correction2);
                }
            }
        }

        private float Update(ref float moment, ref float square, float gradient, float correction1, float correction2)
        {
            moment = Beta1 * moment + (1 - Beta1) * gradient;
            square = Beta2 * square + (1 - Beta2) * gradient * gradient;
            return _learningRate * (moment / correction1) / (MathF.Sqrt(square / correction2) + Epsilon);
        }
    }
}
