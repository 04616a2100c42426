using System.Globalization;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>The default search (train.search.kind halving), as scikit-learn's HalvingRandomSearchCV within a time budget.
/// First every family's default setting is cross-validated on full rows, so the result is never worse than the defaults
/// and a tiny budget still gives a model. Then n_iter settings per family, drawn with the seed from the parameters' search
/// ranges, go through successive halving: rung 0 fits them on a stratified share of each fold's fit rows (validated on
/// the fold's full validation rows), the best 1/<see cref="Eta"/> of each family go on to three times the rows, and the
/// last rung fits on full rows. A training part under <see cref="FullRowsBelow"/> rows is too small for a fair rung 0:
/// n_iter/eta settings per family (as many as two rungs would bring to full rows) are then drawn and cross-validated on
/// full rows; more would only fit the folds' noise on so few rows, at a fixed cost per fit. Only full-row settings reach the leaderboard, with their
/// out-of-fold answers. The settings run in batches sized to the time left (estimated from each family's measured fold
/// seconds), so the search stops early enough for the refit and the report, each rung within an equal part of the time
/// left; a batch the deadline overtakes is dropped whole, never half-scored. A drawn setting that cannot fit these rows (a user error) is left out; so is a family whose
/// default cannot, unless every family fails, when the first error is the run's.</summary>
internal sealed class HalvingSearch
{
    private const int Eta = 3;
    private const int MaxRungs = 3;

    /// <summary>The fewest fit rows a fold has in the smallest rung.</summary>
    private const int MinRungRows = 500;

    public const int FullRowsBelow = 1_500;

    private readonly TrainingData _data;
    private readonly IReadOnlyList<(int[] Fit, int[] Validate)> _folds;
    private readonly ProblemSpec _spec;
    private readonly SearchClock _clock;
    private readonly TimeSpan _budget;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, List<double>> _secondsPerFold = [];
    private readonly List<(CandidateSetting Setting, FoldAnswers Answers)> _full = [];
    private FerryException? _firstError;
    private double _best = double.NaN;
    private int _fitsDone;
    private int _fitsPlanned;
    private int _scored;

    private HalvingSearch(TrainingData data, IReadOnlyList<(int[] Fit, int[] Validate)> folds, ProblemSpec spec, SearchClock clock, TimeSpan budget,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        (_data, _folds, _spec, _clock, _budget, _progress, _cancellationToken) = (data, folds, spec, clock, budget, progress, cancellationToken);
    }

    /// <summary>Runs the search over <paramref name="families"/>; returns every full-row setting with its fold answers,
    /// defaults first.</summary>
    public static IReadOnlyList<(CandidateSetting Setting, FoldAnswers Answers)> Run(TrainingData data, int trainRows,
        IReadOnlyList<(int[] Fit, int[] Validate)> folds, IReadOnlyList<string> families, ProblemSpec spec, SearchClock clock,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var search = new HalvingSearch(data, folds, spec, clock, SearchBudget.For(spec, trainRows), progress, cancellationToken);
        search.Search(families, trainRows);
        return search._full;
    }

