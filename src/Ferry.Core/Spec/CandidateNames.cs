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

    /// <summary>The most training rows the default search tries mlp on: past it an epoch of Ferry's own network costs more
    /// than boosting's whole fit, and boosted trees match it on tables (Grinsztajn et al. 2022).</summary>
    public const int MlpMaxRows = 20_000;

    /// <summary>The least share of numeric inputs the default search tries mlp with: one-hot categories give a network
    /// sparse, unscaled-by-meaning inputs where trees do better, so a mostly categorical table skips it.</summary>
    public const double MlpMinNumericShare = 0.5;

    /// <summary>What `ferry train` tries when the spec names no candidates: every family that can win on a table, a
    /// linear baseline, a forest, boosted trees and a network (<see cref="Suiting"/> narrows it to the data). A single
    /// tree is never better than the forest or boosting over it, so it is tried only when named.</summary>
    public static IReadOnlyList<string> DefaultFor(ProblemType type) => type.IsClassification()
        ? [Logistic, Forest, Boosted, Mlp]
        : [Linear, Forest, Boosted, Mlp];

    /// <summary>The default families that suit the training part: mlp only on numeric-heavy data of at most
    /// <see cref="MlpMaxRows"/> rows.</summary>
    /// <param name="type">The problem type.</param>
    /// <param name="trainRows">Rows of the training part.</param>
    /// <param name="numericShare">Share of the input columns that are numbers (not categories).</param>
    public static IReadOnlyList<string> Suiting(ProblemType type, int trainRows, double numericShare) =>
        [.. DefaultFor(type).Where(name => name != Mlp || (trainRows <= MlpMaxRows && numericShare >= MlpMinNumericShare))];

    /// <summary>The hyperparameters of a candidate, with their defaults and ranges.</summary>
    public static IReadOnlyList<HyperParameter> Parameters(string candidate) => candidate switch
    {
        Logistic =>
        [
            new("l2", false, 1, 0, double.MaxValue, "L2 regularization weight (larger is simpler; about 1/C in scikit-learn)", new(1e-4, 10, Log: true)),
            new("l1", false, 1, 0, double.MaxValue, "L1 regularization weight", new(1e-4, 3, Log: true)),
            new("max_iter", true, 1000, 1, int.MaxValue, "the most L-BFGS iterations"),
        ],
        Linear =>
        [
            new("l2", false, 0.01, 0, double.MaxValue, "L2 regularization weight", new(1e-5, 1, Log: true)),
            new("l1", false, 0, 0, double.MaxValue, "L1 regularization weight", new(1e-6, 0.1, Log: true)),
            new("max_iter", true, 100, 1, int.MaxValue, "the most passes over the data"),
        ],
        Tree =>
        [
            new("max_leaves", true, 64, 2, 65536, "the most leaves of the tree (max_leaf_nodes)", new(8, 1024, Log: true)),
            new("max_depth", true, 0, 0, 1000, "the deepest a leaf may be below the root (0: no limit)"),
            new("min_samples_leaf", true, 2, 1, int.MaxValue, "the fewest training rows in a leaf", new(1, 50, Log: true)),
        ],
        Forest =>
        [
            new("trees", true, 100, 1, 10000, "number of trees (n_estimators)"),
            new("max_leaves", true, 64, 2, 65536, "the most leaves of each tree (max_leaf_nodes)", new(32, 4096, Log: true)),
            new("min_samples_leaf", true, 2, 1, int.MaxValue, "the fewest training rows in a leaf", new(1, 10, Log: true)),
            new("max_features", false, 0.7, 0.01, 1, "share of the features each tree may split on", new(0.2, 1, Log: false)),
        ],
        Boosted =>
        [
            new("trees", true, 100, 1, 10000, "boosting rounds (n_estimators)", new(50, 500, Log: true)),
            new("learning_rate", false, 0.1, 1e-6, 1, "shrinkage of each tree", new(0.01, 0.3, Log: true)),
            new("max_leaves", true, 31, 2, 65536, "the most leaves of each tree (num_leaves)", new(4, 128, Log: true)),
            new("min_samples_leaf", true, 20, 1, int.MaxValue, "the fewest training rows in a leaf", new(2, 60, Log: true)),
            new("l2", false, 0, 0, double.MaxValue, "L2 regularization of leaf values (reg_lambda)", new(1e-3, 10, Log: true)),
            new("early_stopping", true, 0, 0, 10000, "rounds without a better score on an inner 10% validation split of the fit rows (stratified by class) before boosting stops (0: always `trees` rounds)"),
        ],
        Mlp =>
        [
            new("hidden", true, 64, 1, 4096, "units in each hidden layer (hidden_layer_sizes)", new(16, 256, Log: true)),
            new("layers", true, 1, 1, 8, "number of hidden ReLU layers", new(1, 2, Log: false)),
            new("epochs", true, 200, 1, 100000, "the most passes over the training rows (max_iter)"),
            new("batch_size", true, 32, 1, 65536, "rows per Adam step", new(16, 128, Log: true)),
            new("learning_rate", false, 0.001, 1e-7, 1, "Adam's step size (learning_rate_init)", new(1e-4, 1e-2, Log: true)),
            new("alpha", false, 0.0001, 0, double.MaxValue, "L2 weight decay", new(1e-6, 0.1, Log: true)),
            new("patience", true, 10, 1, 100000, "epochs without a better validation loss before stopping (n_iter_no_change)"),
        ],
        _ => [],
    };
}
