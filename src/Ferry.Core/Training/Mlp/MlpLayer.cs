namespace Ferry.Core.Training.Mlp;

/// <summary>A dense layer: <see cref="Weights"/> is row-major, one row of <see cref="Inputs"/> weights per output.</summary>
internal sealed record MlpLayer(int Inputs, int Outputs, float[] Weights, float[] Biases);
