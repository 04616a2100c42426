using Ferry.Core.Preparation;

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

    /// <summary>Which of <paramref name="count"/> fit rows, by position, boosting stops on: a seeded
    /// <see cref="ValidationShare"/> of them, stratified by class for a classifier, as scikit-learn's HistGradientBoosting
    /// stratifies its validation split. A random draw (ML.NET's TrainTestSplit) can leave a rare class with a handful of
    /// validation rows, or none, and the rounds would then be judged on the common classes alone.</summary>
    /// <param name="classes">The class index of each fit row, by position; null for regression (a plain seeded draw).</param>
    /// <param name="count">The number of fit rows.</param>
    /// <param name="seed">The seed: the same rows and seed give the same split.</param>
    /// <returns>True at the positions of the validation rows.</returns>
    public static bool[] Validation(IReadOnlyList<int>? classes, int count, int seed)
    {
        var split = Splitter.TrainTest([.. Enumerable.Range(0, count)], ValidationShare, classes, seed);
        var validation = new bool[count];
        foreach (var position in split.Test)
        {
            validation[position] = true;
        }

        return validation;
    }
}
