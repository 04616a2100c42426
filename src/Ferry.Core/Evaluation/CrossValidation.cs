using System.Diagnostics;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Fits every setting on every fold's fit rows and scores the fold's validation rows, the fits spread over every
/// core. Each fold is featurized once, by its first fit, and shared by every setting and family fitted on it: the
/// featurizer fitted on the fold's fit rows only, their vectors, and the validation rows' vectors (kept under the same
/// <see cref="FoldFeatures.MaterializedSlots"/> rule). A fit refused with a user error (a candidate that cannot fit these
/// rows) is reported as itself.</summary>
internal static class CrossValidation
{
    /// <param name="data">The prepared data.</param>
    /// <param name="folds">The folds: rows to fit on, rows to validate on. Each entry is featurized on its own fit rows, so
    /// a search may pass a fold with a subset of its fit rows.</param>
    /// <param name="settings">The candidates and parameters to fit.</param>
    /// <param name="seed">The seed of every fit.</param>
    /// <param name="fitDone">Called after each fit, from the thread that made it.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>Per setting and fold, the validation rows' scores and the fit's seconds (featurizing the fold not counted).</returns>
    public static FoldAnswers[] Run(TrainingData data, IReadOnlyList<(int[] Fit, int[] Validate)> folds, IReadOnlyList<CandidateSetting> settings,
        int seed, Action? fitDone, CancellationToken cancellationToken)
    {
        var answers = settings.Select(_ => new FoldAnswers(new double[folds.Count][][], new double[folds.Count])).ToArray();
        var shared = folds.Select(fold => new Lazy<SharedFold>(() => SharedFold.Build(data, fold.Fit, fold.Validate))).ToArray();
        ParallelFits.For(settings.Count * folds.Count, cancellationToken, task =>
        {
            var (s, f) = (task / folds.Count, task % folds.Count);
            var fold = shared[f].Value;
            var clock = Stopwatch.StartNew();
            var model = ModelTrainer.Fit(fold.Features, settings[s], seed, singleThreaded: true);
            answers[s].Seconds[f] = clock.Elapsed.TotalSeconds;
            answers[s].Scores[f] = fold.Score(model);
            fitDone?.Invoke();
        });

        return answers;
    }

    /// <summary>A fold featurized for all its fits: the fit rows' features and the validation rows' vectors, or null when
    /// they are too many to keep and every scoring rebuilds them.</summary>
    private sealed record SharedFold(FoldFeatures Features, int[] Validate, float[][]? Vectors)
    {
        public static SharedFold Build(TrainingData data, int[] fit, int[] validate)
        {
            var features = FoldFeatures.Build(data, fit);
            var kept = (long)validate.Length * features.Featurizer.SlotCount <= FoldFeatures.MaterializedSlots;
            return new SharedFold(features, validate, kept ? [.. validate.Select(features.Transform)] : null);
        }

        public double[][] Score(TrainedModel model) =>
            Vectors is { } vectors ? ModelTrainer.Score(model, vectors) : ModelTrainer.Score(model, Features.Data, Validate);
    }
}
