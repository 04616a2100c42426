namespace Ferry.Core.Spec;

/// <summary>The model families Ferry can train, per problem type.</summary>
internal static class CandidateNames
{
    public const string Logistic = "logistic";
    public const string Linear = "linear";
    public const string Tree = "tree";
    public const string Forest = "forest";
    public const string Boosted = "boosted";
    public const string Mlp = "mlp";

    public static IReadOnlyList<string> For(ProblemType type) => type.IsClassification()
        ? [Logistic, Tree, Forest, Boosted, Mlp]
        : [Linear, Tree, Forest, Boosted, Mlp];

    /// <summary>What `ferry train` tries when the spec names no candidates: a simple baseline and a forest.</summary>
    public static IReadOnlyList<string> DefaultFor(ProblemType type) => type.IsClassification()
        ? [Logistic, Forest]
        : [Linear, Forest];

    /// <summary>The hyperparameters of a candidate, with their defaults and ranges.</summary>
    public static IReadOnlyList<HyperParameter> Parameters(string candidate) => candidate switch
    {
        Logistic =>
        [
            new("l2", false, 1, 0, double.MaxValue, "L2 regularization weight (larger is simpler; about 1/C in scikit-learn)"),
            new("l1", false, 1, 0, double.MaxValue, "L1 regularization weight"),
            new("max_iter", true, 1000, 1, int.MaxValue, "the most L-BFGS iterations"),
        ],
        Linear =>
        [
            new("l2", false, 0.01, 0, double.MaxValue, "L2 regularization weight"),
            new("l1", false, 0, 0, double.MaxValue, "L1 regularization weight"),
            new("max_iter", true, 100, 1, int.MaxValue, "the most passes over the data"),
        ],
        Tree =>
        [
            new("max_leaves", true, 64, 2, 65536, "the most leaves of the tree (max_leaf_nodes)"),
            new("max_depth", true, 0, 0, 1000, "the deepest a leaf may be below the root (0: no limit)"),
            new("min_samples_leaf", true, 2, 1, int.MaxValue, "the fewest training rows in a leaf"),
        ],
        Forest =>
        [
            new("trees", true, 100, 1, 10000, "number of trees (n_estimators)"),
            new("max_leaves", true, 64, 2, 65536, "the most leaves of each tree (max_leaf_nodes)"),
            new("min_samples_leaf", true, 2, 1, int.MaxValue, "the fewest training rows in a leaf"),
            new("max_features", false, 0.7, 0.01, 1, "share of the features each tree may split on"),
        ],
        Boosted =>
        [
            new("trees", true, 100, 1, 10000, "boosting rounds (n_estimators)"),
            new("learning_rate", false, 0.1, 1e-6, 1, "shrinkage of each tree"),
            new("max_leaves", true, 31, 2, 65536, "the most leaves of each tree (num_leaves)"),
            new("min_samples_leaf", true, 20, 1, int.MaxValue, "the fewest training rows in a leaf"),
            new("l2", false, 0, 0, double.MaxValue, "L2 regularization of leaf values (reg_lambda)"),
        ],
        Mlp =>
        [
            new("hidden", true, 64, 1, 4096, "units in each hidden layer (hidden_layer_sizes)"),
            new("layers", true, 1, 1, 8, "number of hidden ReLU layers"),
            new("epochs", true, 200, 1, 100000, "the most passes over the training rows (max_iter)"),
            new("batch_size", true, 32, 1, 65536, "rows per Adam step"),
            new("learning_rate", false, 0.001, 1e-7, 1, "Adam's step size (learning_rate_init)"),
            new("alpha", false, 0.0001, 0, double.MaxValue, "L2 weight decay"),
            new("patience", true, 10, 1, 100000, "epochs without a better validation loss before stopping (n_iter_no_change)"),
        ],
        _ => [],
    };
}