    private void Search(IReadOnlyList<string> families, int trainRows)
    {
        var seed = _spec.Split.Seed;
        var fitRows = _folds.Min(fold => fold.Fit.Length);
        var rungs = trainRows < FullRowsBelow || fitRows < MinRungRows * Eta
            ? 1
            : Math.Min(MaxRungs, 1 + (int)Math.Floor(Math.Log((double)fitRows / MinRungRows, Eta)));
        var count = rungs == 1 ? (int)Math.Ceiling(_spec.Search.Iterations / (double)Eta) : _spec.Search.Iterations;
        var draws = families.Select((family, i) => SearchSpace.Draws(family, _spec.Search, seed + i + 1, count, fitRows >= BoostedEarlyStopping.MinRows)
            .Select(parameters => new CandidateSetting(family, parameters)).ToList()).ToList();
        var source = _spec.Budget is null ? $"train.budget; default for {trainRows.ToString("N0", CultureInfo.InvariantCulture)} training rows" : "train.budget";
        _progress?.Report(new TrainingProgress($"searching {string.Join(", ", families)} within {Seconds(_budget)} ({source}; "
            + $"{count} drawn settings per family, {(rungs == 1 ? "on full rows" : $"halved over {rungs} rungs")})", 0, 0, IsNote: true));
        _fitsPlanned = (families.Count + Enumerable.Range(0, rungs).Sum(r => draws.Sum(d => (int)Math.Ceiling(d.Count / Math.Pow(Eta, r))))) * _folds.Count;

        var defaults = families.Select(family => new CandidateSetting(family, SearchSpace.Defaults(family))).ToList();
        var scored = Evaluate(defaults, _folds, share: 1, deadline: null);
        if (scored.Count == 0)
        {
            throw _firstError!;
        }

        _full.AddRange(scored);
        var alive = draws.Select((settings, i) => (Settings: settings, Default: scored.FirstOrDefault(s => s.Setting.Name == families[i])))
            .Where(family => family.Default.Answers is not null)
            .OrderBy(family => MetricNames.BestFirst(_spec.Scoring, Mean(family.Default.Answers)))
            .Select(family => family.Settings)
            .ToList();
        var deadline = _budget - Reserve(trainRows, fitRows);
        for (var rung = 0; rung < rungs && alive.Sum(a => a.Count) > 0; rung++)
        {
            var share = Math.Pow(Eta, rung - (rungs - 1));
            var rungFolds = share < 1 ? Subsample(share, seed + rung) : _folds;
            var results = Evaluate(Interleave(alive), rungFolds, share, RungDeadline(deadline, rungs - rung));
            if (rung == rungs - 1)
            {
                _full.AddRange(results);
                break;
            }

            alive = [.. alive.Select(family => Promote(family, results))];
        }
    }

    /// <summary>This rung's share of the time left before <paramref name="deadline"/>: an equal part for each of the
    /// <paramref name="rungsLeft"/> rungs (each rung of successive halving costs about the same: a third of the settings on
    /// three times the rows), so a budget that binds still brings settings to full rows; time a rung leaves unused goes to
    /// the rungs after it.</summary>
    private TimeSpan RungDeadline(TimeSpan deadline, int rungsLeft)
    {
        var now = _clock.Elapsed;
        return deadline <= now ? deadline : now + ((deadline - now) / rungsLeft);
    }

    /// <summary>The best 1/eta of a family's settings in this rung (those the budget let it score).</summary>
    private List<CandidateSetting> Promote(List<CandidateSetting> family, IReadOnlyList<(CandidateSetting Setting, FoldAnswers Answers)> results)
    {
        var rung = results.Where(r => family.Contains(r.Setting)).Select(r => (r.Setting, Mean: Mean(r.Answers))).ToList();
        return [.. rung
            .OrderBy(r => MetricNames.BestFirst(_spec.Scoring, r.Mean))
            .Take((int)Math.Ceiling(rung.Count / (double)Eta))
            .Select(r => r.Setting)];
    }

    /// <summary>Settings in turn across families, the family whose default scored best first in each turn, so a budget
    /// that binds still searches every family and spends most where the defaults say it pays.</summary>
    private static List<CandidateSetting> Interleave(IReadOnlyList<List<CandidateSetting>> families) =>
        [.. families.SelectMany(family => family.Select((setting, i) => (setting, i))).OrderBy(pair => pair.i).Select(pair => pair.setting)];

    /// <summary>Time kept for what follows the search: the refit on the whole training part (estimated from the slowest
    /// family's fold fits, scaled to the rows, three times over for fits still running when the deadline comes) and a quarter of
    /// the budget for importance, latency, the report and the process around the run.</summary>
    private TimeSpan Reserve(int trainRows, int fitRows) =>
        TimeSpan.FromSeconds((3 * _secondsPerFold.Values.Select(seconds => seconds.Average()).DefaultIfEmpty(0).Max() * trainRows / Math.Max(1, fitRows))
            + (0.25 * _budget.TotalSeconds));

    /// <summary>Each fold's fit rows cut to <paramref name="share"/> (stratified, seeded); validation rows stay whole.</summary>
    private List<(int[] Fit, int[] Validate)> Subsample(double share, int seed)
    {
        var classes = _data.Type.IsClassification() ? _data.Target.ClassIndex : null;
        return [.. _folds.Select(fold => (Splitter.TrainTest(fold.Fit, 1 - share, classes, seed).Train, fold.Validate))];
    }

