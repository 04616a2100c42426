using Ferry.Core.Data;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Cross-validates every candidate and parameter set on the training rows, fits spread over every
/// core, and ranks them by the scoring metric. The featurizer is refitted inside each fold, so no fold
/// ever sees its validation rows' statistics. Every validation row's answer is kept, out of fold, for what is fitted on
/// them (the decision threshold). A single setting has nothing to be chosen against and is not cross-validated, unless
/// its threshold is to be tuned on those answers. Kind halving (the default without `train.candidates`) searches within the
/// budget (<see cref="HalvingSearch"/>); without named candidates the default families are narrowed to the data
/// (<see cref="CandidateNames.Suiting"/>).</summary>
internal static class ModelSelection
{
    private const int DefaultFolds = 5;
    private const int LargeTrainingRows = 50_000;
    private const int MaxLeaveOneOutRows = 2_000;

    /// <param name="data">The prepared data.</param>
    /// <param name="trainRows">The training part.</param>
    /// <param name="spec">The problem statement.</param>
    /// <param name="progress">Receives the fits done (and the halving search's plan, once).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="clock">The run's clock, against which the halving search's budget runs; null: it starts now.</param>
    public static Ranking Rank(
        TrainingData data, int[] trainRows, ProblemSpec spec, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, SearchClock? clock = null)
    {
        var metric = spec.Scoring;
        var families = spec.CandidatesNamed ? spec.Candidates : CandidateNames.Suiting(spec.Type, trainRows.Length, NumericShare(data));
        if (spec.Search.Kind == SearchSpec.Halving)
        {
            var searchFolds = Folds(data, trainRows, spec);
            var found = HalvingSearch.Run(data, trainRows.Length, searchFolds, families, spec, clock ?? SearchClock.Start(TimeProvider.System), progress, cancellationToken);
            return Ranked(data, searchFolds, found, spec);
        }

        var settings = families
            .SelectMany(candidate => SearchSpace.Sets(candidate, spec.Search, spec.Split.Seed).Select(set => new CandidateSetting(candidate, set)))
            .ToArray();
        if (settings.Length == 1 && !ThresholdTuning.Applies(spec.Type, spec.SuccessMetric))
        {
            return new Ranking([new LeaderboardEntry(settings[0].Name, settings[0].Parameters, metric, double.NaN, double.NaN, 0, 0)], []);
        }

        var folds = Folds(data, trainRows, spec);
        var done = 0;
        var total = settings.Length * folds.Count;
        progress?.Report(new TrainingProgress("cross-validating", 0, total));
        var answers = CrossValidation.Run(data, folds, settings, spec.Split.Seed,
            () => progress?.Report(new TrainingProgress("cross-validating", Interlocked.Increment(ref done), total)), cancellationToken);

        return Ranked(data, folds, [.. settings.Select((setting, s) => (setting, answers[s]))], spec);
    }

    /// <summary>The leaderboard of cross-validated settings, best first, with their out-of-fold answers.</summary>
    private static Ranking Ranked(TrainingData data, IReadOnlyList<(int[] Fit, int[] Validate)> folds,
        IReadOnlyList<(CandidateSetting Setting, FoldAnswers Answers)> results, ProblemSpec spec)
    {
        var metric = spec.Scoring;
        int[] validated = [.. folds.SelectMany(fold => fold.Validate)];
        int[] answeredBy = [.. folds.SelectMany((fold, f) => fold.Validate.Select(_ => f))];
        var entries = results.Select(result =>
        {
            var (setting, answers) = result;
            var (mean, std) = Summarize(data, folds, answers.Scores, metric, spec.Search.LeaveOneOut);
            var entry = new LeaderboardEntry(setting.Name, setting.Parameters, metric, mean, std, folds.Count, answers.Seconds.Average());
            return (Entry: entry, OutOfFold: new OutOfFold(setting, validated, [.. answers.Scores.SelectMany(fold => fold)], answeredBy));
        });
        var ranked = entries.OrderBy(e => MetricNames.BestFirst(metric, e.Entry.Mean)).ToArray();
        return new Ranking([.. ranked.Select(e => e.Entry)], [.. ranked.Select(e => e.OutOfFold)]) { Folds = folds, Pooled = spec.Search.LeaveOneOut };
    }

