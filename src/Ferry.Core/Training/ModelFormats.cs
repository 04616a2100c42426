using Ferry.Core.Training.Cart;
using Ferry.Core.Training.Mlp;

namespace Ferry.Core.Training;

/// <summary>The model formats the training stage writes; a bundle looks its model's format up here by name instead of
/// knowing each model family.</summary>
internal static class ModelFormats
{
    public static IReadOnlyList<ModelFormat> All { get; } = [MlNetModel.Stored, MlpNetwork.Stored, CartTree.Stored, EnsembleModel.Stored];

    /// <exception cref="InvalidDataException">No format has that name.</exception>
    public static ModelFormat Named(string name) => All.FirstOrDefault(format => format.Name == name)
        ?? throw new InvalidDataException($"model format '{name}' is not one this Ferry reads ({string.Join(", ", All.Select(format => format.Name))})");
}
