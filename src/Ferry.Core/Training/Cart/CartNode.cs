namespace Ferry.Core.Training.Cart;

/// <summary>One node of a <see cref="CartTree"/>. A split node sends a row whose feature <see cref="Feature"/> is at most
/// <see cref="Threshold"/> to <see cref="Left"/>, any other to <see cref="Right"/>; a leaf has <see cref="Feature"/> -1.</summary>
/// <param name="Feature">The slot of the feature vector the node splits on, or -1 for a leaf.</param>
/// <param name="Threshold">The split value (halfway between two neighbouring training values).</param>
/// <param name="Left">The index of the node for rows at or below the threshold.</param>
/// <param name="Right">The index of the node for rows above it.</param>
/// <param name="Value">The node's training rows summarized: the share of each class, or the mean value.</param>
internal sealed record CartNode(int Feature, double Threshold, int Left, int Right, double[] Value)
{
    public bool IsLeaf => Feature < 0;
}
