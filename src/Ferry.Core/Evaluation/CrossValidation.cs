using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Fits every setting on every fold's fit rows and scores the fold's validation rows, the fits spread over every
/// core. A fit refused with a user error (a candidate that cannot fit these rows) is reported as itself.</summary>
internal static class CrossValidation
{
    /// <param name="data">The prepared data.</param>
    /// <param name="folds">The folds: rows to fit on, rows to validate on.</param>
    /// <param name="settings">The candidates and parameters to fit.</param>
    /// <param name="seed">The seed of every fit.</param>
    /// <param name="fitDone">Called after each fit, from the thread that made it.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>Per setting and fold, the validation rows' scores and the fit's seconds.</returns>
    public static FoldAnswers[] Run(TrainingData data, IReadOnlyList<(int[] Fit, int[] Validate)> folds, IReadOnlyList<CandidateSetting> settings,
        int seed, Action? fitDone, CancellationToken cancellationToken)
    {
        var answers = settings.Select(_ => new FoldAnswers(new double[folds.Count][][], new double[folds.Count])).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, settings.Count * folds.Count, options, task =>
            {
                var (s, f) = (task / folds.Count, task % folds.Count);
                var clock = Stopwatch.StartNew();
                var model = ModelTrainer.Fit(data, folds[f].Fit, settings[s], seed, singleThreaded: true);
                answers[s].Seconds[f] = clock.Elapsed.TotalSeconds;
                answers[s].Scores[f] = ModelTrainer.Score(model, data, folds[f].Validate);
                fitDone?.Invoke();
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<FerryException>().FirstOrDefault() is { } userError)
        {
            ExceptionDispatchInfo.Throw(userError);
        }

        return answers;
    }
}
