using System.Diagnostics;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Fits every setting on every fold's fit rows and scores the fold's validation rows, the fits spread over every
/// core. Each fold is featurized once, by its first fit, and shared by every setting and family fitted on it: the
/// featurizer fitted on the fold's fit rows only, their vectors, and the validation rows' vectors (kept under the same
/// <see cref="FoldFeatures.MaterializedSlots"/> rule). Settings of a forest or booster that differ only in `trees` are one
/// fit of the most trees per fold, the others answered by its first trees (<see cref="TreePrefixes"/>), exactly as their own
/// fits would. A fit refused with a user error (a candidate that cannot fit these rows) is reported as itself.</summary>
internal static class CrossValidation
{
    /// <param name="data">The prepared data.</param>
    /// <param name="folds">The folds: rows to fit on, rows to validate on. Each entry is featurized on its own fit rows, so
    /// a search may pass a fold with a subset of its fit rows.</param>
    /// <param name="settings">The candidates and parameters to fit.</param>
    /// <param name="seed">The seed of every fit.</param>
    /// <param name="fitDone">Called after each fit, from the thread that made it.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>Per setting and fold, the validation rows' scores and the fit's seconds (featurizing the fold not counted;
    /// for a setting answered by the first trees of a larger fit, that fit's seconds in proportion to the trees).</returns>
    public static FoldAnswers[] Run(TrainingData data, IReadOnlyList<(int[] Fit, int[] Validate)> folds, IReadOnlyList<CandidateSetting> settings,
        int seed, Action? fitDone, CancellationToken cancellationToken)
    {
        var answers = settings.Select(_ => new FoldAnswers(new double[folds.Count][][], new double[folds.Count])).ToArray();
        var shared = folds.Select(fold => new Lazy<SharedFold>(() => SharedFold.Build(data, fold.Fit, fold.Validate))).ToArray();
        var groups = Groups(data.Type, settings);
        ParallelFits.For(groups.Count * folds.Count, cancellationToken, task =>
        {
            var (group, f) = (groups[task / folds.Count], task % folds.Count);
            var fold = shared[f].Value;
            var clock = Stopwatch.StartNew();
            var model = ModelTrainer.Fit(fold.Features, settings[group.Fitted], seed, singleThreaded: true);
            answers[group.Fitted].Seconds[f] = clock.Elapsed.TotalSeconds;
            answers[group.Fitted].Scores[f] = fold.Score(model);
            fitDone?.Invoke();
            var prefixes = group.Prefixed.Length > 0 ? TreePrefixes.Of(model, Trees(settings[group.Fitted])) : null;
            foreach (var s in group.Prefixed)
            {
                if (prefixes is null)
                {
                    clock.Restart();
                    var alone = ModelTrainer.Fit(fold.Features, settings[s], seed, singleThreaded: true);
                    answers[s].Seconds[f] = clock.Elapsed.TotalSeconds;
                    answers[s].Scores[f] = fold.Score(alone);
                }
                else
                {
                    var trees = Math.Min(Trees(settings[s]), prefixes.Count);
                    answers[s].Seconds[f] = answers[group.Fitted].Seconds[f] * trees / prefixes.Count;
                    answers[s].Scores[f] = fold.Score(prefixes, trees, seed);
                }

                fitDone?.Invoke();
            }
        });

        return answers;
    }

    /// <summary>The settings as fits to make: settings that differ only in `trees` and share their trees
    /// (<see cref="TreePrefixes.Share"/>) are one fit of the most trees, the others answered by its first trees; every
    /// other setting is a fit of its own. Settings keep their order within a group, the groups their first setting's.</summary>
    private static List<(int Fitted, int[] Prefixed)> Groups(ProblemType type, IReadOnlyList<CandidateSetting> settings)
    {
        var groups = new List<List<int>>();
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var s = 0; s < settings.Count; s++)
        {
            var setting = settings[s];
            if (!TreePrefixes.Share(setting.Name, type, setting.Parameters))
            {
                groups.Add([s]);
                continue;
            }

            var key = setting.Name + ":" + string.Join(",", setting.Parameters.Where(p => p.Key != "trees").OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key}={p.Value:R}"));
            if (!byKey.TryGetValue(key, out var group))
            {
                byKey[key] = group = [];
                groups.Add(group);
            }

            group.Add(s);
        }

        return [.. groups.Select(group =>
        {
            var fitted = group.Count == 1 ? group[0] : group.MaxBy(s => Trees(settings[s]));
            return (fitted, group.Where(s => s != fitted).ToArray());
        })];
    }

    private static int Trees(CandidateSetting setting) => (int)setting.Parameters["trees"];

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

        /// <summary>The validation rows' answers of the first <paramref name="trees"/> trees of a fit on this fold.</summary>
        public double[][] Score(TreePrefixes prefixes, int trees, int seed) =>
            prefixes.Answer(trees, Features, Vectors ?? [.. Validate.Select(Features.Transform)], seed);
    }
}
