namespace Ferry.Core.Training;

/// <summary>How the default search fits boosted trees: up to <see cref="MaxTrees"/> rounds, stopped when
/// <see cref="Rounds"/> rounds did not improve the score on a held-out <see cref="ValidationShare"/> of the fit rows
/// (scikit-learn's HistGradientBoosting: max_iter, n_iter_no_change 10, validation_fraction 0.1). The refit uses the
/// same rule, so the tree count is chosen on the rows it is fitted on. As scikit-learn's early_stopping='auto', only from
/// <see cref="MinRows"/> fit rows: on fewer, a tenth of them is too few to judge a round by, and the search draws the tree
/// count instead.</summary>
internal static class BoostedEarlyStopping
{
    public const int MinRows = 10_000;

    public const int MaxTrees = 1000;
    public const int Rounds = 20;
    public const float ValidationShare = 0.1f;
}
