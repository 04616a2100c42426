namespace Ferry.Core.Training.Cart;

/// <summary>The best split of a node's rows.</summary>
/// <param name="Feature">The feature slot to split on.</param>
/// <param name="Threshold">Rows at or below it go left.</param>
/// <param name="LeftCount">How many of the node's rows go left.</param>
/// <param name="Improvement">How much the split lowers the node's impurity times its row count (Gini or squared
/// error): scikit-learn's impurity improvement, up to the total row count, which orders nodes the same way.</param>
internal readonly record struct CartSplit(int Feature, double Threshold, int LeftCount, double Improvement);