    /// <summary>Mean and standard deviation over folds; leave-one-out pools every held-out prediction into one score. The
    /// one way a cross-validated score is computed (an ensemble of settings is scored by it too).</summary>
    public static (double Mean, double Std) Summarize(TrainingData data, IReadOnlyList<(int[] Fit, int[] Validate)> folds, double[][][] scores, string metric, bool pooled)
    {
        if (pooled)
        {
            return (ModelEvaluator.Metric(metric, data, [.. folds.SelectMany(f => f.Validate)], [.. scores.SelectMany(s => s)], Decision.DefaultThreshold), double.NaN);
        }

        var values = folds.Select((fold, f) => ModelEvaluator.Metric(metric, data, fold.Validate, scores[f], Decision.DefaultThreshold)).ToArray();
        var mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length));
    }

    /// <summary>Share of the input columns that are numbers rather than categories (1 without input columns).</summary>
    private static double NumericShare(TrainingData data) => data.FeatureColumns.Length == 0
        ? 1
        : data.FeatureColumns.Count(c => data.Table.Columns[c].Kind != ColumnKind.Category) / (double)data.FeatureColumns.Length;

    /// <summary>k-fold (stratified for classification), leave-one-out, expanding windows for a time split; and above
    /// <see cref="LargeTrainingRows"/> without an explicit cv, one validation split of the training part (as ML.NET's
    /// AutoML does), so a large file is fitted once per candidate instead of five times.</summary>
    private static IReadOnlyList<(int[] Fit, int[] Validate)> Folds(TrainingData data, int[] trainRows, ProblemSpec spec)
    {
        var search = spec.Search;
        var classes = data.Type.IsClassification() ? data.Target.ClassIndex : null;
        if (search.LeaveOneOut)
        {
            return trainRows.Length <= MaxLeaveOneOutRows
                ? [.. trainRows.Select((row, i) => (trainRows.Where((_, j) => j != i).ToArray(), new[] { row }))]
                : throw new FerryException($"train.search.cv is loo but the training part has {trainRows.Length} rows (loo fits one model per row; it is for at most {MaxLeaveOneOutRows}); use k folds");
        }

        var large = trainRows.Length > LargeTrainingRows && search.Folds is null;
        if (spec.Split.By is { } by)
        {
            var time = Array.ConvertAll(data.Table.Numbers(data.Table.IndexOf(by)), v => (double)v);
            if (!large)
            {
                return Splitter.TimeFolds(trainRows, time, Math.Min(search.Folds ?? DefaultFolds, trainRows.Length / 2));
            }

            var latest = Splitter.ByTime(trainRows, time, 0.2);
            return [(latest.Train, latest.Test)];
        }

        if (large)
        {
            var holdout = Splitter.TrainTest(trainRows, 0.2, classes, spec.Split.Seed);
            return [(holdout.Train, holdout.Test)];
        }

        return Splitter.KFold(trainRows, FoldCount(data, trainRows, classes, search.Folds), classes, spec.Split.Seed);
    }

    private static int FoldCount(TrainingData data, int[] rows, IReadOnlyList<int>? classes, int? asked)
    {
        if (classes is null)
        {
            return asked is { } k && k > rows.Length
                ? throw new FerryException($"train.search.cv is {k} but the training part has only {rows.Length} rows")
                : asked ?? Math.Min(DefaultFolds, rows.Length);
        }

        var smallest = rows.GroupBy(row => classes[row]).MinBy(group => group.Count())!;
        if (asked is { } folds && folds > smallest.Count())
        {
            throw new FerryException($"train.search.cv is {folds} but class '{data.Target.Classes[smallest.Key]}' has only {smallest.Count()} rows in the training part; use a cv of at most {smallest.Count()} (or loo)");
        }

        return asked ?? Math.Clamp(smallest.Count(), 2, DefaultFolds);
    }
}