    /// <summary>Cross-validates <paramref name="settings"/> in batches that fit before <paramref name="deadline"/> (null:
    /// all of them); returns the ones scored.</summary>
    private List<(CandidateSetting Setting, FoldAnswers Answers)> Evaluate(IReadOnlyList<CandidateSetting> settings,
        IReadOnlyList<(int[] Fit, int[] Validate)> folds, double share, TimeSpan? deadline)
    {
        var scored = new List<(CandidateSetting Setting, FoldAnswers Answers)>();
        var next = 0;
        while (next < settings.Count)
        {
            var left = deadline is { } end ? end - _clock.Elapsed : TimeSpan.MaxValue;
            var batch = Batch(settings, next, folds.Count, share, left);
            if (batch.Count == 0)
            {
                break;
            }

            next += batch.Count;
            var answers = Fit(batch, folds, deadline);
            if (answers is null)
            {
                break;
            }

            scored.AddRange(answers);
            _scored += answers.Count;
            foreach (var (setting, fold) in answers)
            {
                if (!_secondsPerFold.TryGetValue(setting.Name, out var seconds))
                {
                    _secondsPerFold[setting.Name] = seconds = [];
                }

                seconds.Add(fold.Seconds.Average() / share);
                if (share >= 1 && Mean(fold) is var mean && !double.IsNaN(mean)
                    && (double.IsNaN(_best) || MetricNames.Beats(_spec.Scoring, mean, _best)))
                {
                    _best = mean;
                }
            }
        }

        return scored;
    }

    /// <summary>The next settings whose estimated wall time fits in a third of what is left (at least one that fits in all
    /// of it), so a batch the deadline overtakes loses little.</summary>
    private List<CandidateSetting> Batch(IReadOnlyList<CandidateSetting> settings, int from, int folds, double share, TimeSpan left)
    {
        if (left == TimeSpan.MaxValue)
        {
            return [.. settings.Skip(from)];
        }

        var batch = new List<CandidateSetting>();
        var total = 0.0;
        foreach (var setting in settings.Skip(from))
        {
            var cost = (_secondsPerFold.TryGetValue(setting.Name, out var seconds) ? seconds.Average() : 0) * share * folds / Environment.ProcessorCount;
            if (total + cost > left.TotalSeconds || (batch.Count > 0 && total + cost > left.TotalSeconds / 3))
            {
                break;
            }

            batch.Add(setting);
            total += cost;
        }

        return batch;
    }

    /// <summary>Cross-validates one batch; null when the <paramref name="deadline"/> (on the run's clock; null: none)
    /// overtook it. A user error from one setting fits the batch's settings one by one, against the same deadline, and
    /// leaves out those that fail.</summary>
    private List<(CandidateSetting Setting, FoldAnswers Answers)>? Fit(List<CandidateSetting> batch, IReadOnlyList<(int[] Fit, int[] Validate)> folds, TimeSpan? deadline)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken);
        if (deadline is { } end)
        {
            var left = end - _clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            stop.CancelAfter(left);
        }

        try
        {
            try
            {
                var answers = CrossValidation.Run(_data, folds, batch, _spec.Split.Seed, FitDone, stop.Token);
                return [.. batch.Select((setting, i) => (setting, answers[i]))];
            }
            catch (FerryException) when (batch.Count > 1)
            {
                var fitted = new List<(CandidateSetting Setting, FoldAnswers Answers)>();
                foreach (var setting in batch)
                {
                    if (Fit([setting], folds, deadline) is not { } answers)
                    {
                        return fitted.Count > 0 ? fitted : null;
                    }

                    fitted.AddRange(answers);
                }

                return fitted;
            }
            catch (FerryException e)
            {
                _firstError ??= e;
                return [];
            }
        }
        catch (OperationCanceledException) when (!_cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private void FitDone()
    {
        var done = Interlocked.Increment(ref _fitsDone);
        var best = double.IsNaN(_best) ? "" : $", best {_spec.Scoring} {_best.ToString("0.####", CultureInfo.InvariantCulture)}";
        var left = Math.Max(0, (_budget - _clock.Elapsed).TotalSeconds);
        _progress?.Report(new TrainingProgress($"searching ({_scored} settings scored{best}, {left:0} s left of the budget)", done, Math.Max(done, _fitsPlanned)));
    }

    private static string Seconds(TimeSpan budget) => budget.TotalSeconds < 120
        ? $"{budget.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"
        : $"{budget.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min";

    private double Mean(FoldAnswers answers) => ModelSelection.Summarize(_data, _folds, answers.Scores, _spec.Scoring, _spec.Search.LeaveOneOut).Mean;
}
